import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { ConflictError, NotFoundError, NotHolderError } from '../domain/errors.ts';
import { milestoneAdds } from '../domain/indicators.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import type { Need, Task } from '../domain/work-item.ts';
import { logger } from '../log/logger.ts';
import { countMetric } from '../metrics/metrics.ts';
import { createNeed } from '../needs/create.ts';
import { BLOCKED_ACTION, withdrawBlockedNeeds } from '../needs/withdraw.ts';
import type { By } from '../organisation/create.ts';
import { actsForHolder } from '../organisation/substitute.ts';
import { periodOf } from '../scoreboard/periods.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { approvalGrantedItem, enterpriseChange, getEnterprise } from '../store/enterprises.ts';
import { type ScoreAdd, scoreItems } from '../store/scores.ts';
import { closeTaskItem, getTask, getWaitToken, lastVisitCompletedAt } from '../store/tasks.ts';
import { type Guarded, transact } from '../store/write.ts';
import { releaseWait } from '../workflows/release.ts';
import { askApprovers, endPendingMove, moveRequest, originalDueOf } from './due-date-move.ts';
import { localDateOf, visitNotBefore } from './move-rules.ts';
import { TaskReport } from './report.ts';

export type ReportResult =
  | { kind: 'completed'; task: Task; enterprise: Enterprise }
  /** Only for a task that really is completed. */
  | { kind: 'already'; task: Task }
  /** The task was cancelled (its enterprise's service ended): nothing to report, nothing changed. */
  | { kind: 'cancelled'; task: Task }
  /** A progress report: a request to move the due date, stored and sent for approval (the due date stays). */
  | { kind: 'extended'; task: Task }
  | { kind: 'blocker'; task: Task; need: Need };

type ReportDeps = Pick<
  Deps,
  'db' | 'clock' | 'calendar' | 'workflows' | 'files' | 'mailer' | 'links' | 'config'
>;

/**
 * Apply an officer's report to a task. A milestone or a visit completes the task: the completion, the enterprise's
 * new stage, and the audit events are written in one conditional transaction first; only then is the
 * waiting workflow released. A completed task cannot be completed again ("already"), and bad input changes nothing.
 * A write that fails is never reported as done: after a failed condition the task is read again, and only a task
 * that is completed by then is "already"; a cancelled one is "cancelled"; an open one is tried again. Any other
 * failure (a backing service, an item DynamoDB refuses) is thrown, and nothing was written.
 */
export async function reportOnTask(
  deps: ReportDeps,
  ids: { enterpriseId: string; taskId: string },
  input: unknown,
  reporter: { channel: By['channel']; actor?: By['actor'] },
): Promise<ReportResult> {
  const report = parseInput(TaskReport, input);
  for (let attempt = 0; attempt < 3; attempt++) {
    const [task, enterprise] = await Promise.all([
      getTask(deps.db, ids.enterpriseId, ids.taskId),
      getEnterprise(deps.db, ids.enterpriseId),
    ]);
    if (!task || !enterprise) throw new NotFoundError('task', ids.taskId);
    // A report through a link issued to someone who no longer holds the task (nor stands in for its officer)
    // would be credited to the wrong person: refused.
    if (reporter.actor?.kind === 'staff' && !(await actsForHolder(deps, task.officerId, reporter.actor.id)))
      throw new NotHolderError('task', task.id, task.officerId);
    if (task.status === 'completed') return { kind: 'already', task };
    if (task.status === 'cancelled') return { kind: 'cancelled', task };
    await check(deps, report, task, enterprise);
    const by: By = {
      channel: reporter.channel,
      actor: reporter.actor ?? { kind: 'staff', id: task.officerId },
    };
    try {
      const result = await apply(deps, report, task, enterprise, by);
      if (result.kind === 'completed') await release(deps, task);
      // A granted approval no longer blocks anything: the needs its blockers raised are closed by the system.
      if (result.kind === 'completed' && report.outcome === 'approved' && task.approval)
        await withdrawBlockedNeeds(deps, enterprise.id, 'approvalGranted', task.approval);
      return result;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // The task or the enterprise changed while we worked (completed, cancelled, touched by another change): read
      // again, and decide from what is stored then, never from the failed condition's name.
    }
  }
  throw new ConflictError('task', ids.taskId, 'busy');
}

