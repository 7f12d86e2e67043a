import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { newId } from '../domain/ids.ts';
import { trackingDueAt } from '../domain/schedule.ts';
import { nextStage } from '../domain/stage.ts';
import type { Task } from '../domain/work-item.ts';
import type { By } from '../organisation/create.ts';
import { newAudit } from '../store/audit.ts';
import { insertTask } from '../store/tasks.ts';

/**
 * Open the tracking task toward the enterprise's next milestone, owned by its service officer and due on the
 * milestone's planned date (or the default working days from now). Returns undefined once operating.
 */
export async function openTrackingTask(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar'>,
  enterprise: Enterprise,
  officerDepartmentId: string,
  by: By,
): Promise<Task | undefined> {
  const milestone = nextStage(enterprise.stage);
  if (!milestone) return undefined;
  const now = deps.clock.now();
  const dueAt = trackingDueAt(deps.calendar, milestone, enterprise.milestones[milestone].planned, now);
  const task: Task = {
    id: newId(now.getTime()),
    enterpriseId: enterprise.id,
    enterpriseName: enterprise.name,
    industryChain: enterprise.industryChain,
    stage: enterprise.stage,
    kind: 'tracking',
    milestone,
    status: 'open',
    officerId: enterprise.serviceOfficerId,
    departmentId: officerDepartmentId,
    dueAt: dueAt.toISOString(),
    openedAt: now.toISOString(),
    version: 1,
  };
  await insertTask(
    deps.db,
    task,
    newAudit(now, {
      ...by,
      action: 'task.opened',
      enterpriseId: enterprise.id,
      subject: { kind: 'task', id: task.id },
      details: { milestone, dueAt: task.dueAt, officerId: task.officerId },
    }),
  );
  return task;
}
