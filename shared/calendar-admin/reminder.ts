import type { Calendar } from '../calendar/working-days.ts';
import type { Deps } from '../deps.ts';
import { managersOf } from '../domain/organisation.ts';
import { type Pace, unpaced } from '../pace.ts';
import { calendarReminded, claimCalendarReminder } from '../store/calendar.ts';
import { listStaff } from '../store/organisation.ts';
import { tellManagersMissing } from './mail.tsx';

/** From this month (Asia/Shanghai) on, managers are warned that next year's arrangement is missing. */
export const WARN_FROM_MONTH = 11;

/**
 * The year whose official arrangement managers should enter now, if any: this year if it has none (a zone that
 * never entered it), else — from 1 November — next year while it is provisional. The State Council publishes the
 * next year's notice in November or December.
 */
export function missingArrangementYear(calendar: Calendar, now: Date): number | undefined {
  const today = calendar.localDate(now);
  const year = Number(today.slice(0, 4));
  if (calendar.provisional(year)) return year;
  if (Number(today.slice(5, 7)) < WARN_FROM_MONTH) return undefined;
  return calendar.provisional(year + 1) ? year + 1 : undefined;
}

/**
 * The sweep's part (the alarm managers get instead of a CloudWatch alarm): tell the managers once per year that the
 * arrangement is missing (after that, each sweep costs one GetItem while the year stays provisional). The claim is a conditional put, so however many sweeps run, one mail goes out; it is made
 * before sending, and staff mail that cannot go now is queued, not lost. The mail takes its turns at the sweep's `pace`
 * (one per manager, as SES counts recipients): when the run has none left, nothing is claimed and a later run tells them.
 */
export async function remindMissingArrangement(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar' | 'mailer' | 'config' | 'links'>,
  pace: Pace = unpaced,
): Promise<{ year: number; told: number } | undefined> {
  const now = deps.clock.now();
  const year = missingArrangementYear(deps.calendar, now);
  if (year === undefined || (await calendarReminded(deps.db, year))) return undefined;
  // A zone with no active manager yet is told once it has one.
  const staff = await listStaff(deps.db);
  const managers = managersOf(staff).length;
  // The turns are taken before the claim: a run that then loses the claim to another has spent them for nothing, and a
  // mail held for office hours takes them again when it goes out — both rare, and both only slow the sweep down.
  if (!managers || !(await pace(managers))) return undefined;
  if (!(await claimCalendarReminder(deps.db, year, now))) return undefined;
  return { year, told: await tellManagersMissing(deps, year, staff) };
}
