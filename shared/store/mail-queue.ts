import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Mail } from '../mail/mailer.ts';
import type { Db } from './db.ts';

/**
 * Staff mail held until office hours, keyed by when it may go: one small partition read by the sweep with a range
 * condition (`SK < now`), so it reads only what is due.
 */
const PK = 'MAILQ';

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

export async function removeQueued(db: Db, sk: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.table, Key: { PK, SK: sk } }));
}
