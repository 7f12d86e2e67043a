import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Calendar, createCalendar } from '#shared/calendar/working-days.ts';

/**
 * The calendar takes plain weeks (no holiday or make-up workday in them) five working days at a time. These tests
 * hold it to the obvious day-by-day walk over isWorkingDay, which is what it did before.
 */
const cal = createCalendar();
/** A calendar with overrides in the middle of ordinary weeks, so the jumps have to stop short of them. */
const withOverrides = createCalendar({
  holidays: ['2025-07-09', '2026-09-16', '2027-03-03', '2027-03-04'],
  workdays: ['2025-11-15', '2026-06-07', '2027-08-22'],
});

const DAY = 86_400_000;
const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** One calendar day at a time, asking isWorkingDay of each. */
function naiveAdd(c: Calendar, date: string, n: number): string {
  let cursor = ms(date);
  const step = n >= 0 ? DAY : -DAY;
  for (let left = Math.abs(n); left > 0; ) {
    cursor += step;
    if (c.isWorkingDay(iso(cursor))) left--;
  }
  return iso(cursor);
}

function naiveBetween(c: Calendar, from: string, to: string): number {
  if (to < from) return -naiveBetween(c, to, from);
  let count = 0;
  for (let cursor = ms(from) + DAY; cursor <= ms(to); cursor += DAY) {
    if (c.isWorkingDay(iso(cursor))) count++;
  }
  return count;
}

const START = Date.UTC(2025, 0, 1);
const DAYS = 3 * 365; // 2025–2027
const dateIn = fc.integer({ min: 0, max: DAYS - 1 }).map((n) => iso(START + n * DAY));

describe('working-day arithmetic by whole weeks', () => {
  for (const [name, c] of [
    ['the package calendar', cal],
    ['a calendar with overrides', withOverrides],
  ] as const) {
    it(`workingDaysBetween equals the day-by-day count over random spans in 2025–2027 (${name})`, () => {
      fc.assert(
        fc.property(dateIn, dateIn, (from, to) => {
          expect(c.workingDaysBetween(from, to)).toBe(naiveBetween(c, from, to));
        }),
        { numRuns: 150 },
      );
    });

    it(`addWorkingDays equals the day-by-day walk, forwards and backwards (${name})`, () => {
      fc.assert(
        fc.property(dateIn, fc.integer({ min: -400, max: 400 }), (date, n) => {
          expect(c.addWorkingDays(date, n)).toBe(naiveAdd(c, date, n));
        }),
        { numRuns: 150 },
      );
    });
  }

  it('agrees with the day-by-day walk on small steps from every day of 2026', () => {
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += DAY) {
      const date = iso(t);
      for (const n of [-8, -6, -5, -1, 0, 1, 5, 6, 7, 11]) {
        expect(cal.addWorkingDays(date, n), `${date} ${n}`).toBe(naiveAdd(cal, date, n));
      }
      expect(cal.workingDaysBetween(date, '2026-03-31'), date).toBe(naiveBetween(cal, date, '2026-03-31'));
    }
  });
});

/** Mondays–Fridays in (a, b] for day numbers, closed form (1970-01-01 was a Thursday). */
function weekdaysBetween(a: number, b: number): number {
  let count = 5 * Math.floor((b - a) / 7);
  for (let n = a + 1 + 7 * Math.floor((b - a) / 7); n <= b; n++) if ((((n + 3) % 7) + 7) % 7 < 5) count++;
  return count;
}
const dayNumber = (date: string) => ms(date) / DAY;

describe('far dates', () => {
  // Before: one luxon step and one lookup per calendar day, some 2.9 million for this span: minutes, not a result.
  it('counts the working days from 2026 to 9999-12-31: arranged and provisional years day by day, Monday–Friday after', () => {
    const lastCovered = `${Math.max(...cal.coveredYears, ...cal.provisionalYears)}-12-31`;
    const expected =
      naiveBetween(cal, '2026-01-01', lastCovered) +
      weekdaysBetween(dayNumber(lastCovered), dayNumber('9999-12-31'));
    expect(cal.workingDaysBetween('2026-01-01', '9999-12-31')).toBe(expected);
    expect(cal.workingDaysBetween('9999-12-31', '2026-01-01')).toBe(-expected);
  });

  it('adds a million working days: the result is the working day the count reaches a million on', () => {
    for (const start of ['2026-01-05', '2026-02-13']) {
      const far = cal.addWorkingDays(start, 1_000_000);
      expect(cal.isWorkingDay(far)).toBe(true);
      expect(cal.workingDaysBetween(start, far)).toBe(1_000_000);
      const back = cal.addWorkingDays(far, -1_000_000);
      expect(cal.isWorkingDay(back)).toBe(true);
      expect(cal.workingDaysBetween(back, far)).toBe(1_000_000);
    }
  });

  it('is Monday–Friday arithmetic after 2100, the last year a date may be entered in (no holidays computed there)', () => {
    expect(cal.workingDaysBetween('2101-01-01', '2101-12-31')).toBe(
      weekdaysBetween(dayNumber('2101-01-01'), dayNumber('2101-12-31')),
    );
    expect(cal.addWorkingDays('2101-01-03', 5)).toBe('2101-01-10'); // Monday 3 January, five weekdays on
  });
});
