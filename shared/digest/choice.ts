import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { DigestChoice, type Staff } from '../domain/organisation.ts';
import type { By } from '../organisation/create.ts';
import { saveStaffSetting } from '../organisation/staff-setting.ts';
import { getStaff } from '../store/organisation.ts';

/** The form: a checkbox (present when ticked) and a time. */
export const DigestForm = z.object({
  daily: z.literal('yes').optional(),
  at: DigestChoice.shape.at,
});

/** A staff member chooses one digest email per working day (or single reminders again). Audited. */
export async function setDigestChoice(
  deps: Pick<Deps, 'db' | 'clock'>,
  staffId: string,
  input: unknown,
  by: By,
): Promise<Staff> {
  const form = parseInput(DigestForm, input);
  const person = await getStaff(deps.db, staffId);
  if (!person) throw InputError.field('staffId', 'staff.unknown');
  const digest = { daily: form.daily === 'yes', at: form.at };
  return saveStaffSetting(
    deps,
    person,
    { set: { digest } },
    { action: 'staff.digestChosen', details: digest },
    by,
  );
}

export const LocaleForm = z.object({ locale: z.enum(['zh-CN', 'en'], { error: 'field.invalid' }) });

/** A staff member chooses the language of their emails. Audited. */
export async function setMailLocale(
  deps: Pick<Deps, 'db' | 'clock'>,
  staffId: string,
  input: unknown,
  by: By,
): Promise<Staff> {
  const { locale } = parseInput(LocaleForm, input);
  const person = await getStaff(deps.db, staffId);
  if (!person) throw InputError.field('staffId', 'staff.unknown');
  return saveStaffSetting(
    deps,
    person,
    { set: { locale } },
    { action: 'staff.localeChosen', details: { locale } },
    by,
  );
}
