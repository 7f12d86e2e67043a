import type { Deps } from '../deps.ts';
import type { Staff } from '../domain/organisation.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { staffChange } from '../store/organisation.ts';
import { transact } from '../store/write.ts';
import type { By } from './create.ts';

/** Change one person's own settings (away period, digest, email language): a versioned write with its audit event. */
export async function saveStaffSetting(
  deps: Pick<Deps, 'db' | 'clock'>,
  person: Staff,
  change: { set?: Partial<Staff>; remove?: (keyof Staff)[] },
  audit: { action: string; details: Record<string, unknown> },
  by: By,
): Promise<Staff> {
  const next = { ...person, ...change.set, version: person.version + 1 };
  for (const field of change.remove ?? []) delete next[field];
  await transact(deps.db, [
    staffChange(deps.db, person, next),
    auditItem(
      deps.db,
      newAudit(deps.clock.now(), { ...by, ...audit, subject: { kind: 'staff', id: person.id } }),
    ),
  ]);
  return next;
}
