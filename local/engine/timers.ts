import type { LocalClock } from '#shared/clock/clock.ts';

interface Timer {
  at: number;
  fire: () => void;
}

/**
 * Timers on the local clock: a timer fires when the local "now" reaches it, whether real time gets there or
 * POST /_local/clock jumps past it.
 */
export class ClockTimers {
  private timers = new Set<Timer>();
  private handle: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly clock: LocalClock) {
    clock.onAdvance(() => this.check());
  }

  at(when: number, fire: () => void): () => void {
    const timer = { at: when, fire };
    this.timers.add(timer);
    this.check();
    return () => {
      this.timers.delete(timer);
    };
  }

  private check(): void {
    if (this.stopped) return;
    const now = this.clock.now().getTime();
    for (const timer of [...this.timers]) {
      if (timer.at <= now) {
        this.timers.delete(timer);
        timer.fire();
      }
    }
    clearTimeout(this.handle);
    let earliest = Number.POSITIVE_INFINITY;
    for (const timer of this.timers) earliest = Math.min(earliest, timer.at);
    if (earliest < Number.POSITIVE_INFINITY) {
      this.handle = setTimeout(() => this.check(), Math.min(Math.max(earliest - now, 1), 2 ** 31 - 1));
      this.handle.unref();
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.handle);
    this.timers.clear();
  }
}
