import type { Deps } from '../deps.ts';
import type { Staff } from '../domain/organisation.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { keys } from '../store/keys.ts';
import { transact, updateItem } from '../store/write.ts';
import type { By } from './create.ts';

/** Change one person's own settings (away period, digest, email language): a versioned write with its audit event. */
export async function saveStaffSetting(
  deps: Pick<Deps, 'db' | 'clock'>,
  person: Staff,
  change: { set?: Partial<Staff>; remove?: (keyof Staff)[] },
  audit: { action: string; details: Record<string, unknown> },
  by: By,
): Promise<Staff> {
  await transact(deps.db, [
    updateItem(deps.db, {
      entity: 'staff',
      id: person.id,
      key: keys.staff(person.id),
      expectedVersion: person.version,
      set: change.set ?? {},
      remove: change.remove ?? [],
    }),
    auditItem(
      deps.db,
      newAudit(deps.clock.now(), { ...by, ...audit, subject: { kind: 'staff', id: person.id } }),
    ),
  ]);
  const next = { ...person, ...change.set, version: person.version + 1 };
  for (const field of change.remove ?? []) delete next[field];
  return next;
}
