import source from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { holidayFromSource } from '#shared/calendar/holidays.ts';
import { statutoryDays } from '#shared/calendar/statutory.ts';
import { createCalendar } from '#shared/calendar/working-days.ts';
import { calendarYear } from '#shared/calendar/year.ts';

/**
 * Issue 17 item 5: each day's status and holiday, and whether the year is provisional (computed from the 2024
 * 放假办法, no State Council arrangement yet) — what `GET /api/v1/calendar` answers.
 */
const cal = createCalendar();

describe('the statutory days, each with its holiday', () => {
  it('fall on official holidays of the same name in 2025 and 2026 (every law day, none substituted)', () => {
    for (const year of [2025, 2026]) {
      const days = statutoryDays(year).filter((d) => !d.inLieu);
      expect(days).toHaveLength(13);
      for (const day of days) {
        const official = (source.holidays as Record<string, string>)[day.date];
        expect(official, `${year}: ${day.date}`).toBeDefined();
        expect(holidayFromSource(official), day.date).toBe(day.holiday);
      }
    }
  });

  it('pin 2027: 除夕 is 腊月廿九 (5 February), and each weekend holiday gives the next working day', () => {
    const day = (date: string, holiday: string, inLieu = false) => ({ date, holiday, inLieu });
    expect(statutoryDays(2027)).toEqual([
      day('2027-01-01', 'newYear'),
      day('2027-02-05', 'springFestival'),
      day('2027-02-06', 'springFestival'),
      day('2027-02-07', 'springFestival'),
      day('2027-02-08', 'springFestival'),
      day('2027-02-09', 'springFestival', true),
      day('2027-02-10', 'springFestival', true),
      day('2027-04-05', 'tombSweeping'),
      day('2027-05-01', 'labourDay'),
      day('2027-05-02', 'labourDay'),
      day('2027-05-03', 'labourDay', true),
      day('2027-05-04', 'labourDay', true),
      day('2027-06-09', 'dragonBoat'),
      day('2027-09-15', 'midAutumn'),
      day('2027-10-01', 'nationalDay'),
      day('2027-10-02', 'nationalDay'),
      day('2027-10-03', 'nationalDay'),
      day('2027-10-04', 'nationalDay', true),
      day('2027-10-05', 'nationalDay', true),
    ]);
  });

  it('give a day in lieu when two holidays fall on one day (中秋 on 1 October 2031): both are owed', () => {
    const days = statutoryDays(2031);
    const october = days.filter((d) => d.date.startsWith('2031-10'));
    // Wed 1 – Fri 3 October, and 中秋 on Wed 1: the day owed is the next working day, Mon 6.
    expect(october.map((d) => d.date)).toEqual(['2031-10-01', '2031-10-02', '2031-10-03', '2031-10-06']);
    expect(october.at(-1)).toEqual({ date: '2031-10-06', holiday: 'nationalDay', inLieu: true });
    // The law's 13 days on 12 dates; the other days in lieu are the weekends' (初三 Sat 25 January, 清明 Sat 5 April).
    expect(days.filter((d) => !d.inLieu)).toHaveLength(12);
    expect(days.filter((d) => d.inLieu).map((d) => d.date)).toEqual([
      '2031-01-27',
      '2031-04-07',
      '2031-10-06',
    ]);
    expect(cal.isWorkingDay('2031-10-06')).toBe(false);
  });
});

describe('each day’s status', () => {
  it('names the holiday and its make-up workdays from the official data (2026)', () => {
    expect(cal.day('2026-02-14')).toEqual({
      date: '2026-02-14',
      status: 'makeupWorkday',
      holiday: 'springFestival',
    });
    expect(cal.day('2026-02-15')).toEqual({
      date: '2026-02-15',
      status: 'holiday',
      holiday: 'springFestival',
    });
    expect(cal.day('2026-02-23')).toEqual({
      date: '2026-02-23',
      status: 'holiday',
      holiday: 'springFestival',
    });
    expect(cal.day('2026-03-02')).toEqual({ date: '2026-03-02', status: 'workday' });
    expect(cal.day('2026-03-07')).toEqual({ date: '2026-03-07', status: 'weekend' });
  });

  it('marks 2027’s computed holidays and days in lieu, and never a make-up workday', () => {
    expect(cal.day('2027-02-06')).toEqual({
      date: '2027-02-06',
      status: 'holiday',
      holiday: 'springFestival',
    });
    expect(cal.day('2027-02-09')).toEqual({
      date: '2027-02-09',
      status: 'holiday',
      holiday: 'springFestival',
      inLieu: true,
    });
    expect(cal.day('2027-02-13')).toEqual({ date: '2027-02-13', status: 'weekend' });
    expect(calendarYear(cal, 2027).days.filter((d) => d.status === 'makeupWorkday')).toEqual([]);
  });

  it('agrees with isWorkingDay on every day from 2004 to 2030', () => {
    for (let year = 2004; year <= 2030; year++) {
      for (const day of calendarYear(cal, year).days) {
        const working = day.status === 'workday' || day.status === 'makeupWorkday';
        if (working !== cal.isWorkingDay(day.date)) expect.fail(`${day.date}: ${day.status}`);
      }
    }
  });

  it('follows an administrator’s override, which wins over the package and the rule', () => {
    const custom = createCalendar({ holidays: ['2027-02-11', '2026-03-02'], workdays: ['2027-02-20'] });
    expect(custom.day('2026-03-02')).toEqual({ date: '2026-03-02', status: 'holiday' });
    expect(custom.day('2027-02-11').status).toBe('holiday');
    expect(custom.day('2027-02-20')).toEqual({ date: '2027-02-20', status: 'makeupWorkday' });
    // 2027 is the administrator's now, whole: the rule's 补假 of 9 February is gone.
    expect(custom.day('2027-02-09')).toEqual({ date: '2027-02-09', status: 'workday' });
  });
});

describe('a year of the calendar', () => {
  it('lists every day, and says whether an official arrangement covers the year', () => {
    const y2026 = calendarYear(cal, 2026);
    expect(y2026).toMatchObject({ year: 2026, provisional: false });
    expect(y2026.days).toHaveLength(365);
    expect(y2026.days[0]?.date).toBe('2026-01-01');
    expect(y2026.days.at(-1)?.date).toBe('2026-12-31');
    const y2028 = calendarYear(cal, 2028);
    expect(y2028).toMatchObject({ year: 2028, provisional: true });
    expect(y2028.days).toHaveLength(366);
    expect(cal.provisional(2025)).toBe(false);
    expect(cal.provisional(2027)).toBe(true);
    expect(cal.provisional(2100)).toBe(true);
    // Before the package's data (2004) no arrangement is known either: the days are plain weekdays, not official.
    expect(cal.provisional(2003)).toBe(true);
    expect(createCalendar({ holidays: ['2027-01-01'], workdays: [] }).provisional(2027)).toBe(false);
  });
});
