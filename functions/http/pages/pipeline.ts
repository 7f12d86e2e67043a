import { h } from 'preact';
import { HEADS_AND_MANAGERS } from '#shared/auth/principal.ts';
import { loadPipeline } from '#shared/pipeline/pipeline.ts';
import { listStaff } from '#shared/store/organisation.ts';
import { PipelinePage } from '#shared/views/pipeline.tsx';
import { html } from '../lib/respond.ts';
import { route } from '../lib/route.ts';

export const pipelinePage = route({
  method: 'GET',
  path: '/console/pipeline',
  access: HEADS_AND_MANAGERS,
  handler: async (event, context) => {
    const [pipeline, staff] = await Promise.all([
      loadPipeline(context.deps, event.queryStringParameters ?? {}),
      listStaff(context.deps.db),
    ]);
    const today = context.deps.calendar.localDate(context.deps.clock.now());
    return html(
      h(PipelinePage, {
        ctx: context.view,
        pipeline,
        today,
        names: new Map(staff.map((s) => [s.id, s.name])),
      }),
    );
  },
});
