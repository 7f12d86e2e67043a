import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isRelativeTarget } from '../domain/short-link.ts';
import type { Db } from './db.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';
import { epochSeconds } from './table.ts';

/**
 * Short links: one item per code holding its same-origin target, written once (a conditional Put: a code is never
 * reused nor overwritten) and never changed. Each expires by DynamoDB TTL (`expiresAt`, epoch seconds) and, since
 * TTL deletes lazily, by the explicit expiry checked on every read.
 */
export interface ShortLink {
  code: string;
  target: string;
  expiresAt: Date;
  createdAt: string;
}

/** Store `link` under its code; false when the code is already taken (the caller draws another). */
export async function putShortLink(db: Db, link: ShortLink): Promise<boolean> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          ...keys.shortLink(link.code),
          type: 'ShortLink',
          target: link.target,
          expiresAt: epochSeconds(link.expiresAt),
          createdAt: link.createdAt,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export type ShortLinkLookup = { found: 'live'; target: string } | { found: 'expired' } | { found: 'none' };

/** What a code stands for now: its target while it lives, or that it expired, or nothing (unknown). */
export async function lookUpShortLink(db: Db, code: string, now: Date): Promise<ShortLinkLookup> {
  const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.shortLink(code) }));
  const item = out.Item;
  if (!item) return { found: 'none' };
  // Written only by putShortLink, but read as untrusted: never redirect to anything but a same-origin path.
  if (typeof item.target !== 'string' || !isRelativeTarget(item.target)) return { found: 'none' };
  if (!(Number(item.expiresAt) > epochSeconds(now))) return { found: 'expired' };
  return { found: 'live', target: item.target };
}
