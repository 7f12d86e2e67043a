import { addToItem, batchGetAll } from './batch.ts';
import type { Db } from './db.ts';
import type { Guarded } from './write.ts';

/** Counters about needs, kept per department and per staff member, added to by each action (see addToCounters). */
export const NEED_COUNTERS = [
  'opened',
  'signedFor',
  'signedForOnTime',
  'resolved',
  'resolvedOnTime',
  'resolveWorkingDays',
  'rated',
  'satisfied',
  /** Needs the owner returned as not theirs ("not ours"), counted against that owner and their department. */
  'returned',
  // Urgent needs' first contact (先行联系): owed (at opening), made, made by its deadline.
  'firstContactDue',
  'firstContacted',
  'firstContactOnTime',
  // Counted once per need, when it ends (`shared/needs/outcome.ts`): the figures' rates come from these.
  'finalised',
  'respondedOnTime',
  'answeredOnTime',
  'revisited',
  'revisitResolved',
  'revisitSatisfied',
  'explained',
  'merged',
  'withdrawn',
  // Parts asked of an assisting department (协办), counted for it and whoever answered when answered.
  'partsAnswered',
  'partsAnsweredOnTime',
] as const;
export type NeedCounter = (typeof NEED_COUNTERS)[number];
export type NeedCounters = Record<NeedCounter, number>;

export const statsKey = (scope: 'DEPT' | 'STAFF', id: string) => ({
  PK: `STATS#${scope}#${id}`,
  SK: 'NEEDS',
});

/**
 * Add to counters (creating the item on first use), for the action's transaction: recorded in it and applied right
 * after it commits, exactly once (see counters.ts), so never lost and never counted twice.
 */
export function addToCounters(
  db: Db,
  scope: 'DEPT' | 'STAFF',
  id: string,
  add: Partial<NeedCounters>,
): Guarded[] {
  return addToItem(db, statsKey(scope, id), add, { entity: 'stats', id });
}

/** Add to a department's counters and one of its people's at once: every need figure counts for both. */
export function addToFigures(
  db: Db,
  holder: { departmentId: string; staffId: string },
  add: Partial<NeedCounters>,
): Guarded[] {
  return [
    ...addToCounters(db, 'DEPT', holder.departmentId, add),
    ...addToCounters(db, 'STAFF', holder.staffId, add),
  ];
}

/** One department's or staff member's counters in what getCounters read (undefined: none counted yet). */
export function countersOf(
  counters: Map<string, NeedCounters>,
  scope: 'DEPT' | 'STAFF',
  id: string,
): NeedCounters | undefined {
  return counters.get(statsKey(scope, id).PK);
}

/** The counters of these departments and staff members, by their item's partition key (see countersOf). */
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
