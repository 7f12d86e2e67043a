import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '../domain/ids.ts';
import type { Db, TransactItem } from './db.ts';
import { cancellationReasons, isTransientCancellation } from './errors.ts';
import { withBackoff } from './retry.ts';

/**
 * Shared counters (needs figures, scoreboard) are hot: every completion in a department adds to the same item, so
 * adding to them inside the business transaction makes concurrent changes cancel each other (TransactionConflict).
 * Instead the business transaction writes one new "pending counters" item (new, so it never conflicts) and, once it
 * has committed, the adds are applied together with the pending item's conditional delete: applied once, however
 * often that is tried. What a crash leaves pending, the sweep applies.
 */
const PK = 'COUNTQ';

export interface CounterKey {
  PK: string;
  SK: string;
}

export interface CounterAdd {
  key: CounterKey;
  add: Record<string, number>;
}

export interface PendingCounters {
  sk: string;
  adds: CounterAdd[];
}

/** The ADD update of some counters on one item, creating it on first use. */
export function counterUpdate(db: Db, key: CounterKey, add: Record<string, number>): TransactItem {
  const entries = Object.entries(add);
  return {
    Update: {
      TableName: db.table,
      Key: key,
      UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#c${i}`, k])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:c${i}`, v])),
    },
  };
}

/**
 * Adds merged per item (a transaction may not touch an item twice), zeros left out, under a new key. Stamped with
 * the wall clock, not the app's clock: the sweep's "a minute old" is about a writer that may still be applying it.
 */
export function newPendingCounters(adds: CounterAdd[]): PendingCounters | undefined {
  const merged = new Map<string, CounterAdd>();
  for (const { key, add } of adds) {
    const id = `${key.PK}|${key.SK}`;
    const into = merged.get(id) ?? { key, add: {} };
    for (const [k, v] of Object.entries(add)) into.add[k] = (into.add[k] ?? 0) + v;
    merged.set(id, into);
  }
  const nonZero = [...merged.values()]
    .map(({ key, add }) => ({ key, add: Object.fromEntries(Object.entries(add).filter(([, v]) => v !== 0)) }))
    .filter((a) => Object.keys(a.add).length);
  if (!nonZero.length) return undefined;
  const now = Date.now();
  return { sk: `${new Date(now).toISOString()}#${newId(now)}`, adds: nonZero };
}

/** The pending item, as a Put in the business transaction. */
export function pendingItem(db: Db, pending: PendingCounters): TransactItem {
  return {
    Put: {
      TableName: db.table,
      Item: { PK, SK: pending.sk, type: 'PendingCounters', adds: pending.adds },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/**
 * Apply pending adds: the counter updates and the pending item's delete in one transaction, retried on conflict.
 * 'already' when the item was gone (applied before, e.g. by the sweep and its writer both): nothing is added twice.
 */
export async function applyCounters(db: Db, pending: PendingCounters): Promise<'applied' | 'already'> {
  const items = [
    ...pending.adds.map(({ key, add }) => counterUpdate(db, key, add)),
    {
      Delete: {
        TableName: db.table,
        Key: { PK, SK: pending.sk },
        ConditionExpression: 'attribute_exists(PK)',
      },
    },
  ];
  try {
    await withBackoff(
      () => db.doc.send(new TransactWriteCommand({ TransactItems: items })),
      isTransientCancellation,
    );
    return 'applied';
  } catch (error) {
    // Only the delete has a condition.
    if (cancellationReasons(error)[items.length - 1] === 'ConditionalCheckFailed') return 'already';
    throw error;
  }
}

/** Pending items written before `before` (oldest first): what a writer did not get to apply. */
export async function pendingCounters(db: Db, before: Date, limit = 100): Promise<PendingCounters[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'PK = :pk AND SK < :before',
      ExpressionAttributeValues: { ':pk': PK, ':before': before.toISOString() },
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => ({ sk: String(i.SK), adds: i.adds as CounterAdd[] }));
}

/** The sweep's part: apply what was left pending before `before`; how many were applied. */
export async function applyPendingCounters(db: Db, before: Date): Promise<number> {
  let applied = 0;
  for (;;) {
    const pending = await pendingCounters(db, before);
    for (const p of pending) if ((await applyCounters(db, p)) === 'applied') applied++;
    if (pending.length < 100) return applied;
  }
}
