import source from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { lawDays, statutoryHolidays } from '#shared/calendar/statutory.ts';
import { createCalendar } from '#shared/calendar/working-days.ts';

/**
 * Issue 17 item 5, the calendar's first part: a year without the State Council's arrangement is not plain
 * Monday–Friday (元旦, 春节, 清明, 端午, 中秋 and 国庆 2027 were working days, and reminders would have gone out on 初三).
 */
const cal = createCalendar();

describe('the statutory holidays, computed from the law and the lunar calendar', () => {
  it('are all holidays in the years the State Council arranged (2025, 2026): the lunar dates are right', () => {
    const official = new Set(Object.keys(source.holidays));
    for (const year of [2025, 2026]) {
      const days = lawDays(year);
      expect(days).toHaveLength(13);
      for (const day of days) expect(official.has(day), `${year}: ${day}`).toBe(true);
    }
  });

  it('give 2027 its Spring Festival with 初三 off, and a weekday for each holiday on a weekend', () => {
    // 除夕 Fri 5 February, 初一 Sat 6, 初二 Sun 7, 初三 Mon 8; the weekend's two give Tue 9 and Wed 10 (补休).
    for (const day of ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10'])
      expect(cal.isWorkingDay(day), day).toBe(false);
    expect(cal.isWorkingDay('2027-02-11')).toBe(true);
    // 国庆 Fri 1 – Sun 3 October: Mon 4 and Tue 5 off too; 清明 Mon 5 April; 端午 Wed 9 June; 中秋 Wed 15 September.
    for (const day of ['2027-10-04', '2027-10-05', '2027-04-05', '2027-06-09', '2027-09-15', '2027-01-01'])
      expect(cal.isWorkingDay(day), day).toBe(false);
    expect(cal.isWorkingDay('2027-10-06')).toBe(true);
    // 劳动节 Sat 1 – Sun 2 May: Mon 3 and Tue 4 off.
    expect(['2027-05-03', '2027-05-04', '2027-05-05'].map((d) => cal.isWorkingDay(d))).toEqual([
      false,
      false,
      true,
    ]);
    expect(statutoryHolidays(2027)).toHaveLength(13 + 6);
  });

  it('mark every year after the last arrangement as provisional, up to 2100', () => {
    expect(cal.provisionalYears.has(2026)).toBe(false);
    expect(cal.provisionalYears.has(2027)).toBe(true);
    expect(cal.provisionalYears.has(2100)).toBe(true);
    expect(cal.provisionalYears.has(2101)).toBe(false);
  });
});