async function check(
  deps: ReportDeps,
  report: TaskReport,
  task: Task,
  enterprise: Enterprise,
): Promise<void> {
  const today = deps.calendar.localDate(deps.clock.now());
  if (report.outcome === 'milestone') {
    if (task.kind !== 'tracking') throw InputError.field('outcome', 'outcome.invalid');
    if (report.actualDate > today) throw InputError.field('actualDate', 'date.future');
    if (report.actualDate < enterprise.stageSince) throw InputError.field('actualDate', 'date.beforeStage');
  }
  if (report.outcome === 'visit') {
    if (task.kind !== 'visit') throw InputError.field('outcome', 'outcome.invalid');
    if (report.visitDate > today) throw InputError.field('visitDate', 'date.future');
    // A visit happens while its task is open: a date before that would backdate it.
    if (report.visitDate < deps.calendar.localDate(new Date(task.openedAt)))
      throw InputError.field('visitDate', 'visit.beforeOpened');
    // Visits keep a minimum interval, counted on the server's clock from when the previous one was reported (the
    // open step records the earliest day on the task; tasks opened before that are checked here).
    const notBefore =
      task.notBefore ??
      visitNotBefore(
        localDateOf(deps, await lastVisitCompletedAt(deps.db, task.enterpriseId)),
        deps.config.VISIT_MIN_INTERVAL_DAYS,
      );
    if (notBefore && today < notBefore) throw InputError.field('visitDate', 'visit.tooSoon');
  }
  if (report.outcome === 'approved') {
    if (task.kind !== 'approval') throw InputError.field('outcome', 'outcome.invalid');
    if (report.approvedDate > today) throw InputError.field('approvedDate', 'date.future');
    // No approval is granted before the site it is for was secured (立项/备案 included).
    if (report.approvedDate < (enterprise.milestones.siteSecured.actual ?? enterprise.stageSince))
      throw InputError.field('approvedDate', 'approval.beforeSite');
  }
  if (report.outcome === 'followUp') {
    if (task.kind !== 'followUp') throw InputError.field('outcome', 'outcome.invalid');
    if (report.nextDate !== undefined && report.nextDate <= today)
      throw InputError.field('nextDate', 'date.notFuture');
    // Talks are followed up within the longest follow-up interval, never left without reminders for years.
    if (report.nextDate !== undefined && report.nextDate > deps.calendar.addWorkingDays(today, 60))
      throw InputError.field('nextDate', 'followUp.tooFar');
  }
  if (report.outcome === 'progress' && report.expectedDate <= today) {
    throw InputError.field('expectedDate', 'date.notFuture');
  }
}

