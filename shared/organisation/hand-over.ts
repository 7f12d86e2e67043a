import { z } from 'zod';
import { can, inReach } from '../auth/permissions.ts';
import type { Deps } from '../deps.ts';
import { ConflictError } from '../domain/errors.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import type { Staff } from '../domain/organisation.ts';
import { Id } from '../domain/primitives.ts';
import type { Task } from '../domain/work-item.ts';
import { reassignOfficerMoving } from '../enterprises/manage.ts';
import { moveTaskItem } from '../lifecycle/move.ts';
import { tellOfficer } from '../lifecycle/notify.ts';
import { handOverNeed } from '../needs/hand-over.ts';
import { handOverPart } from '../needs/parts.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { allOpenItemsOf } from '../store/board.ts';
import { enterpriseIdsServedBy } from '../store/enterprises.ts';
import { listStaff } from '../store/organisation.ts';
import { transact } from '../store/write.ts';
import { actingPerson } from './acting.ts';
import type { By } from './create.ts';

export const HandOver = z
  .object({ fromId: Id, toId: Id })
  .refine((v) => v.fromId !== v.toId, { path: ['toId'], message: 'handOver.same' });

/** What moved, each kind counted as itself: a part (协办事项) is not a need, nor a task an enterprise. */
export interface HandOverResult {
  enterprises: number;
  tasks: number;
  needs: number;
  /** Parts of other departments' needs this person answered for as their department's head. */
  parts: number;
}

type HandOverDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'workflows' | 'mailer' | 'links' | 'config'>;

/**
 * Give all of one staff member's work to another (e.g. when someone leaves): the enterprises they serve (with
 * their open tasks and every later task), then any other open task or need they still own. Each move is its own
 * audited, conditional write and each new owner gets their links by email; a failure part-way leaves every item
 * with exactly one owner, and running it again moves the rest.
 */
export async function handOver(deps: HandOverDeps, input: unknown, by: By): Promise<HandOverResult> {
  const { fromId, toId } = parseInput(HandOver, input);
  const [staff, who] = await Promise.all([listStaff(deps.db), actingPerson(deps.db, by)]);
  const from = staff.find((s) => s.id === fromId);
  const to = staff.find((s) => s.id === toId);
  if (!from) throw InputError.field('fromId', 'staff.unknown');
  if (!to?.active) throw InputError.field('toId', 'staff.unknown');
  // As the acting person stands: a head hands over within their department, to one of its people (never to a
  // manager), the same rule as reassigning one enterprise; a manager anywhere.
  if (who !== 'system') {
    const problems = [];
    if (!inReach(who, from.departmentId)) problems.push({ path: 'fromId', message: 'staff.notInDepartment' });
    if (!inReach(who, to.departmentId)) problems.push({ path: 'toId', message: 'staff.notInDepartment' });
    else if (!can(who, 'work.assignTo', to))
      problems.push({ path: 'toId', message: 'scope.otherDepartment' });
    if (problems.length) throw new InputError(problems);
  }

  const result: HandOverResult = { enterprises: 0, tasks: 0, needs: 0, parts: 0 };
  for (const enterpriseId of await enterpriseIdsServedBy(deps.db, from.id)) {
    // The open tasks there move with the enterprise (its stage's task, whoever holds it; approvals they held): they
    // count as tasks handed over, or the banner says none moved while every one of them did.
    const { tasksMoved } = await reassignOfficerMoving(deps, enterpriseId, { serviceOfficerId: to.id }, by);
    result.enterprises++;
    result.tasks += tasksMoved;
  }
  // What is left: tasks they hold as someone's substitute, needs they own, and parts they answer for.
  for (const item of await allOpenItemsOf(deps.db, from.id)) {
    if (item.itemType === 'part') {
      if (await handOverPart(deps, item, to, by)) result.parts++;
    } else if (item.itemType === 'task') {
      if (await moveTask(deps, item, to, by)) result.tasks++;
    } else {
      const moved = await handOverNeed(deps, { enterpriseId: item.enterpriseId, needId: item.id }, to, by);
      if (moved.kind === 'done') result.needs++;
    }
  }
  return result;
}

/** Move one open task to another officer, tell them, and record it. False if it closed meanwhile. */
async function moveTask(deps: HandOverDeps, task: Task, to: Staff, by: By): Promise<boolean> {
  try {
    await transact(deps.db, [
      moveTaskItem(deps.db, task, to),
      auditItem(
        deps.db,
        newAudit(deps.clock.now(), {
          ...by,
          action: 'task.handedOver',
          enterpriseId: task.enterpriseId,
          subject: { kind: 'task', id: task.id },
          details: { from: task.officerId, to: to.id },
        }),
      ),
    ]);
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
  await tellOfficer(deps, { ...task, officerId: to.id, departmentId: to.departmentId }, to);
  return true;
}
