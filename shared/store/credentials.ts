import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ApiToken, Integration, LAST_USE_INTERVAL_MS, tokenStatus } from '../domain/integration.ts';
import { type Db, stripKeys } from './db.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';
import { epochSeconds } from './table.ts';
import { type Guarded, putNew, updateItem } from './write.ts';

/**
 * Credential items: one-time sign-in nonces, sessions and API tokens (and the integration accounts tokens may act
 * as). Each credential is stored under a hash of its secret, so a leaked table never yields a working one, and
 * expires by DynamoDB TTL (`expiresAt`, epoch seconds) as well as by the explicit expiry checked on every read.
 */
export interface Credential {
  staffId: string;
  /** Epoch seconds. */
  expiresAt: number;
  createdAt: string;
}

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
        ExpressionAttributeValues: { ':now': epochSeconds(now) },
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
  return item && item.expiresAt > epochSeconds(now) ? item : undefined;
}

export const getSession = (db: Db, sessionHash: string, now: Date) =>
  getLive(db, keys.session(sessionHash), now);

export async function deleteSession(db: Db, sessionHash: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.session(sessionHash) }));
}

/**
 * API tokens. Each is one item under the digest of its secret (the secret itself is never stored), on GSI3 under
 * its owner (`TOKENS#<ownerId>`, sorted by the token's public id, a ULID: newest last), so a person's or an
 * integration's tokens are one Query. The item keeps `expiresAt` in epoch seconds for DynamoDB's TTL and the
 * instant itself in `expiry`. Revoking marks the item (a conditional update); it leaves with the TTL.
 */
function tokenItem(tokenHash: string, token: ApiToken): Record<string, unknown> {
  return {
    ...keys.apiToken(tokenHash),
    type: 'ApiToken',
    GSI3PK: keys.tokensOf(token.owner.id),
    GSI3SK: token.id,
    ...token,
    expiresAt: epochSeconds(new Date(token.expiresAt)),
    expiry: token.expiresAt,
  };
}

/** A token as stored; an item of the old layout (no owner, no public id: unlistable, unrevocable) reads as none. */
function readToken(item: Record<string, unknown> | undefined): ApiToken | undefined {
  if (!item) return undefined;
  const { expiry, ...rest } = stripKeys(item);
  const parsed = ApiToken.safeParse({ ...rest, expiresAt: expiry });
  return parsed.success ? parsed.data : undefined;
}

/** The Put of a new token, for the transaction that also writes its audit event. */
export function apiTokenItem(db: Db, tokenHash: string, token: ApiToken): Guarded {
  return {
    entity: 'apiToken',
    id: token.id,
    reason: 'exists',
    item: putNew(db, tokenItem(tokenHash, token)),
  };
}

/** The token a secret's digest names, if it is live now: not expired (TTL runs late), not revoked. */
export async function getLiveApiToken(db: Db, tokenHash: string, now: Date): Promise<ApiToken | undefined> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.apiToken(tokenHash), ConsistentRead: true }),
  );
  const token = readToken(out.Item);
  return token && tokenStatus(token, now) === 'active' ? token : undefined;
}

/**
 * Record that a token was used now, at most once an hour: the condition holds only if the recorded use is an
 * interval old (or none), so concurrent requests write once, and the caller skips the call when its read says so.
 */
export async function recordApiTokenUse(db: Db, tokenHash: string, now: Date): Promise<void> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.apiToken(tokenHash),
        UpdateExpression: 'SET lastUsedAt = :now',
        ConditionExpression:
          'attribute_exists(PK) AND attribute_not_exists(revokedAt) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt <= :cutoff)',
        ExpressionAttributeValues: {
          ':now': now.toISOString(),
          ':cutoff': new Date(now.getTime() - LAST_USE_INTERVAL_MS).toISOString(),
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Every token that acts as this owner (staff member or integration), newest first: one Query on GSI3. */
export async function listApiTokens(db: Db, ownerId: string): Promise<ApiToken[]> {
  const items = await queryAll(db, {
    IndexName: 'GSI3',
    KeyConditionExpression: 'GSI3PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.tokensOf(ownerId) },
    ScanIndexForward: false,
  });
  return items.map(readToken).filter((t): t is ApiToken => !!t);
}

/** A stored token found by its owner and public id, with what a change to it needs. */
export interface FoundApiToken {
  token: ApiToken;
  key: { PK: string; SK: string };
}

/** One of an owner's tokens by its public id (a token of anyone else is not found). */
export async function findApiToken(
  db: Db,
  ownerId: string,
  tokenId: string,
): Promise<FoundApiToken | undefined> {
  const [item] = await queryAll(db, {
    IndexName: 'GSI3',
    KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK = :id',
    ExpressionAttributeValues: { ':pk': keys.tokensOf(ownerId), ':id': tokenId },
  });
  const token = readToken(item);
  if (!item || !token || token.owner.id !== ownerId) return undefined;
  return { token, key: { PK: String(item.PK), SK: String(item.SK) } };
}

/** Revoke a token as read: only if nobody changed it since and it is not revoked already (ConflictError). */
export function apiTokenRevocation(
  db: Db,
  found: FoundApiToken,
  revoked: { at: string; by: string },
): Guarded {
  return updateItem(db, {
    entity: 'apiToken',
    id: found.token.id,
    key: found.key,
    expectedVersion: found.token.version,
    set: { revokedAt: revoked.at, revokedBy: revoked.by },
    also: { expression: 'attribute_not_exists(revokedAt)', values: {}, reason: 'revoked' },
  });
}

/** Integration accounts: zone items beside departments and staff (few; one Query lists them). */
export function integrationItem(db: Db, integration: Integration): Guarded {
  return {
    entity: 'integration',
    id: integration.id,
    reason: 'exists',
    item: putNew(db, { ...keys.integration(integration.id), type: 'Integration', ...integration }),
  };
}

export async function getIntegration(db: Db, id: string): Promise<Integration | undefined> {
  const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.integration(id) }));
  return out.Item ? Integration.parse(stripKeys(out.Item)) : undefined;
}

export async function listIntegrations(db: Db): Promise<Integration[]> {
  const prefix = keys.integration('').SK;
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.integration('').PK, ':prefix': prefix },
  });
  return items.map((i) => Integration.parse(stripKeys(i)));
}
