import { describe, expect, it } from 'vitest';
import type { Need } from '#shared/domain/work-item.ts';
import { enterpriseNotice } from '#shared/needs/tell-enterprise.ts';

const need = (over: Partial<Need>): Need =>
  ({
    id: 'n1',
    status: 'routed',
    redoCount: 0,
    notified: [],
    attachments: [],
    version: 1,
    ...over,
  }) as Need;

describe('enterpriseNotice: what the enterprise is told when its need moves on', () => {
  it('is told the committed date when the need is signed for', () => {
    expect(
      enterpriseNotice(
        need({ status: 'routed' }),
        need({ status: 'committed', committedDate: '2026-10-09' }),
      ),
    ).toEqual({ kind: 'signedFor', date: '2026-10-09' });
  });

  it('is told the new date when more time is approved, and nothing when it is refused or only asked for', () => {
    const pending = {
      to: '2026-10-20',
      reason: 'r',
      at: '2026-09-21T02:00:00.000Z',
      status: 'pending' as const,
    };
    const before = need({ status: 'committed', committedDate: '2026-10-09', extension: pending });
    expect(
      enterpriseNotice(
        before,
        need({
          status: 'committed',
          committedDate: '2026-10-20',
          extension: { ...pending, status: 'approved' },
        }),
      ),
    ).toEqual({ kind: 'extended', date: '2026-10-20' });
    expect(
      enterpriseNotice(before, need({ status: 'committed', extension: { ...pending, status: 'refused' } })),
    ).toBeUndefined();
    expect(
      enterpriseNotice(need({ status: 'committed', committedDate: '2026-10-09' }), before),
    ).toBeUndefined();
  });

  it('is told the new date of a redo, and not told again by a hand-over or an answer', () => {
    expect(
      enterpriseNotice(
        need({ status: 'resolved', redoCount: 0 }),
        need({ status: 'committed', redoCount: 1, committedDate: '2026-10-30' }),
      ),
    ).toEqual({ kind: 'redo', date: '2026-10-30' });
    const committed = need({ status: 'committed', committedDate: '2026-10-09' });
    expect(enterpriseNotice(committed, { ...committed, ownerId: 'someone-else' })).toBeUndefined();
    // The answer reaches it with the request to rate it, from the workflow.
    expect(enterpriseNotice(committed, need({ status: 'resolved', answer: 'a' }))).toBeUndefined();
  });
});
