import type { Deps } from '#shared/deps.ts';
import type { Task } from '#shared/domain/work-item.ts';
import { reportOnTask } from '#shared/lifecycle/complete.ts';
import { approvalsPending, phaseOfEnterprise } from '#shared/lifecycle/phase.ts';
import type { Db } from '#shared/store/db.ts';
import { getEnterprise } from '#shared/store/enterprises.ts';
import { openTasksOf } from '#shared/store/tasks.ts';

/** What completing a task of each kind reports (a milestone reached, an approval granted, a visit made). */
export function completionOf(task: Task, date: string): Record<string, unknown> {
  if (task.kind === 'approval') return { outcome: 'approved', approvedDate: date };
  if (task.kind === 'visit') return { outcome: 'visit', visitDate: date, notes: '回访正常。' };
  if (task.kind === 'followUp') return { outcome: 'followUp', notes: '继续洽谈。' };
  return { outcome: 'milestone', actualDate: date };
}

/** Grant every approval an enterprise has open (the parallel approvals between site and construction). */
export async function grantApprovals(
  deps: Deps,
  enterpriseId: string,
  date: string,
  idle: () => Promise<void>,
): Promise<Task[]> {
  const open = (await openTasksOf(deps.db, enterpriseId)).filter((t) => t.kind === 'approval');
  for (const task of open)
    await reportOnTask(deps, { enterpriseId, taskId: task.id }, completionOf(task, date), {
      channel: 'email-link',
    });
  await idle();
  return open;
}

/**
 * What is open for an enterprise is exactly what its phase calls for: nothing once it stopped or closed; during the
 * approvals one task per approval still due (never two for one) and no stage task; otherwise the one stage task,
 * the enterprise's `openTaskId`.
 */
export async function expectOpenWork(
  db: Db,
  enterpriseId: string,
  expect: (actual: unknown, message?: string) => { toEqual(v: unknown): void },
): Promise<void> {
  const enterprise = (await getEnterprise(db, enterpriseId))!;
  const open = await openTasksOf(db, enterpriseId);
  const label = `${enterprise.name} (${enterprise.stage}, ${enterprise.status})`;
  if (enterprise.status === 'exited' || enterprise.status === 'closed') {
    expect(
      open.map((t) => t.kind),
      label,
    ).toEqual([]);
    return;
  }
  if (phaseOfEnterprise(enterprise).kind === 'approvals') {
    expect(open.map((t) => t.approval).sort(), label).toEqual(approvalsPending(enterprise).sort());
    expect(enterprise.openTaskId, label).toEqual(undefined);
    return;
  }
  expect(
    open.map((t) => t.id),
    label,
  ).toEqual([enterprise.openTaskId]);
}
