import { z } from 'zod';
import { can } from '../auth/permissions.ts';
import type { Deps } from '../deps.ts';
import { approversOf } from '../domain/approval.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import type { Staff } from '../domain/organisation.ts';
import { Text } from '../domain/primitives.ts';
import { type DueDateMove, moveSummary, type Task } from '../domain/work-item.ts';
import { logger } from '../log/logger.ts';
import { sendToStaff } from '../mail/office-hours.ts';
import { recipientOf } from '../notify/channel.ts';
import type { By } from '../organisation/create.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { enterpriseChange, getEnterprise, getEnterpriseFile } from '../store/enterprises.ts';
import { listStaff } from '../store/organisation.ts';
import { getMove, moveChange, moveItem, movesOf } from '../store/task-moves.ts';
import { getTask, getWaitToken, taskChange } from '../store/tasks.ts';
import { type Guarded, transact } from '../store/write.ts';
import { releaseWait } from '../workflows/release.ts';
import { taskMoveDecidedMail, taskMoveMail } from './mail.tsx';
import { decidable, dueBeforeMoves, moveRefusal, type Replan, replanned, replansFrom } from './move-rules.ts';
import { taskLink } from './task-link.ts';

type MoveDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'workflows' | 'mailer' | 'links'>;

const LINK_DAYS = 30;

/** An approver's link to decide one request: signed for `task-move`, naming the request and the approver. */
export function moveLink(
  deps: Pick<Deps, 'links' | 'clock'>,
  move: Pick<DueDateMove, 'enterpriseId' | 'taskId' | 'id'>,
  approverId: string,
): string {
  const expires = new Date(deps.clock.now().getTime() + LINK_DAYS * 86_400_000);
  const subject = `${move.enterpriseId}/${move.taskId}/${move.id}/${approverId}`;
  return deps.links.url('/task/move', deps.links.sign('task-move', subject, expires));
}

export type MoveIds = { enterpriseId: string; taskId: string; moveId: string; approverId: string };

export function parseMoveSubject(subject: string): MoveIds | undefined {
  const [enterpriseId, taskId, moveId, approverId, ...rest] = subject.split('/');
  return enterpriseId && taskId && moveId && approverId && !rest.length
    ? { enterpriseId, taskId, moveId, approverId }
    : undefined;
}

/**
 * An officer's progress report: a request to move the task's due date to the expected date, for someone else to
 * decide (the officer's department head; a manager if the officer is a head or the department has none; never the
 * requester). Written with the task's summary of it and its audit event, on condition that the task is still open
 * and unchanged; the task keeps its due date until the request is approved. Returns the items and who to ask.
 */
export async function moveRequest(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar'>,
  task: Task,
  report: { expectedDate: string; reason: string; notes?: string },
  by: By,
): Promise<{ items: Guarded[]; move: DueDateMove; task: Task; approvers: Staff[] }> {
  const now = deps.clock.now();
  const to = deps.calendar.closeOfBusiness(deps.calendar.onOrAfter(report.expectedDate)).toISOString();
  const refusal = moveRefusal(task, to);
  if (refusal) throw InputError.field('expectedDate', refusal);
  const staff = await listStaff(deps.db);
  const requesterId = by.actor.id ?? task.officerId;
  const approvers = approversOf(
    staff,
    staff.find((s) => s.id === requesterId),
    task.departmentId,
    deps.calendar.localDate(now),
  );
  if (!approvers.length) throw InputError.field('expectedDate', 'task.move.noApprover');
  const move: DueDateMove = {
    id: newId(now.getTime()),
    enterpriseId: task.enterpriseId,
    taskId: task.id,
    requestedBy: requesterId,
    requestedAt: now.toISOString(),
    from: task.dueAt,
    to,
    expectedDate: report.expectedDate,
    reason: report.reason,
    ...(report.notes ? { notes: report.notes } : {}),
    approverIds: approvers.map((a) => a.id),
    status: 'pending',
    version: 1,
  };
  const next: Task = { ...task, move: moveSummary(move) };
  const items = [
    taskChange(deps.db, task, next, { open: true }),
    moveItem(deps.db, move),
    auditItem(
      deps.db,
      newAudit(now, {
        ...by,
        action: 'task.moveRequested',
        enterpriseId: task.enterpriseId,
        subject: { kind: 'task', id: task.id },
        details: { move: move.id, from: move.from, to, reason: report.reason, notes: report.notes },
      }),
    ),
  ];
  return { items, move, task: { ...next, version: task.version + 1 }, approvers };
}