async function apply(
  deps: ReportDeps,
  report: TaskReport,
  task: Task,
  enterprise: Enterprise,
  by: By,
): Promise<ReportResult> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const audit = (action: string, details: Record<string, unknown>, subject = { kind: 'task', id: task.id }) =>
    auditItem(deps.db, newAudit(now, { ...by, action, enterpriseId: enterprise.id, subject, details }));

  if (report.outcome === 'progress') {
    // A request of its own, for someone else to approve: the due date stays until then.
    const request = await moveRequest(deps, task, report, by);
    await transact(deps.db, request.items);
    await askApprovers(deps, request.task, request.move, request.approvers);
    return { kind: 'extended', task: request.task };
  }

  if (report.outcome === 'blocker') {
    const contact = enterprise.contacts[0];
    const need = await createNeed(
      deps,
      enterprise,
      {
        category: report.category,
        title: report.title,
        description: report.description,
        contactName: contact?.name,
        contactPhone: contact?.phone,
      },
      by,
      [],
      // A blocked approval goes to the department that handles the approval.
      task.kind === 'approval' ? { departmentId: task.departmentId } : undefined,
    );
    // The need is linked to the approval it blocks, on the enterprise's record: when the approval is granted or the
    // project stops, the system closes it (`withdrawBlockedNeeds`).
    if (task.kind === 'approval' && task.approval)
      await transact(deps.db, [
        audit(BLOCKED_ACTION, { approval: task.approval, needId: need.id, ref: need.ref }),
      ]).catch((error: unknown) =>
        logger.error('blocked approval: need raised, link not recorded', {
          needId: need.id,
          error: (error as Error).name,
        }),
      );
    return { kind: 'blocker', task, need };
  }

  // A move request still pending is closed with the task: nobody decides a move of a task that is done.
  const pending = await endPendingMove(deps, task, 'completed');
  const items: Guarded[] = [
    closeTaskItem(deps.db, task, {
      status: 'completed',
      at,
      fields: { completion: report, ...pending.fields },
    }),
    ...pending.items,
  ];
  // An approval task runs beside the stage's task: it is not the enterprise's open task.
  let next: Enterprise = {
    ...enterprise,
    ...(task.kind === 'approval' ? {} : { openTaskId: undefined }),
    updatedAt: at,
    version: enterprise.version + 1,
  };
  if (report.outcome === 'followUp') next = { ...next, nextFollowUpOn: report.nextDate };
  if (report.outcome === 'approved' && task.approval) {
    next = {
      ...next,
      approvals: {
        ...enterprise.approvals,
        [task.approval]: { ...enterprise.approvals?.[task.approval], actual: report.approvedDate },
      },
    };
  }
  if (report.outcome === 'milestone' && task.milestone) {
    next = {
      ...next,
      stage: task.milestone,
      stageSince: report.actualDate,
      milestones: {
        ...enterprise.milestones,
        [task.milestone]: { ...enterprise.milestones[task.milestone], actual: report.actualDate },
      },
    };
  }
  items.push(
    // Only from the state read, and only while this is still its open task; an approval writes only its own entry.
    report.outcome === 'approved' && task.approval
      ? approvalGrantedItem(deps.db, enterprise, task.approval, report.approvedDate, at)
      : enterpriseChange(deps.db, enterprise, next, { openTask: task.id }),
    audit('task.completed', { outcome: report.outcome, notes: report.notes }),
  );
  if (report.outcome === 'milestone') {
    items.push(
      audit(
        'enterprise.stageReached',
        { stage: next.stage, actualDate: report.actualDate },
        { kind: 'enterprise', id: enterprise.id },
      ),
    );
  }
  if (report.outcome === 'approved') {
    items.push(
      audit(
        'enterprise.approvalGranted',
        { approval: task.approval, stage: enterprise.stage, approvedDate: report.approvedDate },
        { kind: 'enterprise', id: enterprise.id },
      ),
    );
  }
  // The scoreboard: a task done (on time or not) for the officer's department. Funds in place are not reported
  // here: they come with their evidence (到位资金报送, shared/funds/) and count once verified.
  const scores: ScoreAdd[] = [
    {
      departmentId: task.departmentId,
      period: periodOf(deps.calendar.localDate(now)),
      add: { tasksCompleted: 1, tasksOnTime: at <= (await originalDueOf(deps, task)) ? 1 : 0 },
    },
  ];
  // The stage counts (开工, 竣工, 投产, 纳统): the lead department's, in the month the milestone was reached.
  if (report.outcome === 'milestone' && task.milestone)
    scores.push({
      departmentId: enterprise.lead.departmentId,
      period: periodOf(report.actualDate),
      add: milestoneAdds(task.milestone),
    });
  items.push(...scoreItems(deps.db, scores));
  await transact(deps.db, items);
  countMetric('TaskCompleted');
  if (at > task.dueAt) countMetric('TaskCompletedLate');
  return { kind: 'completed', task: { ...task, status: 'completed', completedAt: at }, enterprise: next };
}

/**
 * Release the workflow waiting on this task. The token is read after the completion is stored: if a new wait
 * stores its token later, that wait finds the task completed and releases itself; if the token had timed out,
 * the reminder step finds the task completed and moves on. Either way the completion is not lost.
 */
async function release(deps: ReportDeps, task: Task): Promise<void> {
  await releaseWait(deps, () => getWaitToken(deps.db, task.enterpriseId, task.id), {
    taskId: task.id,
    completed: true,
  });
}
