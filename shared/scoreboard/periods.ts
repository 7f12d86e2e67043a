import type { Calendar } from '../calendar/working-days.ts';

/** The month a date (YYYY-MM-DD, Asia/Shanghai) counts in: `2026-03`. Counters are kept per month. */
export const periodOf = (date: string): string => date.slice(0, 7);

/** The twelve months of a year, in order. */
export const monthsOf = (year: number): string[] =>
  Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

/**
 * Reports for a month are due by the end of the fifth working day of the next month (the zones' 月报: figures for
 * March are reported in the first days of April). After that the month is closed: a report for it is still kept
 * and counted in its month, but flagged late and kept apart from the result the month closed with.
 */
export const CLOSE_WORKING_DAYS = 5;

/** When a month's reports close: close of business on the fifth working day of the next month. */
export function closesAt(calendar: Calendar, month: string): Date {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  const first = calendar.onOrAfter(next);
  return calendar.closeOfBusiness(calendar.addWorkingDays(first, CLOSE_WORKING_DAYS - 1));
}

/** Whether a report made at `at` for a date in `month`'s period comes after that month closed. */
export const isLate = (calendar: Calendar, date: string, at: Date): boolean =>
  at.getTime() > closesAt(calendar, periodOf(date)).getTime();

/** Whether a month's reports have closed by `now`. */
export const isClosed = (calendar: Calendar, month: string, now: Date): boolean =>
  now.getTime() > closesAt(calendar, month).getTime();