/**
 * Ask each approver, in their language and with a link of their own (staff mail waits for office hours). Called once
 * the request is stored: a failure here is logged, never reported as the request failing (it did not).
 */
export async function askApprovers(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar' | 'mailer' | 'links'>,
  task: Task,
  move: DueDateMove,
  approvers: Staff[],
): Promise<void> {
  try {
    await mailApprovers(deps, task, move, approvers);
  } catch (error) {
    logger.error('move request stored, approvers not mailed', {
      move: move.id,
      error: (error as Error).name,
    });
  }
}

async function mailApprovers(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar' | 'mailer' | 'links'>,
  task: Task,
  move: DueDateMove,
  approvers: Staff[],
): Promise<void> {
  const staff = await listStaff(deps.db);
  const officer = staff.find((s) => s.id === move.requestedBy)?.name ?? '';
  for (const approver of approvers) {
    await sendToStaff(
      deps,
      taskMoveMail({
        locale: approver.locale ?? 'zh-CN',
        to: recipientOf(approver),
        name: approver.name,
        officer,
        enterprise: task.enterpriseName,
        task,
        from: deps.calendar.localDate(new Date(move.from)),
        due: deps.calendar.localDate(new Date(move.to)),
        reason: move.reason,
        url: moveLink(deps, move, approver.id),
      }),
    );
  }
}

/** What an approver's link shows: the task, the request, and whether this person may decide it now. */
export interface MoveView {
  task: Task;
  move: DueDateMove;
  approver?: Staff;
  requester?: Staff;
  may: boolean;
  state: ReturnType<typeof decidable>;
  /** Every request made on this task, oldest first (one Query on the task's own range). */
  history: DueDateMove[];
}

export async function loadMove(deps: Pick<Deps, 'db'>, ids: MoveIds): Promise<MoveView> {
  const [task, move, staff, history] = await Promise.all([
    getTask(deps.db, ids.enterpriseId, ids.taskId),
    getMove(deps.db, ids),
    listStaff(deps.db),
    movesOf(deps.db, ids.enterpriseId, ids.taskId),
  ]);
  if (!task || !move) throw new NotFoundError('taskMove', ids.moveId);
  const approver = staff.find((s) => s.id === ids.approverId);
  const requester = staff.find((s) => s.id === move.requestedBy);
  const may = can(approver, 'task.decideMove', {
    departmentId: task.departmentId,
    requester,
  });
  return { task, move, approver, requester, may, state: decidable(task, move), history };
}

export const MoveDecision = z.object({
  decision: z.enum(['approve', 'refuse'], { error: 'field.invalid' }),
  comment: Text(500).optional(),
});

export type DecideResult =
  | { kind: 'forbidden' }
  | { kind: 'decided' | 'closed'; view: MoveView }
  | { kind: 'approved' | 'refused'; task: Task; move: DueDateMove };

/**
 * What an approved move changes on the enterprise: the planned date of the milestone a tracking task works toward
 * becomes the requested date (its first planned date kept, the change counted), unless it was reached meanwhile.
 * For an approval task, that approval's planned date (`approvalReplanOf`). Undefined when the plan does not change
 * (a visit, a follow-up, a reached milestone or granted approval, the same date).
 */
export function replanOf(
  enterprise: Enterprise | undefined,
  task: Pick<Task, 'kind' | 'milestone' | 'approval'>,
  move: Pick<DueDateMove, 'expectedDate'>,
): Replanned | undefined {
  if (task.kind === 'approval') return approvalReplanOf(enterprise, task, move);
  const m = task.kind === 'tracking' ? task.milestone : undefined;
  if (!enterprise || !m || enterprise.milestones[m].actual) return undefined;
  const before = enterprise.milestones[m];
  const after = replanned(before, move.expectedDate);
  if (after === before) return undefined;
  return {
    next: { ...enterprise, milestones: { ...enterprise.milestones, [m]: after } },
    milestone: m,
    ...(before.planned ? { from: before.planned } : {}),
    to: move.expectedDate,
  };
}

