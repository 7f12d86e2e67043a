import { h } from 'preact';
import { TaskPage } from '#functions/http/pages/task.view.tsx';
import { NotHolderError } from '#shared/domain/errors.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { trafficLight } from '#shared/domain/schedule.ts';
import { reportOnTask } from '#shared/lifecycle/complete.ts';
import { parseTaskSubject } from '#shared/lifecycle/task-link.ts';
import { actsForHolder } from '#shared/organisation/substitute.ts';
import { getEnterpriseFile } from '#shared/store/enterprises.ts';
import { getStaff } from '#shared/store/organisation.ts';
import { getTask } from '#shared/store/tasks.ts';
import { formBody, unflatten } from '../lib/body.ts';
import { HttpError } from '../lib/errors.ts';
import { limitNewNeed } from '../lib/need-limits.ts';
import { linkSubject, movedLink, refusedLink } from '../lib/refused.ts';
import { html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import type { AppContext } from '../lib/types.ts';

type Ids = { enterpriseId: string; taskId: string; officerId: string };

/** The task (and the officer it was issued to) a link names, if the link is genuine, unexpired and for a task. */
const fromLink = (context: AppContext, token: string | undefined) =>
  linkSubject(context, token, 'task', parseTaskSubject);

async function page(
  context: AppContext,
  ids: Ids,
  token: string,
  extra: { values?: Record<string, string>; errors?: InputError['fields']; notice?: string } = {},
) {
  const file = await getEnterpriseFile(context.deps.db, ids.enterpriseId);
  const task = file?.tasks.find((x) => x.id === ids.taskId);
  if (!file || !task) throw new HttpError(404, 'error.notFound');
  // A task reassigned or handed over since the link was sent: the old link shows who holds it now, nothing more.
  // (A substitute's link, while the officer is away, is theirs to act with.)
  if (!(await actsForHolder(context.deps, task.officerId, ids.officerId)))
    return movedLink(context, task.officerId);
  // A completed task shows who reported it: the officer, or a substitute who acted for them (never guessed: an
  // actor that is not a person shows as "—").
  const completion =
    task.status === 'completed'
      ? file.timeline.findLast((e) => e.action === 'task.completed' && e.subject.id === task.id)
      : undefined;
  const reporterId = completion?.actor.kind === 'staff' ? completion.actor.id : undefined;
  const [officer, reporter] = await Promise.all([
    getStaff(context.deps.db, task.officerId),
    reporterId ? getStaff(context.deps.db, reporterId) : undefined,
  ]);
  const due = new Date(task.dueAt);
  return html(
    h(TaskPage, {
      ctx: context.view,
      task,
      enterprise: file.enterprise,
      officerName: officer?.name ?? '—',
      light: trafficLight(context.deps.calendar, due, context.deps.clock.now()),
      dueDate: context.deps.calendar.localDate(due),
      history: file.timeline
        .filter((e) => e.subject.id === task.id || e.subject.kind === 'enterprise')
        .slice(-20)
        .reverse(),
      topics: { tasks: file.tasks },
      completedBy: task.status === 'completed' ? (reporter?.name ?? '—') : undefined,
      token,
      ...extra,
    }),
    extra.errors ? 400 : 200,
  );
}

export const taskPage = route({
  method: 'GET',
  path: '/task',
  access: 'public',
  handler: async (event, context) => {
    const token = event.queryStringParameters?.t ?? '';
    const ids = fromLink(context, token);
    if ('refused' in ids) return refusedLink(context, ids.refused);
    const done = event.queryStringParameters?.done;
    const notice =
      done === 'completed'
        ? context.t('task.done.completed')
        : done === 'extended'
          ? context.t('task.done.extended')
          : done === 'blocker'
            ? context.t('task.done.blocker', { ref: event.queryStringParameters?.ref ?? '' })
            : undefined;
    return page(context, ids, token, { notice });
  },
});

/** The officer's report. Field errors re-render the form with what was typed; a second submission changes nothing. */
export const taskReport = route({
  method: 'POST',
  path: '/task',
  access: 'public',
  handler: async (event, context) => {
    const form = formBody(event);
    const token = form.t ?? '';
    const ids = fromLink(context, token);
    if ('refused' in ids) return refusedLink(context, ids.refused);
    const outcome = form.outcome ?? '';
    // No numeric fields: funds in place are reported with their evidence (到位资金报送), not here.
    const nested = unflatten(form) as Record<string, unknown>;
    const input = { outcome, ...(nested[outcome] as object | undefined) };
    if (outcome === 'blocker') {
      // A stale link is refused before it may use up the enterprise's need allowance.
      const task = await getTask(context.deps.db, ids.enterpriseId, ids.taskId);
      if (task && !(await actsForHolder(context.deps, task.officerId, ids.officerId)))
        return movedLink(context, task.officerId);
      await limitNewNeed(event, context, ids.enterpriseId);
    }
    try {
      // The link is the officer's own: the report is theirs, and only while the task is still theirs.
      const result = await reportOnTask(context.deps, ids, input, {
        channel: 'email-link',
        actor: { kind: 'staff', id: ids.officerId },
      });
      if (result.kind === 'already') return page(context, ids, token, { notice: context.t('task.already') });
      const query = new URLSearchParams({ t: token, done: result.kind });
      if (result.kind === 'blocker') query.set('ref', result.need.ref);
      return redirect(`/task?${query}`);
    } catch (error) {
      if (error instanceof NotHolderError) return movedLink(context, error.holderId);
      if (!(error instanceof InputError)) throw error;
      const errors = error.fields.map((f) => ({
        ...f,
        path: f.path === 'outcome' ? 'outcome' : `${outcome}.${f.path}`,
      }));
      return page(context, ids, token, { values: form, errors });
    }
  },
});
