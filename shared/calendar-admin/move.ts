import { itemOwner } from '../board/board.ts';
import type { Deps } from '../deps.ts';
import { ConflictError } from '../domain/errors.ts';
import type { Need, Task } from '../domain/work-item.ts';
import { logger } from '../log/logger.ts';
import { getClocks } from '../needs/clocks.ts';
import type { By } from '../organisation/create.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { type OpenItem, openItems } from '../store/board.ts';
import { getEnterprise } from '../store/enterprises.ts';
import { getNeedWaitToken, needChange } from '../store/needs.ts';
import { listStaff } from '../store/organisation.ts';
import { getWaitToken, taskChange } from '../store/tasks.ts';
import { transact } from '../store/write.ts';
import { releaseWait } from '../workflows/release.ts';
import { type Before, chosenTaskDate, movedNeedClocks, movedTaskDue } from './due-dates.ts';
import { type MovedItem, tellOwnersMoved } from './mail.tsx';

export type { MovedItem };

type MoveDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'config' | 'workflows' | 'mailer' | 'links'>;

/** Open items read per page of the zone's board index (its whole open-items partition is read, page by page). */
const PAGE = 500;

/**
 * After a year's arrangement changed (`old`: the calendars before, `deps.calendar` already the new one): every open
 * item whose due date was computed in working days and comes out differently now is moved — each in its own
 * conditional write with its audit event (an item changed meanwhile is left as its writer made it, counted with the
 * calendar it then had) — its waiting workflow released so its reminders are planned from the new date, and each
 * owner told once, listing what moved. Read from the zone's open-items partition on the board index (no scan): the
 * cost is the zone's open items read once, and one transaction per moved item.
 */
export async function moveOpenDueDates(
  deps: MoveDeps,
  old: Before,
  year: number,
  by: By,
): Promise<MovedItem[]> {
  const table = await getClocks(deps);
  const moved: MovedItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await openItems(deps.db, { kind: 'zone' }, { limit: PAGE, cursor });
    cursor = page.next;
    for (const item of page.items) {
      const done = await moveOne(deps, old, item, table, year, by);
      if (done) moved.push(done);
    }
  } while (cursor);
  if (moved.length)
    await tellOwnersMoved(deps, year, moved, await listStaff(deps.db)).catch((error: unknown) =>
      logger.error('owners not told of moved due dates', { year, error: (error as Error).name }),
    );
  return moved;
}

async function moveOne(
  deps: MoveDeps,
  old: Before,
  item: OpenItem,
  table: Awaited<ReturnType<typeof getClocks>>,
  year: number,
  by: By,
): Promise<MovedItem | undefined> {
  const now = deps.clock.now();
  const audit = (subject: { kind: string; id: string }, details: Record<string, unknown>) =>
    auditItem(
      deps.db,
      newAudit(now, {
        ...by,
        action: 'calendar.dueMoved',
        enterpriseId: item.enterpriseId,
        subject,
        details,
      }),
    );
  try {
    if (item.itemType === 'task') {
      const { itemType: _, ...task } = item;
      const change = movedTaskDue(old, deps.calendar, task as Task, deps.config);
      // Only a candidate costs a read: its enterprise says whether someone planned the date.
      if (!change || chosenTaskDate(await getEnterprise(deps.db, task.enterpriseId), task as Task))
        return undefined;
      const after: Task = { ...(task as Task), ...change };
      await transact(deps.db, [
        taskChange(deps.db, task as Task, after, { open: true }),
        audit({ kind: 'task', id: task.id }, { year, from: task.dueAt, to: after.dueAt }),
      ]);
      await releaseWait(deps, () => getWaitToken(deps.db, task.enterpriseId, task.id), {
        taskId: task.id,
        moved: true,
      });
      return { item: { ...item, ...change }, ownerId: itemOwner(item), from: task.dueAt, to: after.dueAt };
    }
    if (item.itemType === 'need') {
      const { itemType: _, ...need } = item;
      const change = movedNeedClocks(old, deps.calendar, need as Need, table);
      if (!change) return undefined;
      const after: Need = { ...(need as Need), ...change };
      await transact(deps.db, [
        needChange(deps.db, need as Need, after),
        audit({ kind: 'need', id: need.id }, { year, before: pick(need as Need, change), after: change }),
      ]);
      await releaseWait(deps, () => getNeedWaitToken(deps.db, need.enterpriseId, need.id), {
        needId: need.id,
        status: need.status,
      });
      // What the owner sees first: the due time if it moved, else the time limit.
      const from = change.dueAt ? need.dueAt : change.resolveBy ? need.resolveBy : need.firstContactBy;
      const to = change.dueAt ?? change.resolveBy ?? change.firstContactBy;
      return { item: { ...item, ...change }, ownerId: itemOwner(item), from: from ?? '', to: to ?? '' };
    }
    // A part's due date is the day its lead asked for: chosen, it stays.
    return undefined;
  } catch (error) {
    if (error instanceof ConflictError) return undefined;
    throw error;
  }
}

const pick = (need: Need, change: Partial<Need>) =>
  Object.fromEntries(Object.keys(change).map((k) => [k, need[k as keyof Need] ?? null]));
