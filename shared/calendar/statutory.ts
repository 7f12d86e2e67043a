import chineseDays from 'chinese-days';
import { DateTime } from 'luxon';
import type { Holiday } from './holidays.ts';

const { getSolarDateFromLunar, getSolarTermDate } = chineseDays;

const iso = (dt: DateTime) => dt.toISODate() as string;
const utc = (date: string) => DateTime.fromISO(date, { zone: 'utc' });
const weekend = (date: string) => utc(date).weekday >= 6;

/** One day off the law gives: a holiday's own day, or the weekday given in lieu of one (补假). */
export interface StatutoryDay {
  date: string;
  holiday: Holiday;
  inLieu: boolean;
}

/**
 * The statutory public holidays of the 全国年节及纪念日放假办法 (第四次修订, 国务院 2024-11-10, in force from 2025), for a
 * year the State Council has not arranged yet. 第二条: 元旦 1 day (1 January), 春节 4 (农历除夕, 正月初一至初三), 清明节 1
 * (农历清明当日: the solar term's day), 劳动节 2 (1–2 May), 端午节 1 (农历五月初五), 中秋节 1 (农历八月十五), 国庆节 3 (1–3
 * October).
 *
 * 第六条: a holiday that falls on a Saturday or Sunday "应当在工作日补假" — the law does not say which working day; we
 * take the next one not already off (the notices of 2025 and 2026 put every 补假 right after its holiday too). A day
 * on which two holidays fall (中秋 on 1–3 October, as in 2031) owes one day the same way: the law gives each
 * holiday its days, and the 2020 notice (国庆中秋 8 days, four of them statutory) counted both.
 *
 * No make-up workdays (调休): the notices bridge holidays to weekends by moving weekend days to working days, a choice
 * made each year that no rule foresees; a provisional year keeps every Saturday and Sunday off. The notice, once
 * entered (`overrides.json`), replaces the year whole.
 */
export function statutoryDays(year: number): StatutoryDay[] {
  const off = new Map<string, StatutoryDay>();
  const owed: Omit<StatutoryDay, 'inLieu'>[] = [];
  for (const day of lawHolidays(year)) {
    if (off.has(day.date)) {
      owed.push(day); // two holidays on one day
      continue;
    }
    off.set(day.date, { ...day, inLieu: false });
    if (weekend(day.date)) owed.push(day);
  }
  for (const day of owed) {
    let next = utc(day.date).plus({ days: 1 });
    while (weekend(iso(next)) || off.has(iso(next))) next = next.plus({ days: 1 });
    off.set(iso(next), { date: iso(next), holiday: day.holiday, inLieu: true });
  }
  return [...off.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** The dates of `statutoryDays`. */
export function statutoryHolidays(year: number): string[] {
  return statutoryDays(year).map((d) => d.date);
}

/** The days the law itself names for a year, before any 补假 (a day two holidays share once). */
export function lawDays(year: number): string[] {
  return [...new Set(lawHolidays(year).map((d) => d.date))].sort();
}

/**
 * Each holiday's days for a year, in date order (the lunar ones from the lunar calendar). 除夕 is the day before
 * 正月初一 — the last day of the lunar year, 腊月廿九 when 腊月 has 29 days (as in 2025 to 2029: the 2025 notice gives
 * 1月28日 "农历除夕", 腊月廿九). The lunar dates are the ordinary months', never a leap month's (2028 has a 闰五月:
 * 端午 is in the first fifth month).
 */
function lawHolidays(year: number): Omit<StatutoryDay, 'inLieu'>[] {
  const lunar = (monthDay: string) => utc(getSolarDateFromLunar(`${year}-${monthDay}`).date);
  const newYear = lunar('01-01');
  const days: [string, Holiday][] = [
    [`${year}-01-01`, 'newYear'],
    [iso(newYear.minus({ days: 1 })), 'springFestival'],
    [iso(newYear), 'springFestival'],
    [iso(newYear.plus({ days: 1 })), 'springFestival'],
    [iso(newYear.plus({ days: 2 })), 'springFestival'],
    [getSolarTermDate(year, 4, 'pure_brightness'), 'tombSweeping'],
    [`${year}-05-01`, 'labourDay'],
    [`${year}-05-02`, 'labourDay'],
    [iso(lunar('05-05')), 'dragonBoat'],
    [iso(lunar('08-15')), 'midAutumn'],
    [`${year}-10-01`, 'nationalDay'],
    [`${year}-10-02`, 'nationalDay'],
    [`${year}-10-03`, 'nationalDay'],
  ];
  // Stable: on a day two holidays share, the earlier-named (in the law's order) keeps the day's name.
  return days.map(([date, holiday]) => ({ date, holiday })).sort((a, b) => a.date.localeCompare(b.date));
}
