import { isDeepStrictEqual } from 'node:util';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, TransactionConflictError } from '../domain/errors.ts';
import { logger } from '../log/logger.ts';
import { applyCounters, type CounterAdd, newPendingCounters, pendingItem } from './counters.ts';
import type { Db, TransactItem } from './db.ts';
import { cancellationReasons, isConditionFailure, isTransientCancellation } from './errors.ts';
import { withBackoff } from './retry.ts';

/** A Put that fails if the item already exists: how every new item is written. */
export function putNew(db: Db, item: Record<string, unknown>): TransactItem {
  return { Put: { TableName: db.table, Item: item, ConditionExpression: 'attribute_not_exists(PK)' } };
}

export interface Guarded {
  /** Names the item in a ConflictError when its condition fails. */
  entity: string;
  id: string;
  /** What the conflict means, e.g. 'exists', 'version', 'not-open'. */
  reason: string;
  item: TransactItem;
  /**
   * Set on a shared counter's add (see counters.ts): transact() leaves `item` out of the transaction and writes a
   * pending item instead, applied once the transaction has committed.
   */
  counter?: CounterAdd;
}

/**
 * Write several items atomically. If any condition fails, nothing is written and the first failing item's
 * ConflictError is thrown. A transaction cancelled only because other requests held its items (or by throttling) is
 * retried with backoff, then fails with TransactionConflictError (503), never as a conflict. Counter adds among the
 * items are applied after the commit; if that fails they stay pending (logged) and the sweep applies them.
 */
export async function transact(db: Db, items: Guarded[]): Promise<void> {
  const pending = newPendingCounters(items.flatMap((i) => (i.counter ? [i.counter] : [])));
  const written = items.filter((i) => !i.counter);
  if (pending)
    written.push({ entity: 'counters', id: pending.sk, reason: 'exists', item: pendingItem(db, pending) });
  if (!written.length) return;
  try {
    await withBackoff(
      () => db.doc.send(new TransactWriteCommand({ TransactItems: written.map((i) => i.item) })),
      isTransientCancellation,
    );
  } catch (error) {
    if (isTransientCancellation(error)) throw new TransactionConflictError({ cause: error });
    if (!isConditionFailure(error)) throw error;
    const reasons = cancellationReasons(error);
    const failed = written[reasons.indexOf('ConditionalCheckFailed')] ?? written[0];
    throw new ConflictError(failed?.entity ?? 'item', failed?.id ?? '?', failed?.reason ?? 'conflict');
  }
  if (!pending) return;
  try {
    await applyCounters(db, pending);
  } catch (error) {
    // The change itself is stored; its counters wait for the sweep.
    logger.warn('counters left pending for the sweep', { pending: pending.sk, error: (error as Error).name });
  }
}

export interface VersionedUpdate {
  entity: string;
  id: string;
  key: { PK: string; SK: string };
  /**
   * The version the caller read; the write fails with ConflictError('version') if someone wrote since. Leave it
   * out only where a status condition (`also`) is the whole rule, e.g. completing an open task.
   */
  expectedVersion?: number;
  set?: Record<string, unknown>;
  remove?: string[];
  /** An extra condition (e.g. a status check), with the reason to report when it fails. */
  also?: {
    expression: string;
    names?: Record<string, string>;
    values: Record<string, unknown>;
    reason: string;
  };
}

/** Build the expression parts of a versioned update (shared by single writes and transactions). */
export function versionedUpdateParts(u: VersionedUpdate) {
  const names: Record<string, string> = { '#version': 'version' };
  const values: Record<string, unknown> = { ':one': 1 };
  const sets = ['#version = #version + :one'];
  Object.entries(u.set ?? {}).forEach(([field, value], i) => {
    names[`#s${i}`] = field;
    values[`:s${i}`] = value;
    sets.push(`#s${i} = :s${i}`);
  });
  const removes = (u.remove ?? []).map((field, i) => {
    names[`#r${i}`] = field;
    return `#r${i}`;
  });
  let condition = 'attribute_exists(PK)';
  if (u.expectedVersion !== undefined) {
    condition += ' AND #version = :expected';
    values[':expected'] = u.expectedVersion;
  }
  if (u.also) {
    condition += ` AND (${u.also.expression})`;
    Object.assign(values, u.also.values);
    Object.assign(names, u.also.names);
  }
  const update = `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`;
  return {
    Key: u.key,
    UpdateExpression: update,
    ConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

export function updateItem(db: Db, u: VersionedUpdate, reason = 'version'): Guarded {
  return {
    entity: u.entity,
    id: u.id,
    reason: u.also?.reason ?? reason,
    item: { Update: { TableName: db.table, ...versionedUpdateParts(u) } },
  };
}

/** A single conditional update; returns the item as written. */
export async function updateVersioned(db: Db, u: VersionedUpdate): Promise<Record<string, unknown>> {
  try {
    const out = await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        ...versionedUpdateParts(u),
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return out.Attributes ?? {};
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const old = (error as { Item?: Record<string, unknown> }).Item;
    if (!old) throw new NotFoundError(u.entity, u.id);
    throw new ConflictError(
      u.entity,
      u.id,
      old.version !== u.expectedVersion ? 'version' : (u.also?.reason ?? 'conflict'),
    );
  }
}

/**
 * A single conditional write of one Put or Update built for a transaction, outside any transaction (a transaction
 * costs twice the write units). A failed condition is the item's ConflictError, as in transact().
 */
export async function writeItem(db: Db, g: Guarded): Promise<void> {
  try {
    if (g.item.Put) await db.doc.send(new PutCommand(g.item.Put));
    else if (g.item.Update) await db.doc.send(new UpdateCommand(g.item.Update));
    else throw new Error('writeItem: only a Put or an Update');
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    throw new ConflictError(g.entity, g.id, g.reason);
  }
}

/**
 * What changed from one version of a domain object to the next: the fields whose value differs (to set) and the
 * fields it no longer has (to remove). `fixed` fields (ids, the version) are never written by a change.
 */
export function fieldChanges(
  before: object,
  after: object,
  fixed: readonly string[] = [],
): { set: Record<string, unknown>; remove: string[] } {
  const was = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  for (const field of new Set([...Object.keys(was), ...Object.keys(now)])) {
    if (fixed.includes(field)) continue;
    if (now[field] === undefined) {
      if (was[field] !== undefined) remove.push(field);
    } else if (!isDeepStrictEqual(was[field], now[field])) set[field] = now[field];
  }
  return { set, remove };
}

/**
 * Record that a notification went out (with its audit event): a second record of the same notification — a retried
 * step — is not an error and changes nothing.
 */
export async function recordNotification(db: Db, items: Guarded[]): Promise<void> {
  try {
    await transact(db, items);
  } catch (error) {
    if (!(error instanceof ConflictError && error.reason === 'notified')) throw error;
  }
}
