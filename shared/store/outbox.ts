import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Db } from './db.ts';
import { keys } from './keys.ts';

/** A mail as the local outbox keeps it (local mode only). */
export const OutboxMessage = z.object({
  id: z.string(),
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
