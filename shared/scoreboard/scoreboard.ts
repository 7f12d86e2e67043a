import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { INDICATOR_KEYS, type IndicatorKey } from '../domain/indicators.ts';
import { parseInput } from '../domain/input-error.ts';
import type { Department } from '../domain/organisation.ts';
import { type NeedFigures, needFigures } from '../needs/figures.ts';
import { listDepartments } from '../store/organisation.ts';
import { getScores, SCORE_COUNTERS, type ScoreCounters, ZERO_SCORES } from '../store/scores.ts';
import { isClosed, monthsOf } from './periods.ts';
import { type IndicatorProgress, indicatorProgress, rankBy, rate } from './progress.ts';
import { getUsdRate, targetsOf } from './targets.ts';

const sum = (list: ScoreCounters[]): ScoreCounters =>
  Object.fromEntries(SCORE_COUNTERS.map((k) => [k, list.reduce((s, c) => s + c[k], 0)])) as ScoreCounters;

export interface DepartmentScore {
  id: string;
  name: string;
  nameEn?: string;
  targets: Partial<Record<IndicatorKey, number>>;
  /** Each indicator: the year so far, 双过半, 序时进度 at the month asked for, month by month. */
  indicators: IndicatorProgress[];
  /** The year's counters (every month, late reports included). */
  totals: ScoreCounters;
  firstHalf: ScoreCounters;
  secondHalf: ScoreCounters;
  onTimeRate: number | null;
  needs?: NeedFigures;
}

export const ScoreboardQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  /** The month 序时进度 is read at, 1–12 (this month for this year, December for a past year). */
  month: z.coerce.number().int().min(1).max(12).optional(),
  /** The indicator the departments are ranked by (合同投资额 unless said). */
  rank: z.enum(INDICATOR_KEYS as [IndicatorKey, ...IndicatorKey[]]).optional(),
});

export interface Scoreboard {
  year: number;
  today: string;
  /** The month 序时进度 is read at (YYYY-MM). */
  atMonth: string;
  /** CNY per USD for the year, if a manager set it (外资 in 万美元). */
  usdRate?: number;
  departments: DepartmentScore[];
  /** The zone as a whole: the departments' counters and targets added up. */
  zone: DepartmentScore;
  /** The departments ranked by one indicator's 序时完成率 at `atMonth`. */
  ranking: { indicator: IndicatorKey; ids: string[] };
  /** Only one department's (a head's scoreboard): no zone line to show. */
  scoped?: true;
}

function score(input: {
  department: Pick<Department, 'id' | 'name' | 'nameEn'>;
  targets: Partial<Record<IndicatorKey, number>>;
  months: { month: string; counters: ScoreCounters }[];
  atMonth: string;
  closed: (month: string) => boolean;
  usdRate?: number;
  needs?: NeedFigures;
}): DepartmentScore {
  const { department, months } = input;
  const firstHalf = sum(months.slice(0, 6).map((m) => m.counters));
  const secondHalf = sum(months.slice(6).map((m) => m.counters));
  const totals = sum([firstHalf, secondHalf]);
  return {
    id: department.id,
    name: department.name,
    nameEn: department.nameEn,
    targets: input.targets,
    indicators: indicatorProgress(input),
    totals,
    firstHalf,
    secondHalf,
    onTimeRate: rate(totals.tasksOnTime, totals.tasksCompleted),
    needs: input.needs,
  };
}

/**
 * The zone's target for an indicator: the departments' added up — only when every department has one, since the
 * zone's achievement is every department's (a department without a target would make the zone look ahead).
 */
export function zoneTargetsOf(
  departments: Partial<Record<IndicatorKey, number>>[],
): Partial<Record<IndicatorKey, number>> {
  if (!departments.length) return {};
  const out: Partial<Record<IndicatorKey, number>> = {};
  for (const key of INDICATOR_KEYS) {
    const values = departments.map((t) => t[key]);
    if (values.every((v) => v !== undefined)) out[key] = values.reduce((sum: number, v) => sum + (v ?? 0), 0);
  }
  return out;
}

/**
 * Every department's score for a year — or, for a department head (`onlyDepartmentId`), their department's alone:
 * one read of the departments, one batch read of their twelve months of counters, the year's rate.
 */
export async function loadScoreboard(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar'>,
  input: unknown,
  onlyDepartmentId?: string,
): Promise<Scoreboard> {
  const q = parseInput(ScoreboardQuery, input);
  const now = deps.clock.now();
  const today = deps.calendar.localDate(now);
  const thisYear = Number(today.slice(0, 4));
  const year = q.year ?? thisYear;
  const month = q.month ?? (year === thisYear ? Number(today.slice(5, 7)) : year < thisYear ? 12 : 1);
  const atMonth = `${year}-${String(month).padStart(2, '0')}`;
  const months = monthsOf(year);
  const departments = (await listDepartments(deps.db)).filter(
    (d) => onlyDepartmentId === undefined || d.id === onlyDepartmentId,
  );
  const [scores, needs, usdRate] = await Promise.all([
    getScores(
      deps.db,
      departments.map((d) => d.id),
      months,
    ),
    needFigures(deps, onlyDepartmentId),
    getUsdRate(deps, year),
  ]);
  const closed = (m: string) => isClosed(deps.calendar, m, now);
  const common = { atMonth, closed, usdRate };
  const rows = departments.map((department) =>
    score({
      ...common,
      department,
      targets: targetsOf(department, year),
      months: months.map((m) => ({ month: m, counters: scores.get(`${department.id}|${m}`) ?? ZERO_SCORES })),
      needs: needs.departments.find((n) => n.id === department.id),
    }),
  );
  const zoneTargets = zoneTargetsOf(rows.map((r) => r.targets));
  const zone = score({
    ...common,
    department: { id: 'zone', name: 'zone' },
    targets: zoneTargets,
    months: months.map((m) => ({
      month: m,
      counters: sum(departments.map((d) => scores.get(`${d.id}|${m}`) ?? ZERO_SCORES)),
    })),
  });
  const indicator = q.rank ?? 'contracted';
  return {
    year,
    today,
    atMonth,
    ...(usdRate === undefined ? {} : { usdRate }),
    departments: rows,
    zone,
    ranking: { indicator, ids: rankBy(rows, indicator).map((r) => r.id) },
    ...(onlyDepartmentId === undefined ? {} : { scoped: true }),
  };
}
