import { z } from 'zod';
import { can } from '../auth/permissions.ts';
import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { NotFoundError } from '../domain/errors.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { Id, IsoDate, Text } from '../domain/primitives.ts';
import { trackingDueAt } from '../domain/schedule.ts';
import { MILESTONES } from '../domain/stage.ts';
import type { Task } from '../domain/work-item.ts';
import { endPendingMove } from '../lifecycle/due-date-move.ts';
import { moveTaskItem } from '../lifecycle/move.ts';
import { REPLAN_SERVED_DAYS, replanned, servedWithin } from '../lifecycle/move-rules.ts';
import { tellOfficer } from '../lifecycle/notify.ts';
import { phaseOfEnterprise } from '../lifecycle/phase.ts';
import { actingPerson } from '../organisation/acting.ts';
import type { By } from '../organisation/create.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { enterpriseChange, getEnterprise, getEnterpriseFile } from '../store/enterprises.ts';
import { getStaff } from '../store/organisation.ts';
import { closeTaskItem, getTask, getWaitToken, openTasksOf, taskChange, touchTask } from '../store/tasks.ts';
import { transact } from '../store/write.ts';
import { releaseWait } from '../workflows/release.ts';

type ManageDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'workflows' | 'mailer' | 'links'>;

async function load(deps: ManageDeps, enterpriseId: string) {
  const enterprise = await getEnterprise(deps.db, enterpriseId);
  if (!enterprise) throw new NotFoundError('enterprise', enterpriseId);
  const task = enterprise.openTaskId
    ? await getTask(deps.db, enterprise.id, enterprise.openTaskId)
    : undefined;
  return { enterprise, task: task?.status === 'open' ? task : undefined };
}

/**
 * Let the lifecycle re-plan from what the store now says: release its wait; the open step finds the same open
 * task (or none, or a closed enterprise) and waits again with the new schedule. A wait that had already timed out
 * needs nothing: its reminder step reads the store too.
 */
async function nudge(deps: ManageDeps, enterpriseId: string, taskId: string | undefined): Promise<void> {
  if (!taskId) return;
  await releaseWait(deps, () => getWaitToken(deps.db, enterpriseId, taskId), { taskId, nudged: true });
}

const audit = (deps: ManageDeps, by: By, e: Enterprise, action: string, details: Record<string, unknown>) =>
  auditItem(
    deps.db,
    newAudit(deps.clock.now(), {
      ...by,
      action,
      enterpriseId: e.id,
      subject: { kind: 'enterprise', id: e.id },
      details,
    }),
  );

export const Reassign = z.object({ serviceOfficerId: Id });

/** Change the service officer: the open task moves with them and its link is sent to the new officer. */
export async function reassignOfficer(
  deps: ManageDeps,
  enterpriseId: string,
  input: unknown,
  by: By,
): Promise<Enterprise> {
  return (await reassignOfficerMoving(deps, enterpriseId, input, by)).enterprise;
}

/** `reassignOfficer`, saying how many open tasks moved with the enterprise (a hand-over counts them). */
export async function reassignOfficerMoving(
  deps: ManageDeps,
  enterpriseId: string,
  input: unknown,
  by: By,
): Promise<{ enterprise: Enterprise; tasksMoved: number }> {
  const { serviceOfficerId } = parseInput(Reassign, input);
  const [{ enterprise }, officer, who, open] = await Promise.all([
    load(deps, enterpriseId),
    getStaff(deps.db, serviceOfficerId),
    actingPerson(deps.db, by),
    openTasksOf(deps.db, enterpriseId),
  ]);
  if (!officer?.active) throw InputError.field('serviceOfficerId', 'staff.unknown');
  if (who !== 'system' && !can(who, 'work.assignTo', officer))
    throw InputError.field('serviceOfficerId', 'scope.otherDepartment');
  if (officer.id === enterprise.serviceOfficerId) return { enterprise, tasksMoved: 0 };
  const at = deps.clock.now().toISOString();
  const next: Enterprise = {
    ...enterprise,
    serviceOfficerId: officer.id,
    serviceDepartmentId: officer.departmentId,
    updatedAt: at,
  };
  const items = [
    enterpriseChange(deps.db, enterprise, next),
    audit(deps, by, enterprise, 'enterprise.reassigned', {
      from: enterprise.serviceOfficerId,
      to: officer.id,
    }),
  ];
  const tasks = open.filter((t) => movesWithEnterprise(enterprise, t));
  items.push(...tasks.map((t) => moveTaskItem(deps.db, t, officer)));
  await transact(deps.db, items);
  for (const t of tasks) {
    await tellOfficer(deps, t, officer);
    await nudge(deps, enterprise.id, t.id);
  }
  return { enterprise: { ...next, version: enterprise.version + 1 }, tasksMoved: tasks.length };
}

