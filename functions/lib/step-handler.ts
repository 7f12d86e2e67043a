import middy from '@middy/core';
import type { Deps } from '#shared/deps.ts';
import { once } from '#shared/lazy.ts';
import { inOperation } from '#shared/log/logger.ts';
import { type Step, type StepId, specOf, stepOf } from '../registry.ts';

/**
 * Whether the function running a step may read the calendar's items (a Query of its partition and the office hours
 * setting): the open and remind steps, which count working days, may; the wait and failure steps, which never
 * touch the calendar, have no such grant and so never read it.
 */
export function readsCalendar(id: StepId): boolean {
  const access = specOf(id).access;
  return Boolean(access.query?.includes('table') && access.items?.includes('GetItem'));
}

/**
 * A workflow step as a Lambda: the step's input is the event; the result is the step's output. The correlation id
 * of a lifecycle is its enterprise, so its logs, steps and mails can be followed together. Steps that count working
 * days get the calendar brought up to date first (read again at most once a minute); its code (luxon, the holiday
 * data) loads with their first call, and never in the steps that do not. The step's code is loaded on the first call
 * (the registry's loader, or `load`).
 */
export function stepHandler(
  id: StepId,
  getDeps: () => Promise<Deps>,
  load: () => Promise<Step> = stepOf(id).load,
) {
  const fresh = readsCalendar(id);
  const step = once(load);
  const refresh = fresh
    ? once(async () => (await import('#shared/calendar/refresh.ts')).refreshCalendar)
    : undefined;
  return middy(async (event: unknown) => {
    const enterpriseId =
      (event as { enterpriseId?: string; state?: { enterpriseId?: string } })?.enterpriseId ??
      (event as { state?: { enterpriseId?: string } })?.state?.enterpriseId;
    const [run, deps, refreshed] = await Promise.all([step(), getDeps(), refresh?.()]);
    if (refreshed) await refreshed(deps);
    return inOperation(enterpriseId ? `lifecycle:${enterpriseId}` : undefined, async () => run(deps, event));
  });
}
