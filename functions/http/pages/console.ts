import { h } from 'preact';
import { ALL_STAFF } from '#shared/auth/principal.ts';
import { loadBoard } from '#shared/board/board.ts';
import { STAGES } from '#shared/domain/stage.ts';
import { BoardPage } from '#shared/views/board.tsx';
import { html } from '../lib/respond.ts';
import { route } from '../lib/route.ts';

/** The landing page after sign-in: the overdue board for the person's scope. */
export const consoleBoard = route({
  method: 'GET',
  path: '/console',
  access: ALL_STAFF,
  handler: async (event, context) => {
    const query = event.queryStringParameters ?? {};
    const board = await loadBoard(context.deps, context.principal!, query);
    return html(
      h(BoardPage, {
        ctx: context.view,
        board,
        filters: { stage: query.stage, kind: query.kind, industryChain: query.industryChain },
        stages: STAGES,
        canRegister: context.principal!.staff.role !== 'officer',
      }),
    );
  },
});
