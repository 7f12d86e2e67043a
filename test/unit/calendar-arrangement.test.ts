import { describe, expect, it } from 'vitest';
import {
  arrangementLines,
  arrangementProblems,
  parseArrangementLines,
  type YearArrangement,
} from '#shared/calendar/arrangement.ts';
import type { Holiday } from '#shared/calendar/holidays.ts';
import { createCalendar } from '#shared/calendar/working-days.ts';
import { calendarYear } from '#shared/calendar/year.ts';

/** A plausible State Council notice for 2027 (the real one is not out yet): 9 days of 春节, two make-up Saturdays. */
const ARRANGEMENT_2027: YearArrangement = {
  year: 2027,
  holidays: [
    ...['01-01', '01-02', '01-03'].map((d) => ({ date: `2027-${d}`, holiday: 'newYear' as const })),
    ...['05', '06', '07', '08', '09', '10', '11', '12', '13'].map((d) => ({
      date: `2027-02-${d}`,
      holiday: 'springFestival' as const,
    })),
    ...['03', '04', '05'].map((d) => ({ date: `2027-04-${d}`, holiday: 'tombSweeping' as const })),
    ...['01', '02', '03', '04', '05'].map((d) => ({ date: `2027-05-${d}`, holiday: 'labourDay' as const })),
    { date: '2027-06-09', holiday: 'dragonBoat' },
    { date: '2027-09-15', holiday: 'midAutumn' },
    ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
      date: `2027-10-${d}`,
      holiday: 'nationalDay' as const,
    })),
  ],
  workdays: [
    { date: '2027-02-20', holiday: 'springFestival' },
    { date: '2027-10-09', holiday: 'nationalDay' },
  ],
};

const NAMES = new Map<string, Holiday>([
  ['元旦', 'newYear'],
  ['春节', 'springFestival'],
  ['springfestival', 'springFestival'],
  ['Spring Festival', 'springFestival'],
]);

describe('an arrangement as entered: the checks before it is stored', () => {
  it('accepts a whole notice', () => {
    expect(arrangementProblems(ARRANGEMENT_2027)).toEqual([]);
  });

  it('refuses a date of another year, twice given, both off and worked, or a weekday as a make-up workday', () => {
    const bad: YearArrangement = {
      ...ARRANGEMENT_2027,
      holidays: [
        ...ARRANGEMENT_2027.holidays,
        { date: '2028-01-01', holiday: 'newYear' },
        { date: '2027-01-01', holiday: 'newYear' },
      ],
      workdays: [{ date: '2027-02-05', holiday: 'springFestival' }, { date: '2027-02-22' }],
    };
    const problems = arrangementProblems(bad);
    const n = ARRANGEMENT_2027.holidays.length;
    expect(problems).toEqual([
      { list: 'holidays', line: n + 1, message: 'arrangement.otherYear', date: '2028-01-01' },
      { list: 'holidays', line: n + 2, message: 'arrangement.duplicate', date: '2027-01-01' },
      { list: 'workdays', line: 1, message: 'arrangement.both', date: '2027-02-05' },
      { list: 'workdays', line: 2, message: 'arrangement.workdayNotWeekend', date: '2027-02-22' },
    ]);
  });

  it('wants every day off named, and every day the law names off (初三 included)', () => {
    const holidays = ARRANGEMENT_2027.holidays
      .filter((d) => d.date !== '2027-02-08')
      .map((d) => (d.date === '2027-06-09' ? { date: d.date } : d));
    const problems = arrangementProblems({ ...ARRANGEMENT_2027, holidays });
    expect(problems).toContainEqual(
      expect.objectContaining({ message: 'arrangement.holiday', date: '2027-06-09' }),
    );
    expect(problems).toContainEqual({
      list: 'holidays',
      line: 0,
      message: 'arrangement.lawDayMissing',
      date: '2027-02-08',
    });
    expect(arrangementProblems({ ...ARRANGEMENT_2027, holidays: [] })).toEqual([
      { list: 'holidays', line: 0, message: 'arrangement.empty' },
    ]);
  });

  it('reads the lines as typed: dates in the usual spellings, holidays by name, blank lines skipped', () => {
    const text =
      '2027-01-01 元旦\n\n2027/2/5，春节\n2027年2月6日 Spring Festival\n2027-02-31 春节\n2027-02-07 腊八\n';
    const { days, lines, problems } = parseArrangementLines('holidays', text, NAMES);
    expect(days).toEqual([
      { date: '2027-01-01', holiday: 'newYear' },
      { date: '2027-02-05', holiday: 'springFestival' },
      { date: '2027-02-06', holiday: 'springFestival' },
      { date: '2027-02-07' },
    ]);
    expect(lines).toEqual([1, 3, 4, 6]);
    expect(problems).toEqual([
      { list: 'holidays', line: 5, message: 'arrangement.date' },
      { list: 'holidays', line: 6, message: 'arrangement.holiday', date: '2027-02-07' },
    ]);
    expect(arrangementLines(days.slice(0, 2), (h) => (h === 'newYear' ? '元旦' : '春节'))).toBe(
      '2027-01-01 元旦\n2027-02-05 春节',
    );
  });
});

