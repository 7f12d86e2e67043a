import { YearArrangement } from './arrangement.ts';
import { OfficeHours } from './office-hours.ts';
import { type Calendar, createCalendar } from './working-days.ts';

/** What the calendar is built from besides the package: the entered arrangements and the office hours set. */
export interface CalendarSource {
  arrangements: readonly YearArrangement[];
  officeHours?: OfficeHours | undefined;
}

/** The calendar a process holds, kept current with the store. */
export interface LiveCalendar extends Calendar {
  /**
   * Read the store again if the calendar is older than its maximum age (or was invalidated): one read per process
   * however many ask at once. Call before a handler runs; the calendar itself stays synchronous. A failed read
   * keeps the calendar as it was (and is tried again next time), except the first: it fails.
   */
  refresh(): Promise<void>;
  /** This process changed the source (a manager saved it): the next refresh reads it at once. */
  invalidate(): void;
  /** The calendar as it is now, frozen: a later refresh does not change it. */
  current(): Calendar;
  /** The calendar as it is now but without the entered arrangement of `year` (its package or provisional days). */
  without(year: number): Calendar;
}

/** How old the calendar may grow before a handler reads it again: a change reaches every process within a minute. */
export const CALENDAR_MAX_AGE_MS = 60_000;

/**
 * A calendar that delegates to the one built from the last read of `load` (the package calendar until then), so the
 * arrangements administrators enter take effect without a release and without a read per call.
 */
export function liveCalendar(
  load: () => Promise<CalendarSource>,
  options: { maxAgeMs?: number; now?: () => number } = {},
): LiveCalendar {
  const maxAge = options.maxAgeMs ?? CALENDAR_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  let current: Calendar = createCalendar();
  let source: CalendarSource = { arrangements: [] };
  let loadedAt: number | undefined;
  let loading: Promise<void> | undefined;

  async function read(): Promise<void> {
    const started = now();
    try {
      const loaded = await load();
      current = createCalendar(undefined, loaded.officeHours, loaded.arrangements);
      source = loaded;
      loadedAt = started;
    } catch (error) {
      if (loadedAt === undefined) throw error;
      // The last good calendar stands; the next refresh tries again.
    }
  }

  function refresh(): Promise<void> {
    if (loadedAt !== undefined && now() - loadedAt < maxAge) return Promise.resolve();
    if (!loading) loading = read().finally(() => (loading = undefined));
    return loading;
  }

  return {
    refresh,
    invalidate: () => {
      loadedAt = undefined;
    },
    current: () => current,
    without: (year) =>
      createCalendar(
        undefined,
        source.officeHours,
        source.arrangements.filter((a) => a.year !== year),
      ),
    get coveredYears() {
      return current.coveredYears;
    },
    get provisionalYears() {
      return current.provisionalYears;
    },
    provisional: (year) => current.provisional(year),
    isWorkingDay: (date) => current.isWorkingDay(date),
    day: (date) => current.day(date),
    addWorkingDays: (date, n) => current.addWorkingDays(date, n),
    onOrAfter: (date) => current.onOrAfter(date),
    workingDaysBetween: (from, to) => current.workingDaysBetween(from, to),
    addWorkingHours: (from, hours) => current.addWorkingHours(from, hours),
    closeOfBusiness: (date) => current.closeOfBusiness(date),
    localDate: (at) => current.localDate(at),
    localTime: (at) => current.localTime(at),
    officeHours: (date) => current.officeHours(date),
    isOfficeTime: (at) => current.isOfficeTime(at),
    nextOfficeTime: (at) => current.nextOfficeTime(at),
  };
}

/** Whether a calendar is a live one (the adapters' is; a test's plain calendar is not). */
export const isLive = (calendar: Calendar): calendar is LiveCalendar =>
  typeof (calendar as Partial<LiveCalendar>).refresh === 'function';

/**
 * The source as the store keeps it, checked: a year that does not parse (it was checked when entered, so only a
 * damaged item) is left out — the year stays as the package and the law give it — and so are office hours that do
 * not parse (the standard hours then).
 */
export function calendarSourceOf(stored: {
  years: readonly unknown[];
  officeHours: unknown;
}): CalendarSource {
  const arrangements = stored.years.flatMap((y) => {
    const parsed = YearArrangement.safeParse(y);
    return parsed.success ? [parsed.data] : [];
  });
  const hours = OfficeHours.safeParse(stored.officeHours);
  return { arrangements, officeHours: hours.success ? hours.data : undefined };
}
