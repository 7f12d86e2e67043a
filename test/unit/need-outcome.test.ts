import { describe, expect, it } from 'vitest';
import type { Need } from '#shared/domain/work-item.ts';
import { finalCounts, hasVisitor, stampResponses } from '#shared/needs/outcome.ts';

const need = (over: Partial<Need>): Need =>
  ({ id: 'n1', status: 'closed', redoCount: 0, notified: [], attachments: [], version: 1, ...over }) as Need;

describe('finalCounts: a need counted once, when it ends', () => {
  it('counts a revisited need in every rate, from what the return visit found', () => {
    const n = need({
      outcome: 'revisited',
      firstResponse: { at: '2026-09-21T02:00:00.000Z', onTime: true },
      lastAnswer: { at: '2026-09-25T02:00:00.000Z', onTime: false },
      revisit: { by: 'm', at: '2026-09-28T02:00:00.000Z', resolved: true, satisfied: false },
    });
    expect(finalCounts(n)).toEqual({
      finalised: 1,
      respondedOnTime: 1,
      answeredOnTime: 0,
      revisited: 1,
      revisitResolved: 1,
      revisitSatisfied: 0,
    });
  });

  it('keeps duplicates, needs outside the remit and needs the system withdrew out of the rates', () => {
    expect(finalCounts(need({ outcome: 'merged' }))).toEqual({ merged: 1 });
    expect(finalCounts(need({ outcome: 'explained' }))).toEqual({ explained: 1 });
    expect(finalCounts(need({ outcome: 'withdrawn' }))).toEqual({ withdrawn: 1 });
  });

  it('counts a decided or unvisited need in response and on time, not in resolution or satisfaction', () => {
    for (const outcome of ['decided', 'unvisited'] as const)
      expect(finalCounts(need({ outcome }))).toEqual({ finalised: 1, respondedOnTime: 0, answeredOnTime: 0 });
  });
});

describe('stampResponses and the visitor', () => {
  it('stamps the first sign-for and the latest answer with whether each was in time', () => {
    const now = new Date('2026-09-22T02:00:00.000Z');
    const signed = stampResponses(need({ status: 'routed' }), need({ status: 'committed' }), now, true);
    expect(signed.firstResponse).toEqual({ at: now.toISOString(), onTime: false });
    const again = stampResponses(
      need({ status: 'routed', firstResponse: { at: 'x', onTime: true } }),
      need({ status: 'committed', firstResponse: { at: 'x', onTime: true } }),
      now,
      true,
    );
    expect(again.firstResponse).toEqual({ at: 'x', onTime: true }); // a re-route's sign-for keeps the first
    expect(
      stampResponses(need({ status: 'committed' }), need({ status: 'resolved' }), now, false).lastAnswer,
    ).toEqual({ at: now.toISOString(), onTime: true });
  });

  it('needs a manager other than the owner for the return visit', () => {
    expect(hasVisitor([{ id: 'm1' }], { ownerId: 'm1' })).toBe(false);
    expect(hasVisitor([{ id: 'm1' }, { id: 'm2' }], { ownerId: 'm1' })).toBe(true);
  });
});