describe('the calendar with an entered arrangement', () => {
  const cal = createCalendar(undefined, undefined, [ARRANGEMENT_2027]);
  const plain = createCalendar();

  it('makes the year official and replaces it whole', () => {
    expect(plain.provisional(2027)).toBe(true);
    expect(cal.provisional(2027)).toBe(false);
    expect(cal.coveredYears.has(2027)).toBe(true);
    expect(cal.provisionalYears.has(2027)).toBe(false);
    expect(cal.provisional(2028)).toBe(true);
    // 2027-02-10 was a provisional 补假; the notice makes it part of 春节 (the same), 02-11 now off too.
    expect(plain.isWorkingDay('2027-02-11')).toBe(true);
    expect(cal.isWorkingDay('2027-02-11')).toBe(false);
    // A make-up Saturday is worked; the provisional in-lieu Monday 05-03 stays off; 10-06 and 10-07 are off.
    expect(cal.isWorkingDay('2027-02-20')).toBe(true);
    expect(cal.day('2027-02-20')).toEqual({
      date: '2027-02-20',
      status: 'makeupWorkday',
      holiday: 'springFestival',
    });
    expect(cal.day('2027-02-08')).toEqual({
      date: '2027-02-08',
      status: 'holiday',
      holiday: 'springFestival',
    });
    expect(cal.day('2027-03-06')).toEqual({ date: '2027-03-06', status: 'weekend' });
    expect(cal.day('2027-03-08')).toEqual({ date: '2027-03-08', status: 'workday' });
    expect(cal.isWorkingDay('2027-10-07')).toBe(false);
    expect(plain.isWorkingDay('2027-10-07')).toBe(true);
  });

  it('counts working days by it, jumps and all', () => {
    // Friday 2027-02-04: the next working day is Monday 02-15 (02-05 to 02-13 off, 02-14 a Sunday).
    expect(cal.addWorkingDays('2027-02-04', 1)).toBe('2027-02-15');
    expect(plain.addWorkingDays('2027-02-04', 1)).toBe('2027-02-11');
    expect(cal.addWorkingDays('2027-02-15', 5)).toBe('2027-02-20'); // the make-up Saturday counts
    expect(cal.workingDaysBetween('2027-01-01', '2027-12-31')).toBe(
      calendarYear(cal, 2027).days.filter((d) => d.status === 'workday' || d.status === 'makeupWorkday')
        .length,
    );
    expect(cal.addWorkingDays('2026-12-01', 60)).toBe(walk(cal, '2026-12-01', 60));
  });

  it('replaces even a year the package covers, when one is entered for it', () => {
    const corrected = createCalendar(undefined, undefined, [
      { year: 2026, holidays: plainLawDays2026(), workdays: [] },
    ]);
    expect(createCalendar().isWorkingDay('2026-01-04')).toBe(true); // the package's make-up Sunday
    expect(corrected.isWorkingDay('2026-01-04')).toBe(false);
    expect(corrected.provisional(2026)).toBe(false);
  });
});

function walk(c: ReturnType<typeof createCalendar>, from: string, n: number): string {
  let d = new Date(`${from}T00:00:00Z`);
  for (let left = n; left > 0; ) {
    d = new Date(d.getTime() + 86_400_000);
    if (c.isWorkingDay(d.toISOString().slice(0, 10))) left--;
  }
  return d.toISOString().slice(0, 10);
}

function plainLawDays2026() {
  return [{ date: '2026-01-01', holiday: 'newYear' as const }];
}
