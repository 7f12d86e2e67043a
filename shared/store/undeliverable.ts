import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';

/** An address SES reported as undeliverable: permanently bounced, or complained about. */
export interface Undeliverable {
  email: string;
  reason: 'bounce' | 'complaint';
  at: string;
  detail?: string;
}

const PK = 'UNDELIVERABLE';

/** Recorded per address (the latest report wins, so a repeated event changes nothing that matters). */
export async function markUndeliverable(db: Db, entry: Undeliverable): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.table, Item: { PK, SK: entry.email, ...entry } }));
}

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
  return (out.Items ?? []).map(({ email, reason, at, detail }) => ({
    email: String(email),
    reason: reason === 'complaint' ? 'complaint' : 'bounce',
    at: String(at),
    ...(detail ? { detail: String(detail) } : {}),
  }));
}
