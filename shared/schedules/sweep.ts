import type { Deps } from '../deps.ts';
import { sendDigests } from '../digest/digest.ts';
import { sendQueuedMail } from '../mail/office-hours.ts';
import { countMetric } from '../metrics/metrics.ts';
import { countOverdue } from '../store/board.ts';

/** How often the sweep runs (EventBridge Scheduler on AWS, the local clock locally). */
export const SWEEP_MINUTES = 15;

/**
 * The periodic work: staff mail that waited for office hours, and the daily digests that are due. Both are safe to
 * run again at any time (what was sent is removed or recorded), so a missed or doubled run loses nothing.
 */
export async function sweep(deps: Deps) {
  const queued = await sendQueuedMail(deps);
  const digests = await sendDigests(deps);
  // A gauge, every 15 minutes: what is overdue across the zone right now.
  const overdue = await countOverdue(deps.db, deps.clock.now());
  countMetric('OverdueItems', overdue);
  return { queued, digests, overdue };
}
