import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';

/**
 * Rate-limit counters, shared by every process and Lambda container because they live in the table: one item per
 * limited key and fixed window, counted by one conditional UpdateItem (ADD below the limit), so concurrent attempts
 * from any number of containers never count past it. Each item expires by DynamoDB TTL (`expiresAt`) a window after
 * its window ends; nothing deletes it.
 */
export interface WindowCount {
  /** Who or what is limited, already reduced to a digest by the caller (no address is stored). */
  bucket: string;
  limit: number;
  windowSeconds: number;
  now: Date;
}

export type Taken = { ok: true; count: number } | { ok: false; retryAfterSeconds: number };

/** The fixed window `now` falls in (epoch seconds): windows start at multiples of their length. */
export function fixedWindow(now: Date, windowSeconds: number) {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const windowStart = nowSeconds - (nowSeconds % windowSeconds);
  return { nowSeconds, windowStart, windowEnd: windowStart + windowSeconds };
}

/** Count one attempt in the current window; refused, with the seconds until the window ends, once it is full. */
export async function takeWindowCount(db: Db, c: WindowCount): Promise<Taken> {
  const { nowSeconds, windowStart, windowEnd } = fixedWindow(c.now, c.windowSeconds);
  try {
    const out = await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.rateLimit(c.bucket, String(windowStart)),
        UpdateExpression: 'ADD #hits :one SET #type = :type, expiresAt = :expiresAt',
        ConditionExpression: 'attribute_not_exists(#hits) OR #hits < :limit',
        ExpressionAttributeNames: { '#hits': 'hits', '#type': 'type' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': c.limit,
          ':type': 'RateLimit',
          ':expiresAt': windowEnd + c.windowSeconds,
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return { ok: true, count: Number(out.Attributes?.hits ?? 1) };
  } catch (error) {
    if (isConditionFailure(error))
      return { ok: false, retryAfterSeconds: Math.max(1, windowEnd - nowSeconds) };
    throw error;
  }
}