export const ChangePlan = z.object({
  planned: z.object(
    Object.fromEntries(MILESTONES.map((m) => [m, IsoDate.optional()])) as Record<
      (typeof MILESTONES)[number],
      z.ZodOptional<typeof IsoDate>
    >,
  ),
});

/**
 * Change planned milestone dates (a manager's or the serving department head's re-plan); the open task's due date
 * follows its milestone's new date. Each changed milestone keeps its first planned date and counts the change
 * (`replanned`), and the audit event lists each change (from → to), so the pipeline and the history show it.
 *
 * Nobody re-plans work they served: not the enterprise's service officer, and not anyone who served it (as its
 * officer, or holding one of its tasks) in the last REPLAN_SERVED_DAYS days — so reassigning it away, re-planning
 * and reassigning it back does not let anyone move their own deadlines. They ask instead: a due-date move on the
 * task, which their head (a head's: a manager) decides, and which re-plans the milestone when approved.
 */
export async function changePlannedDates(
  deps: ManageDeps,
  enterpriseId: string,
  input: unknown,
  by: By,
): Promise<Enterprise> {
  const { planned } = parseInput(ChangePlan, input);
  const [{ enterprise, task }, who] = await Promise.all([
    load(deps, enterpriseId),
    actingPerson(deps.db, by),
  ]);
  const first = MILESTONES.find((m) => planned[m]) ?? MILESTONES[0];
  if (who !== 'system' && who?.id === enterprise.serviceOfficerId)
    throw InputError.field(`planned.${first}`, 'approval.ownPlan');
  if (who !== 'system' && who) {
    const file = await getEnterpriseFile(deps.db, enterprise.id);
    const cutoff = new Date(deps.clock.now().getTime() - REPLAN_SERVED_DAYS * 86_400_000).toISOString();
    if (file && servedWithin(who.id, file, cutoff))
      throw InputError.field(`planned.${first}`, 'approval.servedRecently');
  }
  const milestones = structuredClone(enterprise.milestones);
  const changes: { milestone: string; from?: string; to: string }[] = [];
  for (const m of MILESTONES) {
    const date = planned[m];
    if (!date || milestones[m].actual || milestones[m].planned === date) continue;
    changes.push({
      milestone: m,
      ...(milestones[m].planned ? { from: milestones[m].planned } : {}),
      to: date,
    });
    milestones[m] = replanned(milestones[m], date);
  }
  let previous = enterprise.signedAt ?? enterprise.stageSince;
  for (const m of MILESTONES) {
    const date = milestones[m].actual ?? milestones[m].planned;
    if (!date) continue;
    if (date < previous) throw InputError.field(`planned.${m}`, 'planned.order');
    previous = date;
  }
  if (!changes.length) return enterprise;
  const at = deps.clock.now();
  const next: Enterprise = { ...enterprise, milestones, updatedAt: at.toISOString() };
  const items = [
    enterpriseChange(deps.db, enterprise, next),
    audit(deps, by, enterprise, 'enterprise.planChanged', { planned, changes }),
  ];
  let moved = false;
  if (task?.kind === 'tracking' && task.milestone && changes.some((c) => c.milestone === task.milestone)) {
    const dueAt = trackingDueAt(
      deps.calendar,
      task.milestone,
      milestones[task.milestone].planned,
      at,
    ).toISOString();
    if (dueAt !== task.dueAt) {
      moved = true;
      items.push(taskChange(deps.db, task, { ...task, dueAt }));
    }
  }
  await transact(deps.db, items);
  if (moved) await nudge(deps, enterprise.id, task?.id);
  return { ...next, version: enterprise.version + 1 };
}

export const Reason = z.object({ reason: Text(500) });

