import { OfficeHours, parseOfficeHours, STANDARD_OFFICE_HOURS } from '../calendar/office-hours.ts';
import { calendarChanged, refreshCalendar } from '../calendar/refresh.ts';
import type { Deps } from '../deps.ts';
import { InputError } from '../domain/input-error.ts';
import type { By } from '../organisation/create.ts';
import { OFFICE_HOURS_SETTING } from '../store/calendar.ts';
import { getSetting, saveSettings } from '../store/settings.ts';

/** The office hours the settings keep (the standard 09:00–12:00, 13:30–17:30 all year until a manager sets them). */
export async function getOfficeHours(deps: Pick<Deps, 'db'>): Promise<OfficeHours> {
  const stored = OfficeHours.safeParse(await getSetting<unknown>(deps.db, OFFICE_HOURS_SETTING));
  return stored.success ? stored.data : STANDARD_OFFICE_HOURS;
}

/**
 * A manager sets the office hours from the settings form (`standard` windows, `seasons` one a line): checked whole
 * first (a problem anywhere: nothing stored), then saved with its audit event in one transaction, and this
 * process's calendar re-read so clocks started from now on count in them (other processes within a minute). Due
 * dates already stored stay as they were computed.
 */
export async function setOfficeHours(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar'>,
  input: { standard?: string; seasons?: string },
  by: By,
): Promise<OfficeHours> {
  const parsed = parseOfficeHours(input.standard ?? '', input.seasons ?? '');
  if (!parsed.hours) throw new InputError(parsed.problems);
  const before = await getOfficeHours(deps);
  await saveSettings(
    deps.db,
    deps.clock.now(),
    { [OFFICE_HOURS_SETTING]: parsed.hours },
    { ...by, action: 'settings.officeHoursChanged', details: { hours: parsed.hours, previous: before } },
  );
  calendarChanged(deps);
  await refreshCalendar(deps);
  return parsed.hours;
}
