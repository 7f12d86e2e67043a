import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../domain/audit.ts';
import { Department, Staff } from '../domain/organisation.ts';
import { auditItem } from './audit.ts';
import { batchGetAll } from './batch.ts';
import { type Db, stripKeys } from './db.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';
import { fieldChanges, type Guarded, putNew, transact, updateItem } from './write.ts';

export async function insertDepartment(db: Db, department: Department, audit: AuditEvent): Promise<void> {
  await transact(db, [
    {
      entity: 'department',
      id: department.id,
      reason: 'exists',
      item: putNew(db, { ...keys.department(department.id), type: 'Department', ...department }),
    },
    auditItem(db, audit),
  ]);
}

/** A staff member and the item that reserves their email address, written together: emails are unique. */
export async function insertStaff(db: Db, staff: Staff, audit: AuditEvent): Promise<void> {
  await transact(db, [
    {
      entity: 'staff',
      id: staff.email,
      reason: 'email.taken',
      item: putNew(db, { ...keys.staffEmail(staff.email), type: 'StaffEmail', staffId: staff.id }),
    },
    {
      entity: 'staff',
      id: staff.id,
      reason: 'exists',
      item: putNew(db, { ...keys.staff(staff.id), type: 'Staff', ...staff }),
    },
    auditItem(db, audit),
  ]);
  staffForMessages.delete(db);
}

/**
 * A department moved from the state it was read in to `after` (e.g. its annual targets): only what differs is
 * written, and only if nobody wrote it since (ConflictError('version')).
 */
export function departmentChange(db: Db, before: Department, after: Department): Guarded {
  const { set, remove } = fieldChanges(before, after, ['id', 'version']);
  return updateItem(db, {
    entity: 'department',
    id: before.id,
    key: keys.department(before.id),
    expectedVersion: before.version,
    set,
    remove,
  });
}

/**
 * A staff member moved from the state they were read in to `after` (their own settings: away, digest, language):
 * only what differs is written, and only if nobody wrote it since (ConflictError('version')). The email address is
 * reserved by an item of its own, so it is not changed here.
 */
export function staffChange(db: Db, before: Staff, after: Staff): Guarded {
  if (after.email !== before.email) throw new Error('staffChange: the email address is not changed this way');
  staffForMessages.delete(db);
  const { set, remove } = fieldChanges(before, after, ['id', 'version']);
  return updateItem(db, {
    entity: 'staff',
    id: before.id,
    key: keys.staff(before.id),
    expectedVersion: before.version,
    set,
    remove,
  });
}

function zoneItems(db: Db, prefix: string): Promise<Record<string, unknown>[]> {
  return queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.zone(), ':prefix': prefix },
  });
}

export async function listDepartments(db: Db): Promise<Department[]> {
  return (await zoneItems(db, 'DEPT#')).map((i) => Department.parse(stripKeys(i)));
}

export async function listStaff(db: Db): Promise<Staff[]> {
  return (await zoneItems(db, 'STAFF#')).map((i) => Staff.parse(stripKeys(i)));
}

/** Per table client: the staff list last read for messages, and when. */
const staffForMessages = new WeakMap<Db, { at: number; list: Promise<Staff[]> }>();

/**
 * The staff list as workflow messages use it (who is the head, the managers, a substitute): read again once it is
 * older than `db.staffListMaxAgeMs` (a minute on AWS, never kept locally). A change this process writes is seen at
 * once; one another container writes, within that time — a reminder may go to a person removed a minute ago, never
 * skip one added before the last read.
 */
export async function listStaffForMessages(db: Db): Promise<Staff[]> {
  const maxAge = db.staffListMaxAgeMs ?? 0;
  if (maxAge <= 0) return listStaff(db);
  const now = Date.now();
  const kept = staffForMessages.get(db);
  if (kept && now - kept.at < maxAge) return [...(await kept.list)];
  const list = listStaff(db);
  staffForMessages.set(db, { at: now, list });
  list.catch(() => {
    if (staffForMessages.get(db)?.list === list) staffForMessages.delete(db);
  });
  return [...(await list)];
}

export async function getStaff(db: Db, id: string): Promise<Staff | undefined> {
  const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.staff(id) }));
  return out.Item ? Staff.parse(stripKeys(out.Item)) : undefined;
}

/** Some people by id (one batch read; those not found left out). */
export async function getStaffMany(db: Db, ids: string[]): Promise<Staff[]> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (!unique.length) return [];
  return (
    await batchGetAll(
      db,
      unique.map((id) => keys.staff(id)),
    )
  ).map((i) => Staff.parse(stripKeys(i)));
}

export async function getStaffByEmail(db: Db, email: string): Promise<Staff | undefined> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.staffEmail(email.trim().toLowerCase()) }),
  );
  const staffId = out.Item?.staffId;
  return typeof staffId === 'string' ? getStaff(db, staffId) : undefined;
}
