import type { LocalClock } from '#shared/clock/clock.ts';
import type { Deps } from '#shared/deps.ts';
import { logger } from '#shared/log/logger.ts';
import { SWEEP_MINUTES, sweep } from '#shared/schedules/sweep.ts';
import { ClockTimers } from './engine/timers.ts';

/**
 * The local stand-in for EventBridge Scheduler: the sweep every 15 minutes of local-clock time, on the quarter hours
 * (so moving the clock forward runs it, and moving it to 09:00 runs the 09:00 sweep), never two at once.
 */
export function startLocalSchedules(clock: LocalClock, deps: Deps) {
  const timers = new ClockTimers(clock);
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = running.then(() =>
      sweep(deps).catch((error: unknown) => logger.error('sweep failed', { error: (error as Error).name })),
    );
    return running;
  };
  const arm = () => {
    const every = SWEEP_MINUTES * 60_000;
    timers.at((Math.floor(clock.now().getTime() / every) + 1) * every, () => {
      void run().then(arm);
    });
  };
  arm();
  return {
    /** Run the sweep now (tests, and POST /_local/sweep). */
    sweepNow: async () => {
      await run();
    },
    /** Settles once no sweep is running (the engine's `idle` waits for it too: a sweep sends the reminders). */
    idle: async () => {
      for (let seen: Promise<unknown> | undefined; seen !== running; ) {
        seen = running;
        await seen;
      }
    },
    stop: () => timers.stop(),
  };
}
