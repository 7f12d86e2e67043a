import { Duration } from 'luxon';

/** Where every due date, reminder and timer reads "now". */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * The local-mode clock: real time plus an offset that only moves forward, so a demo or a test can
 * show a week of reminders in seconds. `onAdvance` lets the local engine persist the offset and wake timers.
 */
export class LocalClock implements Clock {
  private listeners: ((now: Date) => void)[] = [];
  constructor(private offsetMs = 0) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** Move forward by an ISO 8601 duration such as `P3D` or `PT4H`. */
  advance(iso: string): Date {
    const duration = Duration.fromISO(iso);
    if (!duration.isValid || duration.toMillis() <= 0) {
      throw new RangeError('clock.advance.invalid');
    }
    this.offsetMs += duration.toMillis();
    const now = this.now();
    for (const listener of this.listeners) listener(now);
    return now;
  }

  onAdvance(listener: (now: Date) => void): void {
    this.listeners.push(listener);
  }
}
