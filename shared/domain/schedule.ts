import type { Calendar } from '../calendar/working-days.ts';
import type { Milestone } from './stage.ts';

/** Working days allowed to reach each milestone from the previous one when no planned date is set. */
export const DEFAULT_MILESTONE_WORKING_DAYS: Record<Milestone, number> = {
  registered: 10,
  siteSecured: 40,
  constructionStarted: 60,
  constructionCompleted: 250,
  operating: 40,
  // 达产 usually within a year of operating; 纳统 (规上) once a year's figures are in.
  capacityReached: 120,
  inStatistics: 60,
};

/**
 * When a tracking task is due: close of business on the planned date (moved to the next working day if it
 * falls on a holiday), or, without a planned date, the default number of working days from `openedAt`.
 */
export function trackingDueAt(
  calendar: Calendar,
  milestone: Milestone,
  planned: string | undefined,
  openedAt: Date,
): Date {
  const day = planned
    ? calendar.onOrAfter(planned)
    : calendar.addWorkingDays(calendar.localDate(openedAt), DEFAULT_MILESTONE_WORKING_DAYS[milestone]);
  return calendar.closeOfBusiness(day);
}

export type Light = 'green' | 'yellow' | 'red';

/** Red once overdue; yellow when due within `yellowWorkingDays` working days; green otherwise. */
export function trafficLight(calendar: Calendar, dueAt: Date, now: Date, yellowWorkingDays = 2): Light {
  if (now.getTime() > dueAt.getTime()) return 'red';
  const horizon = calendar.closeOfBusiness(
    calendar.addWorkingDays(calendar.localDate(now), yellowWorkingDays),
  );
  return dueAt.getTime() <= horizon.getTime() ? 'yellow' : 'green';
}

/** Whole working days an item is overdue (0 on its due date or before). */
export function workingDaysOverdue(calendar: Calendar, dueAt: Date, now: Date): number {
  if (now.getTime() <= dueAt.getTime()) return 0;
  return Math.max(0, calendar.workingDaysBetween(calendar.localDate(dueAt), calendar.localDate(now)));
}
