import { closingTime, OFFICE_HOURS, type Window } from './office-hours.ts';
import { ZONE } from './working-days.ts';

const format = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, dateStyle: 'short', timeStyle: 'short' });

/** What a label needs of the calendar: the office hours of a date (its season's). */
export type LabelHours = { officeHours(date: string): readonly Window[] };

const STANDARD: LabelHours = { officeHours: () => OFFICE_HOURS };
/**
 * The calendar labels are printed by when none is given: the process's own (`useForLabels`, set where the adapters
 * are built, so every page and mail follows the office hours the settings keep), else the standard hours.
 */
let processHours: LabelHours = STANDARD;
export function useForLabels(calendar: LabelHours): void {
  processHours = calendar;
}

/**
 * How a due instant is printed, in Asia/Shanghai: the date alone when it falls at close of business — where every
 * clock of whole working days ends (tasks, answer dates, a normal need's sign-for) and what a date means here —,
 * else the date and the time (YYYY-MM-DD HH:mm), as an urgent need's sign-for and first contact, counted in working
 * hours, end mid-day. Close of business is the date's own (a summer season's 18:00, else 17:30). The rule reads the
 * instant, not the clock: an hour clock that happens to end at close of business reads as a date like any other.
 */
export function dueLabel(at: string | Date, calendar: LabelHours = processHours): string {
  const [date, time] = format.format(new Date(at)).split(' ') as [string, string];
  return time === closingTime(calendar.officeHours(date)) ? date : `${date} ${time}`;
}
