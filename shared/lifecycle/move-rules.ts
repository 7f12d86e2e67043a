import { DateTime } from 'luxon';
import { ZONE } from '../calendar/working-days.ts';
import type { MoveStatus, Task } from '../domain/work-item.ts';

/**
 * The earliest date an aftercare visit may be reported done: `minDays` calendar days after the previous visit
 * (none before the first visit). Dates are Asia/Shanghai calendar dates (YYYY-MM-DD).
 */
/** An instant's date in Asia/Shanghai, by the zone's calendar (undefined stays undefined). */
export const localDateOf = (deps: { calendar: { localDate(at: Date): string } }, at: string | undefined) =>
  at ? deps.calendar.localDate(new Date(at)) : undefined;

export function visitNotBefore(previousVisit: string | undefined, minDays: number): string | undefined {
  if (!previousVisit || minDays <= 0) return undefined;
  return DateTime.fromISO(previousVisit, { zone: ZONE }).plus({ days: minDays }).toISODate() ?? undefined;
}

/** Why an officer may not ask to move this task's due date now (a message key), or undefined if they may. */
export function moveRefusal(
  task: Pick<Task, 'dueAt' | 'move' | 'officerId'>,
  requestedDueAt: string,
): 'task.move.pending' | 'task.move.notLater' | undefined {
  // One request at a time: the officer's pending one is decided first (a second is refused, not put in its place).
  // A request left by someone who no longer holds the task (a reassignment, a hand-over) does not block the new
  // officer: theirs takes its place, and the old one can no longer be decided (`decidable`).
  if (task.move?.status === 'pending' && task.move.requestedBy === task.officerId) return 'task.move.pending';
  if (requestedDueAt <= task.dueAt) return 'task.move.notLater';
  return undefined;
}

/** The request a decision applies to is still the task's current, pending one (else the decision changes nothing). */
export function decidable(
  task: Pick<Task, 'status' | 'move'>,
  move: { id: string; status: MoveStatus },
): 'ok' | 'decided' | 'closed' {
  if (move.status !== 'pending' || task.move?.id !== move.id) return 'decided';
  if (task.status !== 'open') return 'closed';
  return 'ok';
}
