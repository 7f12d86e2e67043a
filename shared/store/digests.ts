import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { epochSeconds } from './table.ts';

/** That a person's digest for a date went out (kept 30 days), so a sweep sends each digest once. */
const key = (staffId: string, date: string) => ({ PK: `DIGEST#${staffId}`, SK: date });

export async function digestSent(db: Db, staffId: string, date: string): Promise<boolean> {
  const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key(staffId, date) }));
  return !!out.Item;
}

export async function recordDigest(db: Db, staffId: string, date: string, items: number, now: Date) {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: {
        ...key(staffId, date),
        type: 'Digest',
        items,
        sentAt: now.toISOString(),
        expiresAt: epochSeconds(now, 30),
      },
    }),
  );
}
