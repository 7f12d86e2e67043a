import { LIMITS } from '#shared/auth/rate-limit.ts';
import { clientKey } from './client.ts';
import { limit } from './errors.ts';
import type { AppContext, HttpEvent } from './types.ts';

/**
 * Count one new need against the limits, whichever path creates it — the enterprise's portal, staff on its behalf,
 * an officer's blocker report from a task link: per client and per enterprise (429 with Retry-After when full).
 */
export function limitNewNeed(event: HttpEvent, context: AppContext, enterpriseId: string): void {
  limit(
    [
      { limiter: LIMITS.needsPerClient, key: clientKey(event) },
      { limiter: LIMITS.needsPerEnterprise, key: enterpriseId },
    ],
    context.deps.clock.now(),
  );
}
