import { setTimeout as sleep } from 'node:timers/promises';

/** What a pace reads and waits with: the wall clock (a rate is a wall-clock thing, not the app's clock). */
export interface PaceClock {
  now(): number;
  sleep(ms: number): Promise<unknown>;
}

const WALL: PaceClock = { now: () => Date.now(), sleep };

/**
 * A token every 1/`perSecond` seconds, never in bursts: `await pace()` before each send or row. With `budgetMs`,
 * a token that would come later than that after the first call is refused (`false`, and no wait): the caller stops
 * and leaves the rest for its next run. `perSecond` 0 or Infinity: no pacing.
 */
export function pacer(
  perSecond: number,
  budgetMs = Infinity,
  clock: PaceClock = WALL,
): () => Promise<boolean> {
  if (!(perSecond > 0) || !Number.isFinite(perSecond)) return async () => true;
  const interval = 1000 / perSecond;
  let start: number | undefined;
  let next = -Infinity;
  return async () => {
    const now = clock.now();
    start ??= now;
    const at = Math.max(next, now);
    if (at - start > budgetMs) return false;
    next = at + interval;
    if (at > now) await clock.sleep(at - now);
    return true;
  };
}
