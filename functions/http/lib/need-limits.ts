import { type LimitCheck, needChecks, takeAll } from '#shared/auth/rate-limit.ts';
import { clientKey } from './client.ts';
import { TooManyRequests } from './errors.ts';
import type { AppContext, HttpEvent } from './types.ts';

/**
 * Count an attempt against each of these limits (kept in the table, shared by every container); the first full one
 * refuses the request: 429 with Retry-After.
 */
export async function enforceLimits(context: AppContext, checks: LimitCheck[]): Promise<void> {
  const taken = await takeAll(context.deps.db, checks, context.deps.clock.now());
  if (!taken.ok) throw new TooManyRequests(taken.retryAfterSeconds);
}

/**
 * Count one new need against the limits, whichever path creates it — the enterprise's portal, staff on its behalf,
 * an officer's blocker report from a task link: per client and per enterprise (429 with Retry-After when full).
 */
export async function limitNewNeed(
  event: HttpEvent,
  context: AppContext,
  enterpriseId: string,
): Promise<void> {
  await enforceLimits(context, needChecks(enterpriseId, clientKey(event)));
}
