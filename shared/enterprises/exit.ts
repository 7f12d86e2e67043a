import { z } from 'zod';
import { can } from '../auth/permissions.ts';
import type { Deps } from '../deps.ts';
import { type Enterprise, Exit } from '../domain/enterprise.ts';
import { NotFoundError } from '../domain/errors.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { leadIdentity } from '../domain/lead.ts';
import { IsoDate, Text } from '../domain/primitives.ts';
import { tellRevivalDuplicate } from '../leads/mail.tsx';
import { endPendingMove } from '../lifecycle/due-date-move.ts';
import { markLifecycleFailed } from '../lifecycle/failed.ts';
import { phaseOfEnterprise } from '../lifecycle/phase.ts';
import { logger } from '../log/logger.ts';
import { withdrawBlockedNeeds } from '../needs/withdraw.ts';
import { actingPerson } from '../organisation/acting.ts';
import type { By } from '../organisation/create.ts';
import { periodOf } from '../scoreboard/periods.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { enterpriseChange, getEnterprise } from '../store/enterprises.ts';
import { type ClaimHolder, claimHolders } from '../store/leads.ts';
import { listStaff } from '../store/organisation.ts';
import { scoreItems } from '../store/scores.ts';
import { closeTaskItem, getWaitToken, openTasksOf } from '../store/tasks.ts';
import { transact } from '../store/write.ts';
import { releaseWait } from '../workflows/release.ts';

type ExitDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'workflows' | 'config' | 'links' | 'mailer'>;

export const ExitInput = z.object({ kind: Exit.shape.kind, reason: Text(500), date: IsoDate });
export const ReviveInput = z.object({ reason: Text(500), investor: Text(100).optional() });

async function load(
  deps: ExitDeps,
  enterpriseId: string,
  action: 'enterprise.exit' | 'enterprise.revive',
  by: By,
) {
  const [enterprise, who] = await Promise.all([
    getEnterprise(deps.db, enterpriseId),
    actingPerson(deps.db, by),
  ]);
  if (!enterprise) throw new NotFoundError('enterprise', enterpriseId);
  if (who !== 'system' && !can(who, action, enterprise))
    throw InputError.field('kind', 'scope.otherDepartment');
  return enterprise;
}

/**
 * Stop a project (终止/退出): its contract terminated or the investor withdrew, on a date, for a reason. Every open
 * task (the stage's, and each approval running in parallel) is cancelled in the same transaction as the status, so
 * nothing is left on a board and no reminder goes out; the lifecycle's waits are released and it ends. The record
 * stays (a manager can reactivate it: `reviveProject`), and the exit is counted for the lead department.
 */
export async function exitProject(
  deps: ExitDeps,
  enterpriseId: string,
  input: unknown,
  by: By,
): Promise<Enterprise> {
  const fields = parseInput(ExitInput, input);
  const enterprise = await load(deps, enterpriseId, 'enterprise.exit', by);
  const now = deps.clock.now();
  if (fields.date > deps.calendar.localDate(now)) throw InputError.field('date', 'date.future');
  // Not before the project's current stage began (a stop cannot be dated into a period already reported).
  if (fields.date < enterprise.stageSince) throw InputError.field('date', 'date.beforeStage');
  if (enterprise.status === 'exited') throw InputError.field('kind', 'enterprise.alreadyExited');
  if (enterprise.status === 'closed') throw InputError.field('kind', 'enterprise.notActive');
  const at = now.toISOString();
  const tasks = await openTasksOf(deps.db, enterprise.id);
  // A move request pending on a task the stop cancels is closed with it.
  const pending = await Promise.all(tasks.map((task) => endPendingMove(deps, task, 'cancelled')));
  const next: Enterprise = {
    ...enterprise,
    status: 'exited',
    exit: { kind: fields.kind, reason: fields.reason, date: fields.date },
    openTaskId: undefined,
    updatedAt: at,
  };
  await transact(deps.db, [
    enterpriseChange(deps.db, enterprise, next),
    ...tasks.map((task, i) =>
      closeTaskItem(deps.db, task, {
        status: 'cancelled',
        at,
        // Why, in words for the task's page: the project stopped (`cause`), and the reason given.
        fields: { completion: { cancelled: fields.reason, cause: 'exited' }, ...pending[i]?.fields },
      }),
    ),
    ...pending.flatMap((p) => p.items),
    auditItem(
      deps.db,
      newAudit(now, {
        ...by,
        action: 'enterprise.exited',
        enterpriseId: enterprise.id,
        subject: { kind: 'enterprise', id: enterprise.id },
        details: { ...fields, stage: enterprise.stage, cancelledTasks: tasks.map((t) => t.id) },
      }),
    ),
    ...scoreItems(deps.db, [
      { departmentId: enterprise.lead.departmentId, period: periodOf(fields.date), add: { exited: 1 } },
    ]),
  ]);
  for (const task of tasks)
    await releaseWait(deps, () => getWaitToken(deps.db, enterprise.id, task.id), {
      taskId: task.id,
      exited: true,
    });
  // A stopped project's blocked approvals block nothing: the needs they raised are closed by the system.
  await withdrawBlockedNeeds(deps, enterprise.id, 'projectStopped');
  return { ...next, version: enterprise.version + 1 };
}

