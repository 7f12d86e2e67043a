import { describe, expect, it } from 'vitest';
import { createCalendar } from '#shared/calendar/working-days.ts';

const cal = createCalendar();

// State Council arrangements: 国办发明电〔2024〕12号 (2025) and 国办发明电〔2025〕7号 (2026).
const official = {
  2025: {
    holidays: [
      '2025-01-01',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-03',
      '2025-02-04',
      '2025-04-04',
      '2025-05-01',
      '2025-05-02',
      '2025-05-05',
      '2025-06-02',
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-06',
      '2025-10-07',
      '2025-10-08',
    ],
    makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    holidays: [
      '2026-01-01',
      '2026-01-02',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-23',
      '2026-04-06',
      '2026-05-01',
      '2026-05-04',
      '2026-05-05',
      '2026-06-19',
      '2026-09-25',
      '2026-10-01',
      '2026-10-02',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ],
    makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

describe('working-day calendar (Asia/Shanghai)', () => {
  for (const [year, { holidays, makeUpWorkdays }] of Object.entries(official)) {
    it(`treats every ${year} public holiday that falls on a weekday as a day off`, () => {
      for (const d of holidays) expect(cal.isWorkingDay(d), d).toBe(false);
    });
    it(`treats every ${year} weekend make-up day (调休) as a working day`, () => {
      for (const d of makeUpWorkdays) expect(cal.isWorkingDay(d), d).toBe(true);
    });
    it(`counts ${year} as 248 working days, as the arrangement gives`, () => {
      let n = 0;
      for (let d = 0; d < 365; d++) {
        const date = new Date(Date.UTC(Number(year), 0, 1 + d)).toISOString().slice(0, 10);
        if (cal.isWorkingDay(date)) n++;
      }
      expect(n).toBe(248);
    });
  }

  it('keeps ordinary weekends off and ordinary weekdays on', () => {
    expect(cal.isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2026-11-29')).toBe(false); // Sunday
    expect(cal.isWorkingDay('2026-11-27')).toBe(true); // Friday
  });

  it('adds working days across the 2026 National Day holiday and its make-up Saturday', () => {
    // Tue 29 Sep → Wed 30 Sep (1) → Oct 1–7 off → Thu 8 (2) → Fri 9 (3) → Sat 10 make-up (4) → Mon 12 (5)
    expect(cal.addWorkingDays('2026-09-29', 5)).toBe('2026-10-12');
    expect(cal.addWorkingDays('2026-10-12', -5)).toBe('2026-09-29');
    expect(cal.addWorkingDays('2026-09-29', 0)).toBe('2026-09-29');
  });

  it('adds working days across the 2025 Spring Festival', () => {
    // Mon 27 Jan → Jan 28–Feb 4 off → Wed 5 Feb (1)
    expect(cal.addWorkingDays('2025-01-27', 1)).toBe('2025-02-05');
    expect(cal.onOrAfter('2025-01-30')).toBe('2025-02-05');
  });

  it('counts working days between two dates', () => {
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-09')).toBe(2);
    expect(cal.workingDaysBetween('2026-10-09', '2026-09-30')).toBe(-2);
    expect(cal.workingDaysBetween('2026-11-27', '2026-11-27')).toBe(0);
  });

  it('adds working hours inside office hours and across the lunch break', () => {
    const start = new Date('2026-11-27T01:00:00Z'); // Fri 09:00 Shanghai
    expect(cal.addWorkingHours(start, 2).toISOString()).toBe('2026-11-27T03:00:00.000Z'); // 11:00
    expect(cal.addWorkingHours(start, 4).toISOString()).toBe('2026-11-27T06:30:00.000Z'); // 14:30
  });

  it('carries working hours over the weekend and a holiday', () => {
    const friday4pm = new Date('2026-09-30T08:00:00Z'); // Wed 30 Sep 16:00, before National Day
    // 1.5 h left on Sep 30, then Oct 1–7 off, next working day Thu Oct 8 09:00 + 0.5 h
    expect(cal.addWorkingHours(friday4pm, 2).toISOString()).toBe('2026-10-08T01:30:00.000Z');
    const saturday = new Date('2026-11-28T02:00:00Z'); // Sat 10:00 → Mon 09:00 + 1 h
    expect(cal.addWorkingHours(saturday, 1).toISOString()).toBe('2026-11-30T02:00:00.000Z');
  });

  it('gives the local date and close of business in Shanghai time', () => {
    expect(cal.localDate(new Date('2026-11-27T17:00:00Z'))).toBe('2026-11-28');
    expect(cal.closeOfBusiness('2026-11-27').toISOString()).toBe('2026-11-27T09:30:00.000Z');
  });

  it('knows office hours, and when they next begin', () => {
    const at = (iso: string) => new Date(iso);
    expect(cal.isOfficeTime(at('2026-11-27T01:00:00Z'))).toBe(true); // Fri 09:00
    expect(cal.isOfficeTime(at('2026-11-27T04:30:00Z'))).toBe(false); // Fri 12:30, lunch
    expect(cal.isOfficeTime(at('2026-11-27T09:30:00Z'))).toBe(false); // Fri 17:30, closed
    expect(cal.isOfficeTime(at('2026-11-28T02:00:00Z'))).toBe(false); // Saturday
    expect(cal.isOfficeTime(at('2026-02-28T02:00:00Z'))).toBe(true); // Saturday, a make-up working day
    expect(cal.nextOfficeTime(at('2026-11-27T04:30:00Z')).toISOString()).toBe('2026-11-27T05:30:00.000Z');
    expect(cal.nextOfficeTime(at('2026-11-27T12:00:00Z')).toISOString()).toBe('2026-11-30T01:00:00.000Z');
    expect(cal.nextOfficeTime(at('2026-09-30T10:00:00Z')).toISOString()).toBe('2026-10-08T01:00:00.000Z');
    expect(cal.nextOfficeTime(at('2026-11-27T02:17:00Z')).toISOString()).toBe('2026-11-27T02:17:00.000Z');
    expect(cal.localTime(at('2026-11-27T01:05:00Z'))).toBe('09:05');
  });

  it('lets an administrator override years the package lacks', () => {
    const custom = createCalendar({ holidays: ['2031-01-01'], workdays: ['2031-01-04'] });
    expect(custom.isWorkingDay('2031-01-01')).toBe(false); // a Wednesday, declared a holiday
    expect(custom.isWorkingDay('2031-01-04')).toBe(true); // a Saturday, declared a make-up day
    expect(custom.coveredYears.has(2031)).toBe(true);
    expect(cal.coveredYears.has(2031)).toBe(false);
    // Without the override 2031 is provisional (its statutory holidays computed): 元旦 is off all the same.
    expect(cal.provisionalYears.has(2031)).toBe(true);
    expect(cal.isWorkingDay('2031-01-01')).toBe(false);
    // The entered arrangement wins whole: what it does not list is an ordinary day (国庆 2031-10-01, a Wednesday).
    expect(custom.provisionalYears.has(2031)).toBe(false);
    expect(custom.isWorkingDay('2031-10-01')).toBe(true);
    expect(cal.isWorkingDay('2031-10-01')).toBe(false);
  });
});