type Replanned =
  | {
      next: Enterprise;
      milestone: NonNullable<Task['milestone']>;
      approval?: never;
      from?: string;
      to: string;
    }
  | {
      next: Enterprise;
      approval: NonNullable<Task['approval']>;
      milestone?: never;
      from?: string;
      to: string;
    };

/**
 * What an approved move of an approval task changes on the enterprise: that approval's planned date becomes the
 * requested date, unless it was granted meanwhile (undefined then, and for the same date).
 */
function approvalReplanOf(
  enterprise: Enterprise | undefined,
  task: Pick<Task, 'approval'>,
  move: Pick<DueDateMove, 'expectedDate'>,
): Replanned | undefined {
  const a = task.approval;
  if (!enterprise || !a) return undefined;
  const before = enterprise.approvals[a] ?? {};
  if (before.actual || before.planned === move.expectedDate) return undefined;
  return {
    next: {
      ...enterprise,
      approvals: { ...enterprise.approvals, [a]: { ...before, planned: move.expectedDate } },
    },
    approval: a,
    ...(before.planned ? { from: before.planned } : {}),
    to: move.expectedDate,
  };
}

/**
 * A task that ends (completed, or cancelled with its project) while its latest move request is still pending: the
 * request is closed undecided (`refused`, with `closedReason` saying how the task ended, no decider), so no page or
 * board shows it as awaiting a decision any more. The items to write with the task's closing (on condition that the
 * request is unchanged) and the task's new summary of it; nothing for a task without a pending request.
 */
export async function endPendingMove(
  deps: Pick<Deps, 'db' | 'clock'>,
  task: Pick<Task, 'enterpriseId' | 'id' | 'move'>,
  ended: 'completed' | 'cancelled',
): Promise<{ items: Guarded[]; fields: { move?: ReturnType<typeof moveSummary> } }> {
  if (task.move?.status !== 'pending') return { items: [], fields: {} };
  const move = await getMove(deps.db, {
    enterpriseId: task.enterpriseId,
    taskId: task.id,
    moveId: task.move.id,
  });
  if (move?.status !== 'pending') return { items: [], fields: {} };
  const closed: DueDateMove = {
    ...move,
    status: 'refused',
    closedReason: ended,
    decidedAt: deps.clock.now().toISOString(),
    version: move.version + 1,
  };
  return { items: [moveChange(deps.db, move, closed)], fields: { move: moveSummary(closed) } };
}

/**
 * Approve (the task's due date moves to the requested one) or refuse a pending request, as the approver the link
 * names, if they may (`task.decideMove`: never the requester). The request, the task and the audit event are written
 * together, only from the state read; an approval of a tracking task also re-plans the milestone it tracks on the
 * enterprise (`enterprise.replanned`, from → to, with the request, its reason and who decided), in the same
 * transaction. Then the waiting lifecycle is released so it re-plans its reminders from the new due date. A request
 * already decided, or whose task is closed, changes nothing.
 */
