import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { headsOf, isAway, type Staff } from '../domain/organisation.ts';
import { Id, IsoDate } from '../domain/primitives.ts';
import type { Db } from '../store/db.ts';
import { getStaff } from '../store/organisation.ts';
import type { By } from './create.ts';
import { saveStaffSetting } from './staff-setting.ts';

export { isAway };

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

/** `actingFor` from the person's own item (and their substitute's, only while away): for paths that need one person. */
export async function actingForOne(db: Db, id: string, today: string): Promise<Staff | undefined> {
  const person = await getStaff(db, id);
  if (!person || !isAway(person, today)) return person;
  const substitute = await getStaff(db, person.away?.substituteId ?? '');
  return actingFor(substitute ? [person, substitute] : [person], id, today);
}

/** A department's heads, each replaced by their substitute while away: who an escalation goes to. */
export function actingHeads(staff: Staff[], departmentId: string | undefined, today: string): Staff[] {
  return headsOf(staff, departmentId).map((h) => actingFor(staff, h.id, today) ?? h);
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
    const substitute = await getStaff(deps.db, away.substituteId);
    if (!substitute?.active || substitute.id === person.id) {
      throw InputError.field('substituteId', 'staff.unknown');
    }
  }
  return saveStaffSetting(
    deps,
    person,
    away ? { set: { away } } : { remove: ['away'] },
    away
      ? { action: 'staff.awaySet', details: { ...away } }
      : { action: 'staff.awayCleared', details: { previous: person.away ?? null } },
    by,
  );
}

/**
 * Whether a person may act on an item held by `holderId` today: the holder, or the holder's substitute while they
 * are away (who is sent the holder's reminders, with a link of their own). One read, two while the holder is away.
 */
export async function actsForHolder(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar'>,
  holderId: string | undefined,
  personId: string | undefined,
): Promise<boolean> {
  if (!holderId || !personId) return false;
  if (holderId === personId) return true;
  const today = deps.calendar.localDate(deps.clock.now());
  return (await actingForOne(deps.db, holderId, today))?.id === personId;
}
