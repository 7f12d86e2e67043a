import { describe, expect, it } from 'vitest';
import type { Need } from '#shared/domain/work-item.ts';
import { returnRefusal, returnWindowEnds } from '#shared/needs/returns.ts';
import { calendar } from '../support/fixtures.ts';

/** A need routed at `at` (Shanghai local time given as UTC ISO), optionally re-routed by a manager. */
const need = (createdAt: string, extra: Partial<Need> = {}) =>
  ({ createdAt, status: 'routed', ...extra }) as Pick<Need, 'createdAt' | 'routedAt' | 'reroutedBy'>;
const shanghai = (at: Date) => calendar.localDate(at);

describe('the one-working-day return window', () => {
  it('ends at close of business on the next working day, over a weekend', () => {
    // Fri 27 Nov 2026, 10:00 Shanghai → Mon 30 Nov, 17:30.
    const ends = returnWindowEnds(calendar, need('2026-11-27T02:00:00.000Z'));
    expect(shanghai(ends)).toBe('2026-11-30');
    expect(ends.toISOString()).toBe('2026-11-30T09:30:00.000Z');
    expect(returnRefusal(calendar, need('2026-11-27T02:00:00.000Z'), new Date('2026-11-30T09:29:00Z'))).toBe(
      undefined,
    );
    expect(returnRefusal(calendar, need('2026-11-27T02:00:00.000Z'), new Date('2026-11-30T09:31:00Z'))).toBe(
      'late',
    );
  });

  it('skips a public holiday and counts a make-up working day', () => {
    // Wed 30 Sep 2026 → the National Day holiday (1–7 Oct) → Thu 8 Oct.
    expect(shanghai(returnWindowEnds(calendar, need('2026-09-30T02:00:00.000Z')))).toBe('2026-10-08');
    expect(returnRefusal(calendar, need('2026-09-30T02:00:00.000Z'), new Date('2026-10-05T02:00:00Z'))).toBe(
      undefined,
    );
    expect(returnRefusal(calendar, need('2026-09-30T02:00:00.000Z'), new Date('2026-10-09T01:00:00Z'))).toBe(
      'late',
    );
    // Fri 9 Oct 2026 → Sat 10 Oct is a make-up working day (调休).
    expect(shanghai(returnWindowEnds(calendar, need('2026-10-09T02:00:00.000Z')))).toBe('2026-10-10');
  });

  it('counts from a need routed on a rest day as from the next working day', () => {
    // Sat 28 Nov 2026 → Mon 30 Nov.
    expect(shanghai(returnWindowEnds(calendar, need('2026-11-28T02:00:00.000Z')))).toBe('2026-11-30');
  });

  it('counts from the last re-route, and a manager’s re-route is final', () => {
    const rerouted = need('2026-11-02T02:00:00.000Z', { routedAt: '2026-11-27T02:00:00.000Z' });
    expect(shanghai(returnWindowEnds(calendar, rerouted))).toBe('2026-11-30');
    expect(
      returnRefusal(
        calendar,
        { ...rerouted, reroutedBy: '01000000000000000000000001' },
        new Date('2026-11-27T03:00:00Z'),
      ),
    ).toBe('final');
  });
});
