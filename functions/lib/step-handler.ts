import middy from '@middy/core';
import { type Deps, refreshCalendar } from '#shared/deps.ts';
import { inOperation } from '#shared/log/logger.ts';
import { FUNCTION_IDS, specOf } from '../registry.ts';

/**
 * Whether the function running a step may read the calendar's items (a Query of its partition and the office hours
 * setting): the open and remind steps, which count working days, may; the wait and failure steps, which never
 * touch the calendar, have no such grant and so never read it.
 */
export function readsCalendar(step: unknown): boolean {
  const id = FUNCTION_IDS.find((i) => specOf(i).step?.run === step);
  const access = id ? specOf(id).access : undefined;
  return Boolean(access?.query?.includes('table') && access.items?.includes('GetItem'));
}

/**
 * A workflow step as a Lambda: the step's input is the event; the result is the step's output. The correlation id
 * of a lifecycle is its enterprise, so its logs, steps and mails can be followed together. Steps that count working
 * days get the calendar brought up to date first (read again at most once a minute).
 */
export function stepHandler<T>(
  step: (deps: Deps, input: unknown) => Promise<T>,
  getDeps: () => Promise<Deps>,
) {
  const fresh = readsCalendar(step);
  return middy(async (event: unknown) => {
    const enterpriseId =
      (event as { enterpriseId?: string; state?: { enterpriseId?: string } })?.enterpriseId ??
      (event as { state?: { enterpriseId?: string } })?.state?.enterpriseId;
    const deps = await getDeps();
    if (fresh) await refreshCalendar(deps);
    return inOperation(enterpriseId ? `lifecycle:${enterpriseId}` : undefined, async () => step(deps, event));
  });
}
