import { h } from 'preact';
import { RevisitsPage } from '#functions/http/pages/revisits.view.tsx';
import { loadRevisits } from '#shared/needs/revisit-list.ts';
import { html } from '../lib/respond.ts';
import { route } from '../lib/route.ts';

/** The needs awaiting their return visit (回访), for the managers who make it (`need.revisit`). */
export const consoleRevisits = route({
  method: 'GET',
  path: '/console/revisits',
  access: 'need.revisit',
  handler: async (event, context) => {
    const query = event.queryStringParameters ?? {};
    const list = await loadRevisits(context.deps, context.principal.staff.id, query);
    return html(h(RevisitsPage, { ctx: context.view, list, limit: query.limit }));
  },
});
