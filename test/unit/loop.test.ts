import { describe, expect, it } from 'vitest';
import type { LifecycleState } from '#shared/lifecycle/flow/state.ts';
import type { NeedState } from '#shared/needs/flow/state.ts';
import {
  CONTINUE_AFTER_CYCLES,
  CONTINUE_AFTER_DAYS,
  shouldContinueAsNew,
  waitSeconds,
} from '#shared/workflows/loop.ts';

const DAY = 86_400_000;
const startedAt = '2026-01-05T02:00:00.000Z';
const start = new Date(startedAt).getTime();
const state = (extra: Partial<LifecycleState> = {}): LifecycleState => ({
  enterpriseId: '01JDZ8Q4W6E2R7T9Y3U5M1N0AB',
  generation: 1,
  startedAt,
  cycles: 0,
  ...extra,
});
const later = (ms: number) => new Date(start + ms);
/** The moment this execution must hand over to a new one. */
const limit = start + CONTINUE_AFTER_DAYS * DAY;

describe('the limits themselves', () => {
  it('hands over well before Standard Step Functions’ one-year and 25,000-event limits', () => {
    expect(CONTINUE_AFTER_DAYS).toBeLessThan(365);
    // Each step takes at most ~8 history events.
    expect(CONTINUE_AFTER_CYCLES * 8).toBeLessThan(25_000);
  });
});

describe('shouldContinueAsNew', () => {
  it('keeps a fresh execution going', () => {
    expect(shouldContinueAsNew(state(), later(0))).toBe(false);
  });

  it('hands over exactly when the day limit is reached, not a millisecond before', () => {
    expect(shouldContinueAsNew(state(), new Date(limit - 1))).toBe(false);
    expect(shouldContinueAsNew(state(), new Date(limit))).toBe(true);
    expect(shouldContinueAsNew(state(), new Date(limit + DAY))).toBe(true);
  });

  it('hands over once the step limit is reached, however young the execution', () => {
    expect(shouldContinueAsNew(state({ cycles: CONTINUE_AFTER_CYCLES - 1 }), later(DAY))).toBe(false);
    expect(shouldContinueAsNew(state({ cycles: CONTINUE_AFTER_CYCLES }), later(DAY))).toBe(true);
    expect(shouldContinueAsNew(state({ cycles: CONTINUE_AFTER_CYCLES + 10 }), later(DAY))).toBe(true);
  });

  it('counts from the execution’s own start, so a new generation starts afresh', () => {
    const later = new Date(limit + 5 * DAY);
    const renewed = state({ generation: 2, startedAt: new Date(limit).toISOString() });
    expect(shouldContinueAsNew(state(), later)).toBe(true);
    expect(shouldContinueAsNew(renewed, later)).toBe(false);
  });

  it('applies the same rule to a need’s workflow state', () => {
    const need: NeedState = {
      needId: '01JDZ8Q4W6E2R7T9Y3U5M1N0CD',
      ...state(),
      cycles: CONTINUE_AFTER_CYCLES,
    };
    expect(shouldContinueAsNew(need, later(DAY))).toBe(true);
  });
});

describe('waitSeconds', () => {
  it('waits exactly until the next reminder', () => {
    expect(waitSeconds(state(), later(3_600_000), later(0))).toBe(3600);
  });

  it('rounds a fraction of a second up, so the step never wakes early', () => {
    expect(waitSeconds(state(), later(1_200), later(0))).toBe(2);
    expect(waitSeconds(state(), later(60_001), later(0))).toBe(61);
  });

  it('waits at least one second, even for a reminder due now or already past', () => {
    expect(waitSeconds(state(), later(DAY), later(DAY))).toBe(1);
    expect(waitSeconds(state(), later(0), later(DAY))).toBe(1);
    expect(waitSeconds(state(), later(DAY + 1), later(DAY))).toBe(1);
  });

  it('never waits past the moment to continue as new (a task due in 14 months)', () => {
    const now = later(10 * DAY);
    const farOff = later(425 * DAY);
    expect(waitSeconds(state(), farOff, now)).toBe(((CONTINUE_AFTER_DAYS - 10) * DAY) / 1000);
  });

  it('waits one second when the handover moment has already passed', () => {
    expect(waitSeconds(state(), new Date(limit + DAY), new Date(limit + 1000))).toBe(1);
  });

  it('lands a step on or after the moment to continue as new, so that step hands over', () => {
    const now = new Date(limit - 90_500);
    const seconds = waitSeconds(state(), new Date(limit + DAY), now);
    expect(seconds).toBe(91);
    expect(shouldContinueAsNew(state(), new Date(now.getTime() + seconds * 1000))).toBe(true);
  });

  it('is a whole number of seconds the Wait state accepts (≥ 1)', () => {
    for (const ms of [0, 1, 999, 1000, 1001, 86_399_999]) {
      const seconds = waitSeconds(state(), later(ms), later(0));
      expect(Number.isInteger(seconds) && seconds >= 1, String(ms)).toBe(true);
    }
  });
});
