import { INDICATOR_KEYS, type IndicatorKey, LATE_COUNTERS, type LateCounter } from '../domain/indicators.ts';
import { addToItem, batchGetAll } from './batch.ts';
import type { Db } from './db.ts';
import type { Guarded } from './write.ts';

/**
 * Scoreboard counters, kept per department and month (`2026-03`), added to by the transaction of the change they
 * count (a registration, a completion, a verified report) — applied right after it commits, exactly once (see
 * counters.ts) — so the scoreboard reads a few small items, never the projects. The indicators' counters and what
 * adds to them are in `domain/indicators.ts`; the rest are the scoreboard's own.
 */
export const SCORE_COUNTERS = [
  ...INDICATOR_KEYS,
  ...LATE_COUNTERS,
  'tasksCompleted',
  'tasksOnTime',
  /** Projects stopped (终止/退出) and reactivated (盘活), counted when it happens. */
  'exited',
  'revived',
] as const;
export type ScoreCounter =
  | IndicatorKey
  | LateCounter
  | 'tasksCompleted'
  | 'tasksOnTime'
  | 'exited'
  | 'revived';
export type ScoreCounters = Record<ScoreCounter, number>;

export const ZERO_SCORES: ScoreCounters = Object.fromEntries(
  SCORE_COUNTERS.map((c) => [c, 0]),
) as ScoreCounters;

export const scoreKey = (departmentId: string, period: string) => ({
  PK: `STATS#DEPT#${departmentId}`,
  SK: `PERIOD#${period}`,
});

export interface ScoreAdd {
  departmentId: string;
  period: string;
  add: Partial<ScoreCounters>;
}

/** Counter adds for a transaction, merged per item (transact() merges again across counters). */
export function scoreItems(db: Db, adds: ScoreAdd[]): Guarded[] {
  const merged = new Map<string, ScoreAdd>();
  for (const a of adds) {
    const key = `${a.departmentId}|${a.period}`;
    const seen = merged.get(key)?.add ?? {};
    const add: Partial<ScoreCounters> = { ...seen };
    for (const [k, v] of Object.entries(a.add) as [ScoreCounter, number][]) add[k] = (add[k] ?? 0) + v;
    merged.set(key, { ...a, add });
  }
  return [...merged.values()].flatMap(({ departmentId, period, add }) =>
    addToItem(db, scoreKey(departmentId, period), add, { entity: 'scores', id: `${departmentId}/${period}` }),
  );
}

/** The counters of some departments for some periods (one batch read; missing items count as zero). */
export async function getScores(
  db: Db,
  departmentIds: string[],
  periods: string[],
): Promise<Map<string, ScoreCounters>> {
  const items = await batchGetAll(
    db,
    departmentIds.flatMap((d) => periods.map((p) => scoreKey(d, p))),
  );
  return new Map(
    items.map((item) => [
      `${String(item.PK).slice('STATS#DEPT#'.length)}|${String(item.SK).slice('PERIOD#'.length)}`,
      Object.fromEntries(SCORE_COUNTERS.map((c) => [c, Number(item[c] ?? 0)])) as ScoreCounters,
    ]),
  );
}