/** Move an enterprise between active and paused, with its audit event, and let the lifecycle re-plan. */
async function changeStatus(
  deps: ManageDeps,
  enterpriseId: string,
  change: {
    from: Enterprise['status'];
    to: Enterprise['status'];
    refusal: string;
    action: string;
    details: Record<string, unknown>;
  },
  by: By,
): Promise<Enterprise> {
  const { enterprise } = await load(deps, enterpriseId);
  if (enterprise.status !== change.from) throw InputError.field('reason', change.refusal);
  // The stage's task and any approvals running beside it.
  const tasks = await openTasksOf(deps.db, enterprise.id);
  const next: Enterprise = { ...enterprise, status: change.to, updatedAt: deps.clock.now().toISOString() };
  await transact(deps.db, [
    enterpriseChange(deps.db, enterprise, next),
    audit(deps, by, enterprise, change.action, change.details),
    // The open tasks are touched too (their version moves on), so a wait that begins after the nudge below sees the
    // change and re-plans instead of keeping a plan made before the pause or resume.
    ...tasks.map((task) => touchTask(deps.db, task)),
  ]);
  for (const task of tasks) await nudge(deps, enterprise.id, task.id);
  return { ...next, version: enterprise.version + 1 };
}

/** Pause: no reminders or escalations until resumed. The officer can still report on the open task. */
export async function pauseEnterprise(deps: ManageDeps, enterpriseId: string, input: unknown, by: By) {
  const { reason } = parseInput(Reason, input);
  const change = {
    from: 'active',
    to: 'paused',
    refusal: 'enterprise.notActive',
    action: 'enterprise.paused',
    details: { reason },
  } as const;
  return changeStatus(deps, enterpriseId, change, by);
}

export async function resumeEnterprise(deps: ManageDeps, enterpriseId: string, by: By) {
  const change = {
    from: 'paused',
    to: 'active',
    refusal: 'enterprise.notPaused',
    action: 'enterprise.resumed',
    details: {},
  } as const;
  return changeStatus(deps, enterpriseId, change, by);
}

/** Close: the open task is cancelled and the lifecycle ends. */
export async function closeEnterprise(
  deps: ManageDeps,
  enterpriseId: string,
  input: unknown,
  by: By,
): Promise<Enterprise> {
  const { reason } = parseInput(Reason, input);
  const { enterprise } = await load(deps, enterpriseId);
  if (enterprise.status === 'closed') return enterprise;
  const at = deps.clock.now().toISOString();
  // Every open task: the stage's, and each approval running beside it.
  const tasks = await openTasksOf(deps.db, enterprise.id);
  // A move request pending on a task the close cancels is closed with it.
  const pending = await Promise.all(tasks.map((task) => endPendingMove(deps, task, 'cancelled')));
  const next: Enterprise = { ...enterprise, status: 'closed', openTaskId: undefined, updatedAt: at };
  const items = [
    enterpriseChange(deps.db, enterprise, next),
    audit(deps, by, enterprise, 'enterprise.closed', { reason }),
    ...pending.flatMap((p) => p.items),
    ...tasks.map((task, i) =>
      closeTaskItem(deps.db, task, {
        status: 'cancelled',
        at,
        fields: { completion: { cancelled: reason, cause: 'closed' }, ...pending[i]?.fields },
      }),
    ),
  ];
  await transact(deps.db, items);
  for (const task of tasks) await nudge(deps, enterprise.id, task.id);
  return { ...next, version: enterprise.version + 1 };
}

/**
 * Restart a lifecycle whose execution failed (after its retries): a new execution with the next generation,
 * which picks up from the enterprise's current stage and open task in the table.
 */
export async function restartLifecycle(deps: ManageDeps, enterpriseId: string, by: By): Promise<Enterprise> {
  const { enterprise } = await load(deps, enterpriseId);
  if (enterprise.lifecycle?.status !== 'failed') throw InputError.field('lifecycle', 'lifecycle.notFailed');
  const generation = enterprise.lifecycle.generation + 1;
  const next: Enterprise = {
    ...enterprise,
    lifecycle: { generation, status: 'running' },
    updatedAt: deps.clock.now().toISOString(),
  };
  await transact(deps.db, [
    enterpriseChange(deps.db, enterprise, next),
    audit(deps, by, enterprise, 'lifecycle.restarted', { generation }),
  ]);
  await deps.workflows.startLifecycle({ enterpriseId, generation, phase: phaseOfEnterprise(next).name });
  return { ...next, version: enterprise.version + 1 };
}

/**
 * Which open tasks move when an enterprise gets another service officer: the stage's task (whoever holds it — the
 * officer, or a substitute while they are away) and any approval the officer held (one no department was routed to).
 */
function movesWithEnterprise(
  enterprise: Pick<Enterprise, 'serviceOfficerId' | 'openTaskId'>,
  task: Pick<Task, 'id' | 'officerId'>,
): boolean {
  return task.officerId === enterprise.serviceOfficerId || task.id === enterprise.openTaskId;
}