export async function decideMove(
  deps: MoveDeps,
  ids: MoveIds,
  input: unknown,
  channel: By['channel'],
): Promise<DecideResult> {
  const { decision, comment } = parseInput(MoveDecision, input);
  for (let attempt = 0; attempt < 3; attempt++) {
    const [view, enterprise] = await Promise.all([
      loadMove(deps, ids),
      decision === 'approve' ? getEnterprise(deps.db, ids.enterpriseId) : undefined,
    ]);
    if (!view.may || !view.approver) return { kind: 'forbidden' };
    if (view.state !== 'ok') return { kind: view.state, view };
    const { task, move } = view;
    const now = deps.clock.now();
    const actor = { kind: 'staff' as const, id: view.approver.id };
    const decided: DueDateMove = {
      ...move,
      status: decision === 'approve' ? 'approved' : 'refused',
      decidedBy: view.approver.id,
      decidedAt: now.toISOString(),
      version: move.version + 1,
    };
    const next: Task = {
      ...task,
      move: moveSummary(decided),
      ...(decision === 'approve' ? { dueAt: move.to } : {}),
    };
    const replan = decision === 'approve' && enterprise ? replanOf(enterprise, task, move) : undefined;
    try {
      await transact(deps.db, [
        moveChange(deps.db, move, decided),
        taskChange(deps.db, task, next, { open: true }),
        auditItem(
          deps.db,
          newAudit(now, {
            actor,
            channel,
            action: decision === 'approve' ? 'task.moveApproved' : 'task.moveRefused',
            enterpriseId: task.enterpriseId,
            subject: { kind: 'task', id: task.id },
            details: { move: move.id, from: task.dueAt, to: move.to, requestedBy: move.requestedBy, comment },
          }),
        ),
        ...(replan && enterprise
          ? [
              enterpriseChange(deps.db, enterprise, { ...replan.next, updatedAt: now.toISOString() }),
              auditItem(
                deps.db,
                newAudit(now, {
                  actor,
                  channel,
                  action: 'enterprise.replanned',
                  enterpriseId: task.enterpriseId,
                  subject: { kind: 'enterprise', id: task.enterpriseId },
                  details: {
                    ...(replan.approval ? { approval: replan.approval } : { milestone: replan.milestone }),
                    from: replan.from,
                    to: replan.to,
                    task: task.id,
                    move: move.id,
                    reason: move.reason,
                    requestedBy: move.requestedBy,
                    decidedBy: view.approver.id,
                  },
                }),
              ),
            ]
          : []),
      ]);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      continue; // the task, the request or the enterprise changed meanwhile: read again and re-check
    }
    if (decision === 'approve') {
      // The wait's timeout was planned from the old due date: let the lifecycle re-plan from the new one.
      await releaseWait(deps, () => getWaitToken(deps.db, task.enterpriseId, task.id), {
        taskId: task.id,
        moved: true,
      });
    }
    await tellRequester(deps, { ...next, version: task.version + 1 }, decided, view);
    return {
      kind: decided.status,
      task: { ...next, version: task.version + 1 },
      move: decided,
    } as DecideResult;
  }
  throw new ConflictError('taskMove', ids.moveId, 'busy');
}

/**
 * Every change of an enterprise's planned milestone dates, oldest first — approved moves and managers' re-plans —
 * from its audit events (one Query of its partition). Empty for an enterprise that does not exist.
 */
export async function replanHistory(deps: Pick<Deps, 'db'>, enterpriseId: string): Promise<Replan[]> {
  const file = await getEnterpriseFile(deps.db, enterpriseId);
  return file ? replansFrom(file.timeline) : [];
}

/** Tell the officer who asked what became of their request, with the task's link (office hours, like all staff mail). */
async function tellRequester(deps: MoveDeps, task: Task, move: DueDateMove, view: MoveView): Promise<void> {
  const officer = view.requester;
  if (!officer?.active || officer.id !== task.officerId) return;
  await sendToStaff(
    deps,
    taskMoveDecidedMail({
      locale: officer.locale ?? 'zh-CN',
      to: recipientOf(officer),
      name: officer.name,
      approver: view.approver?.name ?? '',
      enterprise: task.enterpriseName,
      task,
      approved: move.status === 'approved',
      due: deps.calendar.localDate(new Date(task.dueAt)),
      requested: deps.calendar.localDate(new Date(move.to)),
      url: taskLink(deps, task),
    }),
  ).catch((error: Error) =>
    // The decision is stored: a mail that cannot go out now is logged, not reported as the decision failing.
    logger.error('move decided, officer not mailed', { move: move.id, error: error.name }),
  );
}

/**
 * The due date a task's completion is judged on time against (see `dueBeforeMoves`): no read for a task that keeps
 * its original due date or was never asked to move; otherwise one Query of its move requests.
 */
export async function originalDueOf(
  deps: Pick<Deps, 'db'>,
  task: Pick<Task, 'enterpriseId' | 'id' | 'dueAt' | 'originalDueAt' | 'move'>,
): Promise<string> {
  if (task.originalDueAt || !task.move) return task.originalDueAt ?? task.dueAt;
  return dueBeforeMoves(task, await movesOf(deps.db, task.enterpriseId, task.id));
}
