import { z } from 'zod';
import { HOLIDAYS, type Holiday } from './holidays.ts';
import { lawDays } from './statutory.ts';

/** A day of an official arrangement: its date and the holiday it belongs to (a make-up workday may name none). */
export const ArrangedDay = z.object({ date: z.iso.date(), holiday: z.enum(HOLIDAYS).optional() });
export type ArrangedDay = z.infer<typeof ArrangedDay>;

/**
 * A year's official arrangement (the State Council's notice) as an administrator enters it: the days off and the
 * make-up workdays (调休上班). Entered, it replaces the year whole — the package's days and the provisional ones.
 */
export const YearArrangement = z.object({
  year: z.number().int().min(2000).max(2100),
  holidays: z.array(ArrangedDay).max(366),
  workdays: z.array(ArrangedDay).max(366),
});
export type YearArrangement = z.infer<typeof YearArrangement>;

/** One problem with an arrangement: the list and line (1-based) it is on, and a message key (`arrangement.*`). */
export interface ArrangementProblem {
  list: 'holidays' | 'workdays';
  line: number;
  message:
    | 'arrangement.date'
    | 'arrangement.otherYear'
    | 'arrangement.holiday'
    | 'arrangement.duplicate'
    | 'arrangement.both'
    | 'arrangement.workdayNotWeekend'
    | 'arrangement.lawDayMissing'
    | 'arrangement.empty';
  /** The date the problem is about, where it has one. */
  date?: string;
}

const weekend = (date: string) => {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
};

/**
 * What is wrong with an arrangement, line by line (none: it may be stored): every date inside the year and given
 * once; no date both off and worked; a make-up workday is a Saturday or Sunday (a weekday is worked anyway); a day
 * off names its holiday and may fall on any day (a holiday on a weekend is still the holiday); and every day the
 * 放假办法 itself names (元旦, 除夕 to 初三, 清明, 1–2 May, 端午, 中秋, 1–3 October) is off — a notice never takes one away,
 * so a missing one is a typing mistake.
 */
export function arrangementProblems(arrangement: YearArrangement): ArrangementProblem[] {
  const problems: ArrangementProblem[] = [];
  const { year } = arrangement;
  const seen = new Map<string, 'holidays' | 'workdays'>();
  for (const list of ['holidays', 'workdays'] as const) {
    arrangement[list].forEach((day, index) => {
      const line = index + 1;
      if (Number(day.date.slice(0, 4)) !== year) {
        problems.push({ list, line, message: 'arrangement.otherYear', date: day.date });
        return;
      }
      const earlier = seen.get(day.date);
      if (earlier) {
        problems.push({
          list,
          line,
          message: earlier === list ? 'arrangement.duplicate' : 'arrangement.both',
          date: day.date,
        });
        return;
      }
      seen.set(day.date, list);
      if (list === 'holidays' && !day.holiday)
        problems.push({ list, line, message: 'arrangement.holiday', date: day.date });
      if (list === 'workdays' && !weekend(day.date))
        problems.push({ list, line, message: 'arrangement.workdayNotWeekend', date: day.date });
    });
  }
  if (!arrangement.holidays.length)
    problems.push({ list: 'holidays', line: 0, message: 'arrangement.empty' });
  else {
    const off = new Set(arrangement.holidays.map((d) => d.date));
    for (const date of lawDays(year))
      if (!off.has(date))
        problems.push({ list: 'holidays', line: 0, message: 'arrangement.lawDayMissing', date });
  }
  return problems;
}

/**
 * The lines an administrator types, one day a line: a date (YYYY-MM-DD, or YYYY/M/D, or YYYY年M月D日) and, after a
 * space, comma or tab, the holiday — by any of the names `names` gives (its key, and its words in each language).
 * Blank lines are skipped; `lines` says which line (1-based) each day came from, and a line that cannot be read is
 * a problem on its line.
 */
export function parseArrangementLines(
  list: 'holidays' | 'workdays',
  text: string,
  names: ReadonlyMap<string, Holiday>,
): { days: ArrangedDay[]; lines: number[]; problems: ArrangementProblem[] } {
  const days: ArrangedDay[] = [];
  const lines: number[] = [];
  const problems: ArrangementProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const [first = '', ...rest] = raw.trim().split(/[\s,，、]+/);
    const date = normaliseDate(first);
    if (!date) {
      problems.push({ list, line, message: 'arrangement.date' });
      return;
    }
    const name = rest.join(' ').trim();
    const holiday = name ? (names.get(name) ?? names.get(name.toLowerCase())) : undefined;
    if (name && !holiday) problems.push({ list, line, message: 'arrangement.holiday', date });
    days.push({ date, ...(holiday ? { holiday } : {}) });
    lines.push(line);
  });
  return { days, lines, problems };
}

function normaliseDate(text: string): string | undefined {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!m) return undefined;
  const date = `${m[1]}-${(m[2] as string).padStart(2, '0')}-${(m[3] as string).padStart(2, '0')}`;
  return ArrangedDay.shape.date.safeParse(date).success ? date : undefined;
}

/** An arrangement as the lines the form shows (the reverse of `parseArrangementLines`, names by `nameOf`). */
export function arrangementLines(days: readonly ArrangedDay[], nameOf: (h: Holiday) => string): string {
  return days.map((d) => (d.holiday ? `${d.date} ${nameOf(d.holiday)}` : d.date)).join('\n');
}
