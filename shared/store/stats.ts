import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import type { Guarded } from './write.ts';

/** Counters about needs, kept per department and per staff member, added to in the same write as each action. */
export const NEED_COUNTERS = [
  'opened',
  'signedFor',
  'signedForOnTime',
  'resolved',
  'resolvedOnTime',
  'resolveWorkingDays',
  'rated',
  'satisfied',
] as const;
export type NeedCounter = (typeof NEED_COUNTERS)[number];
export type NeedCounters = Record<NeedCounter, number>;

export const statsKey = (scope: 'DEPT' | 'STAFF', id: string) => ({
  PK: `STATS#${scope}#${id}`,
  SK: 'NEEDS',
});

/** Add to counters (creating the item on first use): part of the action's transaction, so never out of step. */
export function addToCounters(
  db: Db,
  scope: 'DEPT' | 'STAFF',
  id: string,
  add: Partial<NeedCounters>,
): Guarded {
  const entries = Object.entries(add).filter(([, n]) => n);
  return {
    entity: 'stats',
    id,
    reason: 'conflict',
    item: {
      Update: {
        TableName: db.table,
        Key: statsKey(scope, id),
        UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#c${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:c${i}`, v])),
      },
    },
  };
}

export async function getCounters(
  db: Db,
  keys: { scope: 'DEPT' | 'STAFF'; id: string }[],
): Promise<Map<string, NeedCounters>> {
  const result = new Map<string, NeedCounters>();
  if (!keys.length) return result;
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, unknown>[] | undefined = keys
      .slice(i, i + 100)
      .map((k) => statsKey(k.scope, k.id));
    while (request?.length) {
      const out = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: request } } }));
      for (const item of out.Responses?.[db.table] ?? []) {
        result.set(
          String(item.PK),
          Object.fromEntries(NEED_COUNTERS.map((c) => [c, Number(item[c] ?? 0)])) as NeedCounters,
        );
      }
      request = out.UnprocessedKeys?.[db.table]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return result;
}
