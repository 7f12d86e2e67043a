import { setTimeout as sleep } from 'node:timers/promises';

/** What a pace reads and waits with: the wall clock (a rate is a wall-clock thing, not the app's clock). */
export interface PaceClock {
  now(): number;
  sleep(ms: number): Promise<unknown>;
}

const WALL: PaceClock = { now: () => Date.now(), sleep };

/** Wait for `tokens` (default 1: a row, or a message to one recipient); false: out of time, stop here. */
export type Pace = (tokens?: number) => Promise<boolean>;

/** No pacing: every call goes at once. */
export const unpaced: Pace = async () => true;

/**
 * A token every 1/`perSecond` seconds, never in bursts: `await pace()` before each row, `await pace(n)` before a
 * message to n recipients (SES counts its sending rate in recipients, not messages). With `budgetMs`, a call whose
 * turn would come later than that after the first call is refused (`false`, and no wait): the caller stops and
 * leaves the rest for its next run. `perSecond` 0 or Infinity: no pacing.
 */
export function pacer(perSecond: number, budgetMs = Infinity, clock: PaceClock = WALL): Pace {
  if (!(perSecond > 0) || !Number.isFinite(perSecond)) return unpaced;
  const interval = 1000 / perSecond;
  let start: number | undefined;
  let next = -Infinity;
  return async (tokens = 1) => {
    const now = clock.now();
    start ??= now;
    const at = Math.max(next, now);
    if (at - start > budgetMs) return false;
    next = at + interval * Math.max(1, tokens);
    if (at > now) await clock.sleep(at - now);
    return true;
  };
}
