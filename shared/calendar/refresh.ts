import { isLive } from './live.ts';
import type { Calendar } from './working-days.ts';

/**
 * Bring the calendar up to date with the table if it is older than a minute (one Query and one GetItem, then none
 * for the next minute): what each entry point does before its handler runs, so the calendar stays synchronous.
 */
export async function refreshCalendar(deps: { calendar: Calendar }): Promise<void> {
  if (isLive(deps.calendar)) await deps.calendar.refresh();
}

/** `getDeps` with the calendar brought up to date first: how an entry point hands a handler its adapters. */
export function withFreshCalendar<D extends { calendar: Calendar }>(
  getDeps: () => Promise<D>,
): () => Promise<D> {
  return async () => {
    const deps = await getDeps();
    await refreshCalendar(deps);
    return deps;
  };
}

/** This process changed the arrangements or office hours: its next refresh reads them at once. */
export function calendarChanged(deps: { calendar: Calendar }): void {
  if (isLive(deps.calendar)) deps.calendar.invalidate();
}
