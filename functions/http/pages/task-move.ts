import { h } from 'preact';
import { TaskMovePage } from '#functions/http/pages/task-move.view.tsx';
import { MessagePage } from '#functions/http/ui/message.tsx';
import { InputError } from '#shared/domain/input-error.ts';
import { decideMove, loadMove, type MoveView, parseMoveSubject } from '#shared/lifecycle/due-date-move.ts';
import { moveStateKey } from '#shared/lifecycle/move-rules.ts';
import { formBody } from '../lib/body.ts';
import { linkSubject, refusedLink } from '../lib/refused.ts';
import { html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import type { AppContext } from '../lib/types.ts';
import { shanghaiDate } from './task.view.tsx';

/** The request and approver a link names, if the link is genuine, unexpired and for deciding a due-date move. */
const fromLink = (context: AppContext, token: string | undefined) =>
  linkSubject(context, token, 'task-move', parseMoveSubject);

/** Nobody decides their own request, nor one that is not theirs to decide: a clear 403, nothing changed. */
function forbidden(context: AppContext) {
  return html(
    h(MessagePage, {
      ctx: context.view,
      title: context.t('task.move.page.title'),
      message: context.t('task.move.forbidden'),
      error: true,
    }),
    403,
  );
}

function stateNotice(context: AppContext, view: MoveView): string | undefined {
  if (view.state === 'closed') return context.t('task.move.closed');
  if (view.state === 'decided')
    return context.t('task.move.decided', { state: context.t(moveStateKey(view.move)) });
  return undefined;
}

function page(
  context: AppContext,
  view: MoveView,
  token: string,
  extra: { values?: Record<string, string>; errors?: InputError['fields']; notice?: string } = {},
) {
  return html(
    h(TaskMovePage, {
      ctx: context.view,
      task: view.task,
      move: view.move,
      requesterName: view.requester?.name ?? '—',
      history: view.history,
      decidable: view.state === 'ok',
      token,
      ...extra,
      notice: extra.notice ?? stateNotice(context, view),
    }),
    extra.errors ? 400 : 200,
  );
}

export const taskMovePage = route({
  method: 'GET',
  path: '/task/move',
  access: 'public',
  handler: async (event, context) => {
    const token = event.queryStringParameters?.t ?? '';
    const ids = fromLink(context, token);
    if ('refused' in ids) return refusedLink(context, ids.refused);
    const view = await loadMove(context.deps, ids);
    if (!view.may) return forbidden(context);
    const done = event.queryStringParameters?.done;
    const notice =
      done === 'approved'
        ? context.t('task.move.done.approved', { to: shanghaiDate(view.move.to) })
        : done === 'refused'
          ? context.t('task.move.done.refused', { from: shanghaiDate(view.task.dueAt) })
          : undefined;
    return page(context, view, token, { notice });
  },
});

/** The approver's decision (CSRF-checked by `route()`): approve or refuse; a second decision changes nothing. */
export const taskMoveDecide = route({
  method: 'POST',
  path: '/task/move',
  access: 'public',
  handler: async (event, context) => {
    const form = formBody(event);
    const token = form.t ?? '';
    const ids = fromLink(context, token);
    if ('refused' in ids) return refusedLink(context, ids.refused);
    const input = {
      decision: form.decision,
      ...(form.comment?.trim() ? { comment: form.comment.trim() } : {}),
    };
    try {
      const result = await decideMove(context.deps, ids, input, 'email-link');
      if (result.kind === 'forbidden') return forbidden(context);
      if (result.kind === 'decided' || result.kind === 'closed') return page(context, result.view, token);
      return redirect(`/task/move?${new URLSearchParams({ t: token, done: result.kind })}`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const view = await loadMove(context.deps, ids);
      return page(context, view, token, { values: form, errors: error.fields });
    }
  },
});