/**
 * Reactivate a stopped project (盘活): a new lifecycle execution starts at the phase it stopped in (the one that was
 * ending, if any, finds itself superseded and ends). A new investor replaces the old (the old stays in the audit
 * event). A paused project is resumed instead.
 */
export async function reviveProject(
  deps: ExitDeps,
  enterpriseId: string,
  input: unknown,
  by: By,
): Promise<Enterprise> {
  const fields = parseInput(ReviveInput, input);
  const enterprise = await load(deps, enterpriseId, 'enterprise.revive', by);
  // A paused project is resumed, not revived (a revival is counted: pausing and reviving must not inflate it).
  if (enterprise.status !== 'exited') throw InputError.field('reason', 'enterprise.notStopped');
  const now = deps.clock.now();
  const at = now.toISOString();
  const generation = (enterprise.lifecycle?.generation ?? 1) + 1;
  // A new investor is checked against the leads' claims as a registration is: one an earlier lead holds (other than
  // the lead this project came from) is flagged — on the revival's audit event and to the lead department's heads —
  // never merged, never refused.
  const duplicate = fields.investor ? await claimedElsewhere(deps, enterprise, fields.investor) : undefined;
  const next: Enterprise = {
    ...enterprise,
    status: 'active',
    exit: undefined,
    ...(fields.investor ? { investor: fields.investor } : {}),
    lifecycle: { generation, status: 'running' },
    updatedAt: at,
  };
  await transact(deps.db, [
    enterpriseChange(deps.db, enterprise, next),
    auditItem(
      deps.db,
      newAudit(now, {
        ...by,
        action: 'enterprise.revived',
        enterpriseId: enterprise.id,
        subject: { kind: 'enterprise', id: enterprise.id },
        details: {
          reason: fields.reason,
          stage: enterprise.stage,
          from: enterprise.status,
          ...(enterprise.exit ? { exit: enterprise.exit } : {}),
          ...(fields.investor ? { investor: { from: enterprise.investor, to: fields.investor } } : {}),
          ...(duplicate ? { duplicateOf: duplicate.leadId } : {}),
        },
      }),
    ),
    ...scoreItems(deps.db, [
      {
        departmentId: enterprise.lead.departmentId,
        period: periodOf(deps.calendar.localDate(now)),
        add: { revived: 1 },
      },
    ]),
  ]);
  if (duplicate)
    await listStaff(deps.db)
      .then((staff) => tellRevivalDuplicate(deps, next, duplicate, staff))
      .catch((error: unknown) =>
        logger.error('could not tell the heads of a revived project’s claimed investor', {
          enterpriseId,
          error: (error as Error).name,
        }),
      );
  try {
    await deps.workflows.startLifecycle({ enterpriseId, generation, phase: phaseOfEnterprise(next).name });
  } catch (error) {
    // The revival is stored: the failure goes on the timeline, where a manager restarts the lifecycle.
    logger.error('could not restart the lifecycle of a revived project', {
      enterpriseId,
      error: (error as Error).name,
    });
    await markLifecycleFailed(deps, enterpriseId, { error: (error as Error).name, cause: 'start' });
  }
  return { ...next, version: enterprise.version + 1 };
}

/** The lead claim that holds an investor's name, when a lead other than the project's own origin holds it. */
async function claimedElsewhere(
  deps: Pick<Deps, 'db'>,
  enterprise: Enterprise,
  investor: string,
): Promise<ClaimHolder | undefined> {
  const identity = await leadIdentity({ investor });
  const [holder] = await claimHolders(deps.db, [{ kind: 'NAME', value: identity.name }]);
  return holder && holder.leadId !== enterprise.origin?.leadId ? holder : undefined;
}
