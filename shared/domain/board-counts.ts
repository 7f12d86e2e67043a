import { z } from 'zod';
import type { Calendar } from '../calendar/working-days.ts';
import { trafficLight } from './schedule.ts';

const Count = z.object({ overdue: z.number().int().min(0), dueSoon: z.number().int().min(0) });
export type Count = z.infer<typeof Count>;

/**
 * How many open items are overdue and due soon (the board's red and yellow), over the whole zone, each department's
 * board and each holder's, as of `at`: what a board's summary shows whatever page it is on.
 */
export const BoardCounts = z.object({
  at: z.string(),
  zone: Count,
  departments: z.record(z.string(), Count),
  owners: z.record(z.string(), Count),
});
export type BoardCounts = z.infer<typeof BoardCounts>;

/** The scope a board lists, as its counts are kept. */
export type CountScope =
  | { kind: 'zone' }
  | { kind: 'department'; id: string }
  | { kind: 'officer'; id: string };

/** Where the counts look: items due by the end of the yellow window (`trafficLight`'s), as an ISO time. */
export function countsHorizon(calendar: Calendar, now: Date, yellowWorkingDays = 2): string {
  return calendar
    .closeOfBusiness(calendar.addWorkingDays(calendar.localDate(now), yellowWorkingDays))
    .toISOString();
}

/** Count the items due by the horizon by the board's own lights: red overdue, yellow due soon. Pure. */
export function countBoards(
  calendar: Calendar,
  now: Date,
  items: readonly { dueAt: string; departmentId: string; ownerId: string }[],
): BoardCounts {
  const counts: BoardCounts = { at: now.toISOString(), zone: zero(), departments: {}, owners: {} };
  for (const item of items) {
    const light = trafficLight(calendar, new Date(item.dueAt), now);
    if (light === 'green') continue;
    const field = light === 'red' ? 'overdue' : 'dueSoon';
    counts.zone[field]++;
    if (item.departmentId) add(counts.departments, item.departmentId, field);
    if (item.ownerId) add(counts.owners, item.ownerId, field);
  }
  return counts;
}

function add(counts: Record<string, Count>, id: string, field: keyof Count): void {
  const count = counts[id] ?? zero();
  count[field]++;
  counts[id] = count;
}

/** A board's own counts: its scope's (nothing listed: zero). */
export function countsOf(counts: BoardCounts, scope: CountScope): Count {
  if (scope.kind === 'zone') return counts.zone;
  const of = scope.kind === 'department' ? counts.departments : counts.owners;
  return of[scope.id] ?? zero();
}

const zero = (): Count => ({ overdue: 0, dueSoon: 0 });
