import { describe, expect, it } from 'vitest';
import { type PaceClock, pacer } from '#shared/pace.ts';
import { sweepSendRate } from '#shared/schedules/sweep.ts';

/** A clock that only moves when slept on: every wait the pace asks for is recorded. */
function fakeClock(): PaceClock & { waits: number[]; at: number } {
  const c = {
    at: 1_000_000,
    waits: [] as number[],
    now: () => c.at,
    sleep: async (ms: number) => {
      c.waits.push(ms);
      c.at += ms;
    },
  };
  return c;
}

describe('the send pace', () => {
  it('lets the first go at once and each next one 1/rate seconds after, never in a burst', async () => {
    const clock = fakeClock();
    const pace = pacer(4, Infinity, clock);
    for (let i = 0; i < 5; i++) expect(await pace()).toBe(true);
    expect(clock.waits).toEqual([250, 250, 250, 250]);
    expect(clock.at - 1_000_000).toBe(1000);
  });

  it('counts a message to several recipients as that many, as SES counts its sending rate', async () => {
    const clock = fakeClock();
    const pace = pacer(4, Infinity, clock);
    await pace(3);
    await pace();
    expect(clock.waits).toEqual([750]);
  });

  it('does not wait when the caller was slower than the rate anyway', async () => {
    const clock = fakeClock();
    const pace = pacer(10, Infinity, clock);
    await pace();
    clock.at += 500;
    await pace();
    await pace();
    expect(clock.waits).toEqual([100]);
  });

  it('refuses, without waiting, a token that would come after the budget: the caller leaves the rest', async () => {
    const clock = fakeClock();
    const pace = pacer(2, 1000, clock);
    const given = [await pace(), await pace(), await pace(), await pace(), await pace()];
    // At 0, 500 and 1000 ms; the one at 1500 ms is past the budget, and so is every later one.
    expect(given).toEqual([true, true, true, false, false]);
    expect(clock.waits).toEqual([500, 500]);
  });

  it('does not pace at rate 0 (local tools) or an infinite one', async () => {
    for (const rate of [0, Infinity]) {
      const clock = fakeClock();
      const pace = pacer(rate, 0, clock);
      for (let i = 0; i < 100; i++) expect(await pace()).toBe(true);
      expect(clock.waits).toEqual([]);
    }
  });

  it('gives the sweep half the account rate, at least one a second, and none when unpaced', () => {
    expect(sweepSendRate(14)).toBe(7);
    expect(sweepSendRate(15)).toBe(7);
    expect(sweepSendRate(1)).toBe(1);
    expect(sweepSendRate(0)).toBe(0);
  });
});
