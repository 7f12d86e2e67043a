import source from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { YearArrangement } from './arrangement.ts';
import { type Holiday, holidayFromSource } from './holidays.ts';
import { OFFICE_HOURS, type OfficeHours, type Window, windowsOn } from './office-hours.ts';
import defaultOverrides from './overrides.json' with { type: 'json' };
import { type StatutoryDay, statutoryDays } from './statutory.ts';

export const ZONE = 'Asia/Shanghai';

const DateList = z.array(z.iso.date());
export const CalendarOverrides = z.object({ holidays: DateList, workdays: DateList });
export type CalendarOverrides = z.infer<typeof CalendarOverrides>;

export { OFFICE_HOURS, type Window } from './office-hours.ts';

/** What a day is: a working day (a make-up one if a Saturday or Sunday is worked), a weekend day or a holiday. */
export type DayStatus = 'workday' | 'weekend' | 'holiday' | 'makeupWorkday';
export interface CalendarDay {
  date: string;
  status: DayStatus;
  /** The holiday a holiday or make-up workday belongs to, where known (an administrator's entry names none). */
  holiday?: Holiday;
  /** A provisional year's weekday off given in lieu of a holiday on a weekend (补假). */
  inLieu?: true;
}

export interface Calendar {
  /** Years the official arrangements cover (package, overrides and the arrangements administrators entered). */
  readonly coveredYears: ReadonlySet<number>;
  /**
   * Later years, up to 2100, which no arrangement covers yet: their statutory holidays (with weekday 补休) are computed
   * from the lunar calendar (`statutory.ts`), never plain Monday–Friday — provisional until the notice is entered.
   */
  readonly provisionalYears: ReadonlySet<number>;
  /**
   * Whether no official arrangement covers the year: a later year's days are computed from the law (the
   * provisional years above); a year before the package's data begins (2004) is plain Monday–Friday.
   */
  provisional(year: number): boolean;
  isWorkingDay(date: string): boolean;
  /** The day's status and holiday; working (`workday`, `makeupWorkday`) exactly when `isWorkingDay`. */
  day(date: string): CalendarDay;
  /** The date `n` working days after (n > 0) or before (n < 0) `date`; n = 0 gives the date itself. */
  addWorkingDays(date: string, n: number): string;
  /** The same date if it is a working day, else the next working day. */
  onOrAfter(date: string): string;
  /** Working days strictly after `from` up to and including `to` (negative if `to` is earlier). */
  workingDaysBetween(from: string, to: string): number;
  /** The instant `hours` working hours after `from`, counting office hours on working days only. */
  addWorkingHours(from: Date, hours: number): Date;
  /** The end of office hours on `date` (a working day or not), as an instant. */
  closeOfBusiness(date: string): Date;
  /** The local (Asia/Shanghai) calendar date of an instant. */
  localDate(at: Date): string;
  /** The local time of day of an instant, HH:MM. */
  localTime(at: Date): string;
  /** The office hours of a date (its season's, else the standard ones), in minutes after local midnight. */
  officeHours(date: string): readonly Window[];
  /** Whether an instant falls in office hours on a working day. */
  isOfficeTime(at: Date): boolean;
  /** The instant itself in office hours, else when office hours next begin. */
  nextOfficeTime(at: Date): Date;
}

/** The last year a date may be entered in (primitives' MAX_DATE): provisional holidays are computed up to it. */
const LAST_YEAR = 2100;

function sourceDays(): { holidays: Set<string>; workdays: Set<string>; years: Set<number> } {
  const holidays = new Set(Object.keys(source.holidays));
  const workdays = new Set(Object.keys(source.workdays));
  const years = new Set([...holidays].map((d) => Number(d.slice(0, 4))));
  return { holidays, workdays, years };
}

/**
 * The calendar: the package's arrangements, the override file's entries, and the arrangements administrators
 * entered (`arrangements`: each replaces its year whole, package and overrides included), with office hours by
 * season (`hours`; plain windows are the standard hours all year).
 */
