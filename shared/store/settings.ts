import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { keys } from './keys.ts';

/** Small named values the system keeps for itself (e.g. the local clock's offset). */
export async function getSetting<T>(db: Db, name: string): Promise<T | undefined> {
  const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.setting(name) }));
  return out.Item?.value as T | undefined;
}

export async function putSetting(db: Db, name: string, value: unknown): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keys.setting(name), value } }));
}
