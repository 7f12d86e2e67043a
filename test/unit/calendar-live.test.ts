import { describe, expect, it } from 'vitest';
import type { YearArrangement } from '#shared/calendar/arrangement.ts';
import { liveCalendar } from '#shared/calendar/live.ts';

/** Enough of a 2027 notice for the calendar: 春节 9 days (02-11 off, a working day while provisional). */
const ARRANGEMENT_2027: YearArrangement = {
  year: 2027,
  holidays: ['05', '06', '07', '08', '09', '10', '11', '12', '13'].map((d) => ({
    date: `2027-02-${d}`,
    holiday: 'springFestival' as const,
  })),
  workdays: [{ date: '2027-02-20', holiday: 'springFestival' }],
};

describe('the calendar the adapters hold: stored arrangements, loaded at most every so often', () => {
  it('starts as the package calendar, and follows the store once refreshed', async () => {
    let loads = 0;
    let now = 1_000_000;
    let stored = { arrangements: [] as (typeof ARRANGEMENT_2027)[], officeHours: undefined };
    const cal = liveCalendar(
      async () => {
        loads++;
        return stored;
      },
      { maxAgeMs: 60_000, now: () => now },
    );
    expect(cal.provisional(2027)).toBe(true);
    await cal.refresh();
    expect(loads).toBe(1);
    expect(cal.provisional(2027)).toBe(true);

    stored = { arrangements: [ARRANGEMENT_2027], officeHours: undefined };
    now += 30_000;
    await cal.refresh(); // fresh enough: no read
    expect(loads).toBe(1);
    expect(cal.isWorkingDay('2027-02-11')).toBe(true);
    now += 30_001;
    await Promise.all([cal.refresh(), cal.refresh()]); // stale: one read, however many ask at once
    expect(loads).toBe(2);
    expect(cal.provisional(2027)).toBe(false);
    expect(cal.isWorkingDay('2027-02-11')).toBe(false);
    expect(cal.coveredYears.has(2027)).toBe(true);

    cal.invalidate(); // this process wrote a change: the next refresh reads whatever its age
    await cal.refresh();
    expect(loads).toBe(3);
  });

  it('keeps the last calendar it had when a later read fails, and reads again next time', async () => {
    let fail = false;
    let now = 0;
    const cal = liveCalendar(
      async () => {
        if (fail) throw new Error('DynamoDB unreachable');
        return { arrangements: [ARRANGEMENT_2027] };
      },
      { maxAgeMs: 1000, now: () => now },
    );
    await expect(cal.refresh()).resolves.toBeUndefined();
    fail = true;
    now += 5000;
    await expect(cal.refresh()).resolves.toBeUndefined();
    expect(cal.provisional(2027)).toBe(false);
    fail = false;
    await cal.refresh();
    expect(cal.provisional(2027)).toBe(false);
  });

  it('fails the first read rather than run on a calendar that may be wrong', async () => {
    const cal = liveCalendar(async () => {
      throw new Error('DynamoDB unreachable');
    });
    await expect(cal.refresh()).rejects.toThrow('DynamoDB unreachable');
  });

  it('takes the office hours with the arrangements', async () => {
    const cal = liveCalendar(async () => ({
      arrangements: [],
      officeHours: { standard: [{ start: 540, end: 1020 }], seasons: [] },
    }));
    await cal.refresh();
    expect(cal.closeOfBusiness('2027-03-01').toISOString()).toBe('2027-03-01T09:00:00.000Z');
  });
});
