import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import type { Staff } from '../domain/organisation.ts';
import { Id, IsoDate } from '../domain/primitives.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { keys } from '../store/keys.ts';
import { getStaff, listStaff } from '../store/organisation.ts';
import { transact, updateItem } from '../store/write.ts';
import type { By } from './create.ts';

export const isAway = (person: Pick<Staff, 'away'>, today: string) =>
  !!person.away && person.away.from <= today && today <= person.away.to;

/**
 * Who acts for a person today: their substitute while they are away (if the substitute is active and not away
 * too), otherwise the person. One hop only, so two people naming each other cannot loop.
 */
export function actingFor(staff: Staff[], id: string | undefined, today: string): Staff | undefined {
  const person = staff.find((s) => s.id === id);
  if (!person || !isAway(person, today)) return person;
  const substitute = staff.find((s) => s.id === person.away?.substituteId);
  return substitute?.active && !isAway(substitute, today) ? substitute : person;
}

export const SetAway = z
  .object({ from: IsoDate, to: IsoDate, substituteId: Id })
  .refine((v) => v.from <= v.to, { path: ['to'], message: 'away.order' });

/** A person names a substitute for a period; an empty input clears it. Audited like every change. */
export async function setAway(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar'>,
  staffId: string,
  input: unknown,
  by: By,
): Promise<Staff> {
  const person = await getStaff(deps.db, staffId);
  if (!person) throw InputError.field('staffId', 'staff.unknown');
  const clear = !input || Object.values(input as object).every((v) => v === undefined || v === '');
  let away: Staff['away'];
  if (!clear) {
    away = parseInput(SetAway, input);
    const today = deps.calendar.localDate(deps.clock.now());
    if (away.to < today) throw InputError.field('to', 'away.past');
    const substitute = (await listStaff(deps.db)).find((s) => s.id === away?.substituteId);
    if (!substitute?.active || substitute.id === person.id) {
      throw InputError.field('substituteId', 'staff.unknown');
    }
  }
  const now = deps.clock.now();
  await transact(deps.db, [
    updateItem(deps.db, {
      entity: 'staff',
      id: person.id,
      key: keys.staff(person.id),
      expectedVersion: person.version,
      set: away ? { away } : {},
      remove: away ? [] : ['away'],
    }),
    auditItem(
      deps.db,
      newAudit(now, {
        ...by,
        action: away ? 'staff.awaySet' : 'staff.awayCleared',
        subject: { kind: 'staff', id: person.id },
        details: away ? { ...away } : { previous: person.away ?? null },
      }),
    ),
  ]);
  return { ...person, away, version: person.version + 1 };
}
