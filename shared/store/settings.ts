import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditInput, auditItem, newAudit } from './audit.ts';
import type { Db } from './db.ts';
import { keys } from './keys.ts';
import { type Guarded, transact } from './write.ts';

/** Small named values the system keeps for itself (e.g. the local clock's offset). */
export async function getSetting<T>(db: Db, name: string): Promise<T | undefined> {
  const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.setting(name) }));
  return out.Item?.value as T | undefined;
}

export async function putSetting(db: Db, name: string, value: unknown): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keys.setting(name), value } }));
}

/**
 * The Put of a setting for a transaction, so a setting is stored with the audit event of its change or not at all.
 * A setting is replaced whole by whoever saves last (a manager's form, the JSON API): there is no earlier state the
 * write depends on, so it carries no condition — the transaction's other items (the audit event's) carry theirs.
 */
function settingItem(db: Db, name: string, value: unknown): Guarded {
  return {
    entity: 'setting',
    id: name,
    reason: 'conflict',
    item: { Put: { TableName: db.table, Item: { ...keys.setting(name), value } } },
  };
}

/**
 * Store settings (each replaced whole) with the audit event of their change, in one transaction: all of it, or none.
 * The event's subject is the first setting named.
 */
export async function saveSettings(
  db: Db,
  now: Date,
  values: Record<string, unknown>,
  change: Pick<AuditInput, 'actor' | 'channel' | 'action' | 'details'>,
): Promise<void> {
  const names = Object.keys(values);
  await transact(db, [
    ...names.map((name) => settingItem(db, name, values[name])),
    auditItem(db, newAudit(now, { ...change, subject: { kind: 'settings', id: names[0] ?? '' } })),
  ]);
}
