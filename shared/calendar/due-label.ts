import { OFFICE_HOURS, ZONE } from './working-days.ts';

const format = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, dateStyle: 'short', timeStyle: 'short' });
const last = OFFICE_HOURS[OFFICE_HOURS.length - 1]?.end ?? 0;
/** Close of business as the local time of day, HH:mm (17:30). */
const CLOSE = `${String(Math.floor(last / 60)).padStart(2, '0')}:${String(last % 60).padStart(2, '0')}`;

/**
 * How a due instant is printed, in Asia/Shanghai: the date alone when it falls at close of business — where every
 * clock of whole working days ends (tasks, answer dates, a normal need's sign-for) and what a date means here —,
 * else the date and the time (YYYY-MM-DD HH:mm), as an urgent need's sign-for and first contact, counted in working
 * hours, end mid-day. The rule reads the instant, not the clock: an hour clock that happens to end at 17:30 reads
 * as a date like any other deadline at close of business.
 */
export function dueLabel(at: string | Date): string {
  const [date, time] = format.format(new Date(at)).split(' ');
  return time === CLOSE ? (date as string) : `${date} ${time}`;
}
