import { INDICATORS, type Indicator, type IndicatorKey, type LateCounter } from '../domain/indicators.ts';
import type { ScoreCounters } from '../store/scores.ts';

/**
 * 双过半 for one indicator: 时间过半、任务过半 — what the first half-year achieved (January to June, reports made before
 * June closed) reaches half the indicator's annual target. Pending until June closes unless already met; then passed
 * or failed. Each indicator is checked on its own (not "all of them together").
 */
export type Halfway = 'passed' | 'failed' | 'pending' | 'noTarget';

/** 序时进度: cumulative achievement through a month against the time-proportional target (target × months ÷ 12). */
export type Schedule = 'ahead' | 'behind' | 'noTarget';

/** One month of one indicator: this month's amount, the cumulative amount and the time-proportional target. */
export interface MonthProgress {
  month: string;
  amount: number;
  cumulative: number;
  /** Of the month's amount, what was reported after the month closed (逾期补报; not in a closed month's result). */
  late: number;
  expected: number | null;
  /** cumulative ÷ expected. */
  rate: number | null;
  schedule: Schedule;
}

export interface IndicatorProgress {
  key: IndicatorKey;
  unit: Indicator['unit'];
  /** The annual target, in the indicator's unit (万元, 万美元, projects); none if not set. */
  target: number | null;
  /** The year so far (every report, late ones included). */
  achieved: number;
  /** Of which reported after their month closed. */
  late: number;
  /** achieved ÷ target. */
  share: number | null;
  /** The first half-year's result: reports made after June closed are not in it. */
  firstHalf: number;
  halfway: Halfway;
  /** 序时进度 through the month asked for. */
  atMonth: MonthProgress;
  months: MonthProgress[];
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
export const rate = (part: number, whole: number | null | undefined): number | null =>
  whole ? round(part / whole, 3) : null;

/** 万元 → 万美元 at the year's rate (CNY per USD), to one decimal; `null` when no rate is set. */
export function toUsdWan(wan: number, usdRate: number | undefined): number | null {
  return usdRate ? round(wan / usdRate, 1) : null;
}

export interface ProgressInput {
  /** Each month's counters, January first (12 entries). */
  months: { month: string; counters: ScoreCounters }[];
  targets: Partial<Record<IndicatorKey, number>>;
  /** The month 序时进度 is read at (YYYY-MM, within the year). */
  atMonth: string;
  /** Which months have closed (their late reports are kept out of their result). */
  closed: (month: string) => boolean;
  /** CNY per USD for the year (外资 in 万美元). */
  usdRate?: number;
}

/** Every indicator's progress for a year: per month, 序时进度 at a month, 双过半. A plain function of the counters. */
export function indicatorProgress(input: ProgressInput): IndicatorProgress[] {
  return INDICATORS.map((indicator) => progressOf(indicator, input));
}

function progressOf(indicator: Indicator, input: ProgressInput): IndicatorProgress {
  const key = indicator.key;
  const lateKey = `${key}Late` as LateCounter;
  const reported = 'reported' in indicator;
  const convert = (n: number) =>
    indicator.unit === 'usdWan' ? (toUsdWan(n, input.usdRate) ?? 0) : round(n, 1);
  const target = input.targets[key] ?? null;
  // 外资 without the year's rate cannot be judged in 万美元: no target to judge it by, rather than a zero.
  const unjudged = indicator.unit === 'usdWan' && !input.usdRate;
  const hasTarget = target !== null && target > 0 && !unjudged;
  let onTime = 0;
  let all = 0;
  const months: MonthProgress[] = input.months.map(({ month, counters }, i) => {
    const own = counters[key] ?? 0;
    const late = reported ? (counters[lateKey] ?? 0) : 0;
    onTime += own;
    all += own + late;
    // A closed month's cumulative result leaves out what came late; an open month counts it.
    const cumulative = convert(input.closed(month) ? onTime : all);
    const expected = hasTarget ? round((target * (i + 1)) / 12, 1) : null;
    return {
      month,
      amount: convert(own + late),
      cumulative,
      late: convert(late),
      expected,
      rate: rate(cumulative, expected),
      schedule: expected === null ? 'noTarget' : cumulative >= expected ? 'ahead' : 'behind',
    };
  });
  const firstHalfMonths = input.months.slice(0, 6);
  const firstHalf = convert(firstHalfMonths.reduce((s, m) => s + (m.counters[key] ?? 0), 0));
  const juneClosed = input.closed(firstHalfMonths[5]?.month ?? '');
  const halfway: Halfway = !hasTarget
    ? 'noTarget'
    : firstHalf * 2 >= target
      ? 'passed'
      : juneClosed
        ? 'failed'
        : 'pending';
  const achieved = convert(all);
  const at = months.find((m) => m.month === input.atMonth) ?? (months[months.length - 1] as MonthProgress);
  return {
    key,
    unit: indicator.unit,
    target: hasTarget ? target : null,
    achieved,
    late: round(achieved - convert(onTime), 1),
    share: rate(achieved, hasTarget ? target : null),
    firstHalf,
    halfway,
    atMonth: at,
    months,
  };
}

/**
 * The department ranking for one indicator at a month: by 序时完成率 (cumulative ÷ time-proportional target), highest
 * first; departments without a target for it come last, by amount. Ties keep the departments' order.
 */
export function rankBy<T extends { indicators: IndicatorProgress[] }>(rows: T[], key: IndicatorKey): T[] {
  return [...rows].sort(byRank(key));
}

function byRank<T extends { indicators: IndicatorProgress[] }>(key: IndicatorKey) {
  const of = (r: T) => r.indicators.find((i) => i.key === key);
  return (a: T, b: T) => {
    const x = of(a)?.atMonth;
    const y = of(b)?.atMonth;
    const xr = x?.rate ?? null;
    const yr = y?.rate ?? null;
    if (xr !== null && yr !== null) return yr - xr;
    if (xr !== null) return -1;
    if (yr !== null) return 1;
    return (y?.cumulative ?? 0) - (x?.cumulative ?? 0);
  };
}

/**
 * Each ranked row's place, ties sharing one (1, 1, 3…): departments level on the indicator are level in the ranking,
 * not ordered by the table's order. `ranked` as `rankBy` gives it. Pure.
 */
export function places<T extends { indicators: IndicatorProgress[] }>(
  ranked: T[],
  key: IndicatorKey,
): number[] {
  const compare = byRank<T>(key);
  const out: number[] = [];
  ranked.forEach((r, i) => {
    out.push(i > 0 && compare(ranked[i - 1] as T, r) === 0 ? (out[i - 1] as number) : i + 1);
  });
  return out;
}
