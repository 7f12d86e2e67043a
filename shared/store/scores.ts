import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import type { Guarded } from './write.ts';

/**
 * Scoreboard counters, kept per department and half-year (`2026-H1`), added to in the same transaction as the
 * change they count (a registration, a completion), so the scoreboard reads a few small items, never the projects.
 */
export const SCORE_COUNTERS = [
  'broughtIn',
  'contracted',
  'fundsArrived',
  'tasksCompleted',
  'tasksOnTime',
] as const;
export type ScoreCounter = (typeof SCORE_COUNTERS)[number];
export type ScoreCounters = Record<ScoreCounter, number>;

export const ZERO_SCORES: ScoreCounters = {
  broughtIn: 0,
  contracted: 0,
  fundsArrived: 0,
  tasksCompleted: 0,
  tasksOnTime: 0,
};

export const scoreKey = (departmentId: string, period: string) => ({
  PK: `STATS#DEPT#${departmentId}`,
  SK: `PERIOD#${period}`,
});

export interface ScoreAdd {
  departmentId: string;
  period: string;
  add: Partial<ScoreCounters>;
}

/** Counter updates for a transaction, merged per item: a transaction may not touch the same item twice. */
export function scoreItems(db: Db, adds: ScoreAdd[]): Guarded[] {
  const merged = new Map<string, ScoreAdd>();
  for (const a of adds) {
    const key = `${a.departmentId}|${a.period}`;
    const seen = merged.get(key)?.add ?? {};
    const add: Partial<ScoreCounters> = { ...seen };
    for (const [k, v] of Object.entries(a.add) as [ScoreCounter, number][]) add[k] = (add[k] ?? 0) + v;
    merged.set(key, { ...a, add });
  }
  return [...merged.values()].flatMap(({ departmentId, period, add }) => {
    const entries = Object.entries(add).filter(([, n]) => n);
    if (!entries.length) return [];
    return [
      {
        entity: 'scores',
        id: `${departmentId}/${period}`,
        reason: 'conflict',
        item: {
          Update: {
            TableName: db.table,
            Key: scoreKey(departmentId, period),
            UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#c${i}`, k])),
            ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:c${i}`, v])),
          },
        },
      },
    ];
  });
}

/** The counters of some departments for some periods (one batch read; missing items count as zero). */
export async function getScores(
  db: Db,
  departmentIds: string[],
  periods: string[],
): Promise<Map<string, ScoreCounters>> {
  const wanted = departmentIds.flatMap((d) => periods.map((p) => scoreKey(d, p)));
  const result = new Map<string, ScoreCounters>();
  for (let i = 0; i < wanted.length; i += 100) {
    let request: Record<string, unknown>[] | undefined = wanted.slice(i, i + 100);
    while (request?.length) {
      const out = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: request } } }));
      for (const item of out.Responses?.[db.table] ?? []) {
        const departmentId = String(item.PK).slice('STATS#DEPT#'.length);
        const period = String(item.SK).slice('PERIOD#'.length);
        result.set(
          `${departmentId}|${period}`,
          Object.fromEntries(SCORE_COUNTERS.map((c) => [c, Number(item[c] ?? 0)])) as ScoreCounters,
        );
      }
      request = out.UnprocessedKeys?.[db.table]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return result;
}
