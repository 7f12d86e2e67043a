import chineseDays from 'chinese-days';
import { DateTime } from 'luxon';

const { getSolarDateFromLunar, getSolarTermDate } = chineseDays;

const iso = (dt: DateTime) => dt.toISODate() as string;
const weekend = (date: string) => DateTime.fromISO(date, { zone: 'utc' }).weekday >= 6;

/**
 * The statutory public holidays the 全国年节及纪念日放假办法 fixes (as amended in 2024, in force from 2025), for a year the
 * State Council has not arranged yet: 元旦 (1 January), 春节 (农历除夕 and 正月初一 to 初三), 清明 (the solar term), 劳动节
 * (1–2 May), 端午 (农历五月初五), 中秋 (农历八月十五) and 国庆 (1–3 October). A holiday that falls on a Saturday or Sunday
 * gives the next weekday off instead (补休). It is provisional: the notice, once entered (`overrides.json`), wins — it
 * also bridges holidays with weekends moved to make-up working days, which no rule can foresee.
 */
export function statutoryHolidays(year: number): string[] {
  const off = new Set(lawDays(year));
  for (const day of [...off].sort()) {
    if (!weekend(day)) continue;
    let next = DateTime.fromISO(day, { zone: 'utc' }).plus({ days: 1 });
    while (weekend(iso(next)) || off.has(iso(next))) next = next.plus({ days: 1 });
    off.add(iso(next));
  }
  return [...off].sort();
}

/** The days the law itself names for a year, before any 补休 (the lunar ones from the lunar calendar). */
export function lawDays(year: number): string[] {
  const lunar = (monthDay: string) =>
    DateTime.fromISO(getSolarDateFromLunar(`${year}-${monthDay}`).date, { zone: 'utc' });
  const newYear = lunar('01-01');
  const days = [
    `${year}-01-01`,
    iso(newYear.minus({ days: 1 })),
    iso(newYear),
    iso(newYear.plus({ days: 1 })),
    iso(newYear.plus({ days: 2 })),
    getSolarTermDate(year, 4, 'pure_brightness'),
    `${year}-05-01`,
    `${year}-05-02`,
    iso(lunar('05-05')),
    iso(lunar('08-15')),
    `${year}-10-01`,
    `${year}-10-02`,
    `${year}-10-03`,
  ];
  return [...new Set(days)].sort();
}
