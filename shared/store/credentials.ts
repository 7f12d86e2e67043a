import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';

/**
 * Credential items: one-time sign-in nonces, sessions and API tokens. Each is stored under a hash of
 * its secret, so a leaked table never yields a working credential, and expires by DynamoDB TTL
 * (`expiresAt`, epoch seconds) as well as by the explicit expiry checked on every read.
 */
export interface Credential {
  staffId: string;
  /** Epoch seconds. */
  expiresAt: number;
  createdAt: string;
  label?: string;
}

const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

export async function putSignInNonce(db: Db, nonceHash: string, c: Credential): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.signIn(nonceHash), type: 'SignIn', ...c },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

/** Use a sign-in nonce once: the delete is conditional, so of two concurrent uses exactly one wins. */
export async function consumeSignInNonce(
  db: Db,
  nonceHash: string,
  now: Date,
): Promise<Credential | undefined> {
  try {
    const out = await db.doc.send(
      new DeleteCommand({
        TableName: db.table,
        Key: keys.signIn(nonceHash),
        ConditionExpression: 'attribute_exists(PK) AND expiresAt > :now',
        ExpressionAttributeValues: { ':now': epoch(now) },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return out.Attributes as Credential | undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

export async function putSession(db: Db, sessionHash: string, c: Credential): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.session(sessionHash), type: 'Session', ...c },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

async function getLive(db: Db, key: { PK: string; SK: string }, now: Date): Promise<Credential | undefined> {
  const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key }));
  const item = out.Item as Credential | undefined;
  return item && item.expiresAt > epoch(now) ? item : undefined;
}

export const getSession = (db: Db, sessionHash: string, now: Date) =>
  getLive(db, keys.session(sessionHash), now);

export async function deleteSession(db: Db, sessionHash: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.session(sessionHash) }));
}

export async function putApiToken(db: Db, tokenHash: string, c: Credential): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.apiToken(tokenHash), type: 'ApiToken', ...c },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export const getApiToken = (db: Db, tokenHash: string, now: Date) =>
  getLive(db, keys.apiToken(tokenHash), now);
