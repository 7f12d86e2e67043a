import { addToItem, batchGetAll } from './batch.ts';
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
): Guarded[] {
  return addToItem(db, statsKey(scope, id), add, { entity: 'stats', id });
}

export async function getCounters(
  db: Db,
  keys: { scope: 'DEPT' | 'STAFF'; id: string }[],
): Promise<Map<string, NeedCounters>> {
  const items = await batchGetAll(
    db,
    keys.map((k) => statsKey(k.scope, k.id)),
  );
  return new Map(
    items.map((item) => [
      String(item.PK),
      Object.fromEntries(NEED_COUNTERS.map((c) => [c, Number(item[c] ?? 0)])) as NeedCounters,
    ]),
  );
}
