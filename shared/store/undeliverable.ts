import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../domain/organisation.ts';
import type { Db } from './db.ts';

/**
 * An address that could not be reached: SES reported it permanently bounced or complained about, or a WeCom,
 * DingTalk or SMS delivery to the person failed and the message went by email instead (`channel` says which).
 */
export interface Undeliverable {
  email: string;
  reason: 'bounce' | 'complaint' | 'channel';
  at: string;
  detail?: string;
  /** For `channel`: the channel that failed. */
  channel?: Exclude<Channel, 'email'>;
}

const PK = 'UNDELIVERABLE';

/**
 * Recorded per address and, for a failed channel, per channel (the latest report wins, so a repeated event changes
 * nothing that matters, and a channel failure never hides an email bounce).
 */
export async function markUndeliverable(db: Db, entry: Undeliverable): Promise<void> {
  const sk = entry.reason === 'channel' ? `${entry.email}#${entry.channel ?? ''}` : entry.email;
  await db.doc.send(new PutCommand({ TableName: db.table, Item: { PK, SK: sk, ...entry } }));
}

const CHANNEL_NAMES = new Set(['wecom', 'dingtalk', 'sms']);

/** The undeliverable addresses, for managers (a handful: one Query, no scan). */
export async function listUndeliverable(db: Db, limit = 100): Promise<Undeliverable[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': PK },
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map(({ email, reason, at, detail, channel }) => ({
    email: String(email),
    reason: reason === 'complaint' ? 'complaint' : reason === 'channel' ? 'channel' : 'bounce',
    at: String(at),
    ...(detail ? { detail: String(detail) } : {}),
    ...(reason === 'channel' && CHANNEL_NAMES.has(String(channel))
      ? { channel: String(channel) as Exclude<Channel, 'email'> }
      : {}),
  }));
}