export function createCalendar(
  overrides: CalendarOverrides = CalendarOverrides.parse(defaultOverrides),
  hours: Window[] | OfficeHours = OFFICE_HOURS,
  arrangements: readonly YearArrangement[] = [],
): Calendar {
  const officeHours: OfficeHours = Array.isArray(hours) ? { standard: hours, seasons: [] } : hours;
  const windowsOf = (date: string) => windowsOn(officeHours, date);
  const base = sourceDays();
  const extraHolidays = new Set(overrides.holidays);
  const extraWorkdays = new Set(overrides.workdays);
  /** The entered arrangements by year: each date's holiday (a day off) or make-up workday, with its holiday. */
  const arranged = new Map<
    number,
    { off: Map<string, Holiday | undefined>; worked: Map<string, Holiday | undefined> }
  >();
  for (const a of arrangements) {
    arranged.set(a.year, {
      off: new Map(a.holidays.map((d) => [d.date, d.holiday])),
      worked: new Map(a.workdays.map((d) => [d.date, d.holiday])),
    });
  }
  const coveredYears = new Set([
    ...base.years,
    ...[...extraHolidays, ...extraWorkdays].map((d) => Number(d.slice(0, 4))),
    ...arranged.keys(),
  ]);

  // Every year after the last arranged one, to the last date anyone may enter, gets the law's holidays — computed
  // when a date in it is first asked about (a lunar year costs about a millisecond; most processes need one or two).
  const provisionalYears = new Set<number>();
  for (let year = Math.max(...base.years) + 1; year <= LAST_YEAR; year++) {
    if (!coveredYears.has(year)) provisionalYears.add(year); // an arrangement entered in the overrides wins, whole
  }
  const provisional = new Map<string, StatutoryDay>();
  const computed = new Set<number>();
  function computeYear(year: number): void {
    if (computed.has(year) || !provisionalYears.has(year)) return;
    computed.add(year);
    const days = statutoryDays(year);
    for (const day of days) provisional.set(day.date, day);
    special.push(...days.map((d) => dayNumber(d.date)));
    special.sort((a, b) => a - b);
  }
  /** The provisional years a span of day numbers reaches, computed (clamped: past 2100 there are none). */
  function computeSpan(lo: number, hi: number): void {
    const first = Math.max(yearOf(lo), Math.min(...provisionalYears));
    const last = Math.min(yearOf(hi), LAST_YEAR);
    for (let year = first; year <= last; year++) computeYear(year);
  }
  const yearOf = (n: number) => new Date(n * 86_400_000).getUTCFullYear();

  const day = (date: string) => DateTime.fromISO(date, { zone: ZONE });
  const iso = (dt: DateTime) => dt.toISODate() as string;

  function isWorkingDay(date: string): boolean {
    const entered = arranged.get(Number(date.slice(0, 4)));
    if (entered) return entered.worked.has(date) || (!entered.off.has(date) && !isWeekend(date));
    if (extraWorkdays.has(date)) return true;
    if (extraHolidays.has(date)) return false;
    if (base.workdays.has(date)) return true;
    if (base.holidays.has(date)) return false;
    computeYear(Number(date.slice(0, 4)));
    if (provisional.has(date)) return false;
    return !isWeekend(date);
  }
  function isWeekend(date: string): boolean {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // the same calendar day as in Asia/Shanghai
    return weekday === 0 || weekday === 6;
  }

  function dayOf(date: string): CalendarDay {
    const weekend = isWeekend(date);
    const entered = arranged.get(Number(date.slice(0, 4)));
    if (entered) {
      const worked = entered.worked.has(date);
      const off = entered.off.has(date);
      const holiday = worked ? entered.worked.get(date) : entered.off.get(date);
      const named = holiday ? { holiday } : {};
      if (worked) return weekend ? { date, status: 'makeupWorkday', ...named } : { date, status: 'workday' };
      if (off) return { date, status: 'holiday', ...named };
      return { date, status: weekend ? 'weekend' : 'workday' };
    }
    if (isWorkingDay(date)) {
      if (!weekend) return { date, status: 'workday' };
      const holiday = holidayFromSource((source.workdays as Record<string, string>)[date]);
      return { date, status: 'makeupWorkday', ...(holiday ? { holiday } : {}) };
    }
    // Not working: a holiday if an arrangement or the law says so (its name from whichever did), else a weekend.
    const computedDay = provisional.get(date);
    const holiday =
      holidayFromSource((source.holidays as Record<string, string>)[date]) ?? computedDay?.holiday;
    if (weekend && !holiday && !extraHolidays.has(date)) return { date, status: 'weekend' };
    return {
      date,
      status: 'holiday',
      ...(holiday ? { holiday } : {}),
      ...(computedDay?.inLieu ? { inLieu: true as const } : {}),
    };
  }

  // Working-day arithmetic runs on day numbers (days since 1970-01-01) and takes whole weeks at once: any seven
  // consecutive days hold exactly five Mondays–Fridays, so a week in which no holiday or make-up workday falls
  // (package or override) holds exactly five working days. Only the weeks holding one of those special days, and
  // fewer than seven days at either end, are looked at day by day; the cost is proportional to the number of
  // special days in the span, not to its length (9999-12-31 is as cheap as next week).
  const MS_PER_DAY = 86_400_000;
  const enteredDays = [...arranged.values()].flatMap((a) => [...a.off.keys(), ...a.worked.keys()]);
  const special = [
    ...new Set([...base.holidays, ...base.workdays, ...extraHolidays, ...extraWorkdays, ...enteredDays]),
  ]
    .map((d) => dayNumber(d))
    .filter((n) => Number.isFinite(n))
    .sort((a, b) => a - b);

  function dayNumber(date: string): number {
    return Math.round(DateTime.fromISO(date, { zone: 'utc' }).toMillis() / MS_PER_DAY);
  }
  /** Whether a special day falls in [lo, hi] (binary search). */
  function specialIn(lo: number, hi: number): boolean {
    computeSpan(lo, hi);
    let a = 0;
    let b = special.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if ((special[mid] as number) < lo) a = mid + 1;
      else b = mid;
    }
    return a < special.length && (special[a] as number) <= hi;
  }
  /** isWorkingDay for a day number: the sets only for a special day, else Monday–Friday (1970-01-01 was a Thursday). */
  function workingOn(n: number): boolean {
    if (specialIn(n, n)) return isWorkingDay(new Date(n * MS_PER_DAY).toISOString().slice(0, 10));
    return ((((n + 3) % 7) + 7) % 7) + 1 <= 5;
  }

  function addWorkingDays(date: string, n: number): string {
    const start = dayNumber(date);
    const step = n >= 0 ? 1 : -1;
    let cursor = start;
    for (let left = Math.abs(n); left > 0; ) {
      // A whole week ahead (the next seven days in the direction of travel) that is all plain: five working days.
      if (left > 5) {
        const lo = step > 0 ? cursor + 1 : cursor - 7;
        const hi = step > 0 ? cursor + 7 : cursor - 1;
        if (!specialIn(lo, hi)) {
          const weeks = plainWeeks(cursor, step, Math.floor((left - 1) / 5));
          cursor += step * 7 * weeks;
          left -= 5 * weeks;
          continue;
        }
      }
      cursor += step;
      if (workingOn(cursor)) left--;
    }
    return iso(day(date).plus({ days: cursor - start }));
  }

  /**
   * How many whole plain weeks (up to `max`, at least one: the caller checked the first) follow `cursor` in the
   * direction `step`: up to the next special day, found by binary search.
   */
  function plainWeeks(cursor: number, step: number, max: number): number {
    // The span the jump may cover has its provisional years' holidays in `special` before it is searched.
    const reach = cursor + step * 7 * max;
    computeSpan(Math.min(cursor, reach), Math.max(cursor, reach));
    if (step > 0) {
      const next = firstSpecialAfter(cursor);
      const room = next === undefined ? max : Math.floor((next - cursor - 1) / 7);
      return Math.max(1, Math.min(max, room));
    }
    const prev = lastSpecialBefore(cursor);
    const room = prev === undefined ? max : Math.floor((cursor - prev - 1) / 7);
    return Math.max(1, Math.min(max, room));
  }
  function firstSpecialAfter(n: number): number | undefined {
    let a = 0;
    let b = special.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if ((special[mid] as number) <= n) a = mid + 1;
      else b = mid;
    }
    return special[a];
  }
  function lastSpecialBefore(n: number): number | undefined {
    let a = 0;
    let b = special.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if ((special[mid] as number) < n) a = mid + 1;
      else b = mid;
    }
    return a > 0 ? special[a - 1] : undefined;
  }

  function onOrAfter(date: string): string {
    let cursor = day(date);
    while (!isWorkingDay(iso(cursor))) cursor = cursor.plus({ days: 1 });
    return iso(cursor);
  }

  function workingDaysBetween(from: string, to: string): number {
    if (to < from) return -workingDaysBetween(to, from);
    const end = dayNumber(to);
    let count = 0;
    for (let cursor = dayNumber(from); cursor < end; ) {
      // Days cursor+1 … cursor+7 all plain and all within the span: five working days at once, as many weeks as fit.
      if (end - cursor >= 7 && !specialIn(cursor + 1, cursor + 7)) {
        const weeks = plainWeeks(cursor, 1, Math.floor((end - cursor) / 7));
        cursor += 7 * weeks;
        count += 5 * weeks;
        continue;
      }
      cursor++;
      if (workingOn(cursor)) count++;
    }
    return count;
  }

  function addWorkingHours(from: Date, hours: number): Date {
    if (hours < 0) throw new RangeError('addWorkingHours takes a non-negative number of hours');
    let left = Math.round(hours * 60);
    let cursor = DateTime.fromJSDate(from, { zone: ZONE });
    for (;;) {
      const date = iso(cursor);
      if (isWorkingDay(date)) {
        const minute = cursor.hour * 60 + cursor.minute + cursor.second / 60;
        for (const w of windowsOf(date)) {
          if (minute >= w.end) continue;
          const start = Math.max(minute, w.start);
          const available = w.end - start;
          const startAt = cursor.startOf('day').plus({ minutes: start });
          if (left <= available) return startAt.plus({ minutes: left }).toJSDate();
          left -= available;
        }
      }
      cursor = cursor.plus({ days: 1 }).startOf('day');
    }
  }

  function closeOfBusiness(date: string): Date {
    const windows = windowsOf(date);
    const last = windows[windows.length - 1] as Window;
    return day(date).startOf('day').plus({ minutes: last.end }).toJSDate();
  }

  function localDate(at: Date): string {
    return iso(DateTime.fromJSDate(at, { zone: ZONE }));
  }

  function localTime(at: Date): string {
    return DateTime.fromJSDate(at, { zone: ZONE }).toFormat('HH:mm');
  }

  function isOfficeTime(at: Date): boolean {
    const local = DateTime.fromJSDate(at, { zone: ZONE });
    if (!isWorkingDay(iso(local))) return false;
    const minute = local.hour * 60 + local.minute;
    return windowsOf(iso(local)).some((w) => minute >= w.start && minute < w.end);
  }

  function nextOfficeTime(at: Date): Date {
    return isOfficeTime(at) ? at : addWorkingHours(at, 0);
  }

  return {
    coveredYears,
    provisionalYears,
    provisional: (year) => !coveredYears.has(year),
    day: dayOf,
    officeHours: windowsOf,
    localTime,
    isOfficeTime,
    nextOfficeTime,
    isWorkingDay,
    addWorkingDays,
    onOrAfter,
    workingDaysBetween,
    addWorkingHours,
    closeOfBusiness,
    localDate,
  };
}
