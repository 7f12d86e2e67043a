import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors.ts';
import type { Address } from '../domain/organisation.ts';
import type { Mail } from '../mail/mailer.ts';
import type { Db } from './db.ts';
import { isConditionFailure } from './errors.ts';
import { LEASE_MS } from './lease.ts';
import { epochSeconds } from './table.ts';
import { putNew, transact } from './write.ts';

/**
 * Staff mail held until office hours, keyed by when it may go: one small partition read by the sweep with a range
 * condition (`SK < now`), so it reads only what is due. A sender claims each mail before sending it, so two senders
 * never send the same one; a claim older than the sweep's lease is a sender that died, and may be taken over.
 */
const PK = 'MAILQ';
/** Held mail dropped unsent because what it was about moved on: kept a year (the table's TTL), newest read first. */
const DROPPED = 'MAILDROPPED';
const DROPPED_KEEP_DAYS = 365;

export interface QueuedMail {
  sk: string;
  mail: Mail;
}

export async function enqueueMail(db: Db, id: string, sendAfter: Date, mail: Mail): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { PK, SK: `${sendAfter.toISOString()}#${id}`, type: 'QueuedMail', mail },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function dueMail(db: Db, now: Date, limit = 100): Promise<QueuedMail[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'PK = :pk AND SK < :now',
      ExpressionAttributeValues: { ':pk': PK, ':now': `${now.toISOString()}~` },
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((i) => ({ sk: String(i.SK), mail: i.mail as Mail }));
}

export async function queuedCount(db: Db): Promise<number> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': PK },
      Select: 'COUNT',
    }),
  );
  return out.Count ?? 0;
}

/** Claim a queued mail for `claimant`; false if it is gone or another sender's claim is still fresh. */
export async function claimQueued(db: Db, sk: string, claimant: string, now: Date): Promise<boolean> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: { PK, SK: sk },
        UpdateExpression: 'SET claimedBy = :me, claimedAt = :now',
        ConditionExpression:
          'attribute_exists(PK) AND (attribute_not_exists(claimedAt) OR claimedAt < :stale)',
        ExpressionAttributeValues: {
          ':me': claimant,
          ':now': now.toISOString(),
          ':stale': new Date(now.getTime() - LEASE_MS).toISOString(),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Give back a claim (the mail could not be sent), so the next sweep tries it at once. */
export async function releaseClaim(db: Db, sk: string, claimant: string): Promise<void> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: { PK, SK: sk },
        UpdateExpression: 'REMOVE claimedBy, claimedAt',
        ConditionExpression: 'claimedBy = :me',
        ExpressionAttributeValues: { ':me': claimant },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * A queued message reached some of its addressees: keep it for the others only and give back the claim, in one
 * conditional write (only by the sender holding the claim).
 */
export async function requeueFor(db: Db, sk: string, claimant: string, to: Address[]): Promise<void> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: { PK, SK: sk },
        UpdateExpression: 'SET mail.#to = :to REMOVE claimedBy, claimedAt',
        ConditionExpression: 'claimedBy = :me',
        ExpressionAttributeNames: { '#to': 'to' },
        ExpressionAttributeValues: { ':me': claimant, ':to': to },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Remove a mail once it is sent (whoever holds its claim now: it went out). */
export async function removeQueued(db: Db, sk: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.table, Key: { PK, SK: sk } }));
}

/** A held mail that was not sent because its need or task moved on, and why (`shared/mail/stale.ts`). */
export interface DroppedMail {
  at: string;
  reason: string;
  mail: Mail;
}

/**
 * Drop a claimed mail unsent: out of the queue and into the record of dropped mail, in one transaction, so a mail
 * is either waiting or recorded with why, never lost silently. Only by the sender holding the claim: false if
 * another sender took it over meanwhile (it then decides).
 */
export async function dropQueued(
  db: Db,
  q: QueuedMail,
  claimant: string,
  reason: string,
  now: Date,
): Promise<boolean> {
  try {
    await transact(db, [
      {
        entity: 'mail',
        id: q.sk,
        reason: 'claim',
        item: {
          Delete: {
            TableName: db.table,
            Key: { PK, SK: q.sk },
            ConditionExpression: 'claimedBy = :me',
            ExpressionAttributeValues: { ':me': claimant },
          },
        },
      },
      {
        entity: 'droppedMail',
        id: q.sk,
        reason: 'exists',
        item: putNew(db, {
          PK: DROPPED,
          SK: `${now.toISOString()}#${q.sk}`,
          type: 'DroppedMail',
          at: now.toISOString(),
          reason,
          mail: q.mail,
          expiresAt: epochSeconds(now, DROPPED_KEEP_DAYS),
        }),
      },
    ]);
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}

/** The held mail dropped unsent, newest first (one Query of its partition). */
export async function droppedMail(db: Db, limit = 100): Promise<DroppedMail[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': DROPPED },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((i) => ({ at: String(i.at), reason: String(i.reason), mail: i.mail as Mail }));
}
