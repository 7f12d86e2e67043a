import { describe, expect, it } from 'vitest';
import { CalendarOverrides, createCalendar } from '#shared/calendar/working-days.ts';

const cal = createCalendar();

/** Every date from `from` to `to` inclusive, YYYY-MM-DD. */
function dates(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

describe('adding working days across the 2026 holidays (国办发明电〔2025〕7号)', () => {
  it('counts the Saturday before the Spring Festival (14 Feb) and then skips 15–23 Feb', () => {
    expect(cal.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(cal.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
    expect(cal.addWorkingDays('2026-02-24', -1)).toBe('2026-02-14');
    expect(cal.addWorkingDays('2026-02-24', -2)).toBe('2026-02-13');
  });

  it('counts the make-up Saturday 28 Feb after the Spring Festival', () => {
    expect(cal.addWorkingDays('2026-02-27', 1)).toBe('2026-02-28');
    expect(cal.addWorkingDays('2026-02-27', 2)).toBe('2026-03-02');
  });

  it('crosses New Year: 1–3 Jan off, Sunday 4 Jan worked', () => {
    expect(cal.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
    expect(cal.addWorkingDays('2025-12-31', 2)).toBe('2026-01-05');
    expect(cal.addWorkingDays('2026-01-04', -1)).toBe('2025-12-31');
  });

  it('crosses May Day (1–5 May off) and counts Saturday 9 May', () => {
    expect(cal.addWorkingDays('2026-04-30', 1)).toBe('2026-05-06');
    expect(cal.addWorkingDays('2026-04-30', 4)).toBe('2026-05-09');
    expect(cal.addWorkingDays('2026-04-30', 5)).toBe('2026-05-11');
  });

  it('counts Sunday 20 Sep and skips the Mid-Autumn Friday 25 Sep', () => {
    expect(cal.addWorkingDays('2026-09-18', 1)).toBe('2026-09-20');
    expect(cal.addWorkingDays('2026-09-24', 1)).toBe('2026-09-28');
  });

  it('crosses National Day (1–7 Oct off) and counts Saturday 10 Oct', () => {
    expect(cal.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(cal.addWorkingDays('2026-10-09', 1)).toBe('2026-10-10');
    expect(cal.addWorkingDays('2026-10-10', 1)).toBe('2026-10-12');
    expect(cal.addWorkingDays('2026-10-08', -1)).toBe('2026-09-30');
  });

  it('counts from a holiday as from the day itself, and adding none gives the day itself even when off', () => {
    expect(cal.addWorkingDays('2026-02-18', 1)).toBe('2026-02-24');
    expect(cal.addWorkingDays('2026-02-18', -1)).toBe('2026-02-14');
    expect(cal.addWorkingDays('2026-10-03', 0)).toBe('2026-10-03');
    expect(cal.onOrAfter('2026-10-03')).toBe('2026-10-08');
    expect(cal.onOrAfter('2026-10-10')).toBe('2026-10-10');
    expect(cal.onOrAfter('2026-02-15')).toBe('2026-02-24');
  });
});

describe('counting working days', () => {
  it('finds 16 working days in February 2026 and 18 in October 2026', () => {
    // February: 20 weekdays, 6 of them holidays, plus the make-up Saturdays 14 and 28.
    expect(cal.workingDaysBetween('2026-01-31', '2026-02-28')).toBe(16);
    // October: 22 weekdays, 5 of them holidays (1, 2, 5, 6, 7), plus Saturday 10.
    expect(cal.workingDaysBetween('2026-09-30', '2026-10-31')).toBe(18);
  });

  it('agrees with isWorkingDay day by day over the whole of 2026', () => {
    const all = dates('2025-12-31', '2026-12-31');
    for (let i = 1; i < all.length; i++) {
      expect(cal.workingDaysBetween(all[i - 1]!, all[i]!), all[i]).toBe(cal.isWorkingDay(all[i]!) ? 1 : 0);
    }
    expect(cal.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(248);
  });

  it('is undone by adding the same number of working days, both ways', () => {
    const working = dates('2026-01-01', '2026-12-31').filter((d) => cal.isWorkingDay(d));
    for (const [i, d] of working.entries()) {
      if (i % 7) continue;
      for (const n of [1, 2, 5, 10, 20]) {
        const later = cal.addWorkingDays(d, n);
        expect(cal.workingDaysBetween(d, later), `${d}+${n}`).toBe(n);
        expect(cal.addWorkingDays(later, -n), `${d}+${n}-${n}`).toBe(d);
        expect(cal.isWorkingDay(later)).toBe(true);
      }
    }
  });

  it('counts only strictly after the start, so a holiday-to-holiday span may be zero', () => {
    expect(cal.workingDaysBetween('2026-10-01', '2026-10-07')).toBe(0);
    expect(cal.workingDaysBetween('2026-10-07', '2026-10-08')).toBe(1);
    expect(cal.workingDaysBetween('2026-10-08', '2026-10-07')).toBe(-1);
  });
});

describe('local dates in Asia/Shanghai', () => {
  it('turns the date over at 16:00 UTC, not at UTC midnight', () => {
    expect(cal.localDate(new Date('2026-01-31T15:59:59.999Z'))).toBe('2026-01-31');
    expect(cal.localDate(new Date('2026-01-31T16:00:00.000Z'))).toBe('2026-02-01');
    expect(cal.localDate(new Date('2026-01-31T00:00:00.000Z'))).toBe('2026-01-31');
    expect(cal.localDate(new Date('2026-02-28T16:00:00.000Z'))).toBe('2026-03-01');
    expect(cal.localDate(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
  });

  it('gives the local time of day, 24-hour', () => {
    expect(cal.localTime(new Date('2026-01-31T16:00:00Z'))).toBe('00:00');
    expect(cal.localTime(new Date('2026-01-31T15:59:59Z'))).toBe('23:59');
    expect(cal.localTime(new Date('2026-06-30T05:30:00Z'))).toBe('13:30');
  });

  it('judges the working day by the local date: late Friday UTC is the make-up Saturday in Shanghai', () => {
    const at = new Date('2026-02-13T16:30:00Z'); // Sat 14 Feb 00:30 in Shanghai
    expect(cal.localDate(at)).toBe('2026-02-14');
    expect(cal.isWorkingDay(cal.localDate(at))).toBe(true);
    const sunday = new Date('2026-02-14T16:30:00Z'); // Sun 15 Feb 00:30, the Spring Festival
    expect(cal.isWorkingDay(cal.localDate(sunday))).toBe(false);
  });

  it('closes business at 17:30 Shanghai time, whatever the day', () => {
    expect(cal.closeOfBusiness('2026-10-01').toISOString()).toBe('2026-10-01T09:30:00.000Z');
    expect(cal.closeOfBusiness('2026-02-14').toISOString()).toBe('2026-02-14T09:30:00.000Z');
    const custom = createCalendar(undefined, [{ start: 8 * 60, end: 16 * 60 }]);
    expect(custom.closeOfBusiness('2026-03-02').toISOString()).toBe('2026-03-02T08:00:00.000Z');
  });
});

describe('calendar overrides', () => {
  it('lets an override beat the package both ways, and everything follows it', () => {
    const custom = createCalendar({ holidays: ['2026-10-10'], workdays: ['2026-10-05'] });
    expect(custom.isWorkingDay('2026-10-10')).toBe(false); // the package's make-up Saturday, cancelled
    expect(custom.isWorkingDay('2026-10-05')).toBe(true); // a package holiday, worked
    expect(custom.addWorkingDays('2026-09-30', 1)).toBe('2026-10-05');
    expect(custom.addWorkingDays('2026-10-09', 1)).toBe('2026-10-12');
    expect(cal.isWorkingDay('2026-10-05')).toBe(false); // the default calendar is untouched
  });

  it('knows which years the holiday data covers', () => {
    expect(cal.coveredYears.has(2025)).toBe(true);
    expect(cal.coveredYears.has(2026)).toBe(true);
    expect(cal.coveredYears.has(1999)).toBe(false);
  });

  it('never falls back to plain Monday–Friday in a later year: the statutory holidays are computed, provisional', () => {
    // 2040-01-01 is a Sunday: 元旦 gives Monday 2 January off (补休); 2040-01-03 is an ordinary Tuesday.
    expect(cal.provisionalYears.has(2040)).toBe(true);
    expect(cal.isWorkingDay('2040-01-02')).toBe(false);
    expect(cal.isWorkingDay('2040-01-03')).toBe(true);
    expect(cal.isWorkingDay('2040-01-07')).toBe(false);
    expect(cal.addWorkingDays('2039-12-30', 1)).toBe('2040-01-03');
  });

  it('accepts only lists of real dates', () => {
    expect(CalendarOverrides.safeParse({ holidays: ['2026-10-32'], workdays: [] }).success).toBe(false);
    expect(CalendarOverrides.safeParse({ holidays: [] }).success).toBe(false);
    expect(CalendarOverrides.parse({ holidays: ['2031-01-01'], workdays: [] })).toEqual({
      holidays: ['2031-01-01'],
      workdays: [],
    });
  });
});
