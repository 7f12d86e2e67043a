import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { CHANNELS } from '../domain/organisation.ts';
import type { Db } from './db.ts';
import { keys } from './keys.ts';

/**
 * A message as the local outbox keeps it (local mode only): by which channel it went and the addresses that channel
 * used (email addresses, WeCom or DingTalk user ids, mobile numbers). Entries kept before channels were email.
 */
export const OutboxMessage = z.object({
  id: z.string(),
  channel: z.enum(CHANNELS).default('email'),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  links: z.array(z.string()),
  sentAt: z.string(),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;

export async function putOutboxMessage(db: Db, message: OutboxMessage): Promise<void> {
  await db.doc.send(
    new PutCommand({ TableName: db.table, Item: { ...keys.outbox(message.id), type: 'Outbox', ...message } }),
  );
}

/**
 * Whether a DynamoDB command's input writes a local outbox mail (e.g. to leave it out of a measurement: on AWS the
 * mail goes to SES, not to the table).
 */
export function isOutboxWrite(input: Record<string, unknown>): boolean {
  const item = input.Item as Record<string, unknown> | undefined;
  return item?.PK === keys.outbox('').PK;
}

/** Newest first. */
export async function listOutbox(db: Db, limit = 200): Promise<OutboxMessage[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': 'OUTBOX' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((i) => OutboxMessage.parse(i));
}
