import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { counterUpdate } from './counters.ts';
import type { Db } from './db.ts';
import type { Guarded } from './write.ts';

/** Every item of these keys that exists: BatchGetItem 100 keys at a time, retrying what DynamoDB left unprocessed. */
export async function batchGetAll(
  db: Db,
  keys: Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    while (request?.length) {
      const out = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: request } } }));
      items.push(...(out.Responses?.[db.table] ?? []));
      request = out.UnprocessedKeys?.[db.table]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return items;
}

/**
 * Add to counters on one item (creating it on first use), for a transaction. Zero additions are left out. The add is
 * a marker transact() applies after the commit, outside the transaction (see counters.ts): shared counters are hot.
 */
export function addToItem(
  db: Db,
  key: { PK: string; SK: string },
  add: Record<string, number | undefined>,
  name: { entity: string; id: string },
): Guarded[] {
  const entries = Object.entries(add).filter((e): e is [string, number] => !!e[1]);
  if (!entries.length) return [];
  const counter = { key, add: Object.fromEntries(entries) };
  return [{ ...name, reason: 'conflict', item: counterUpdate(db, key, counter.add), counter }];
}
