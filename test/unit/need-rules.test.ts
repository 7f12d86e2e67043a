import { describe, expect, it } from 'vitest';
import { createCalendar } from '#shared/calendar/working-days.ts';
import { NEED_CATEGORIES, type Need, NeedStatus, onBoards } from '#shared/domain/work-item.ts';
import { phaseStart } from '#shared/needs/flow/open-step.ts';
import {
  dueInWorkingDays,
  needRef,
  phaseOf,
  RATING_WORKING_DAYS,
  RESOLUTION_WORKING_DAYS,
  SIGN_FOR_WORKING_DAYS,
} from '#shared/needs/rules.ts';

const cal = createCalendar();
const at = (iso: string) => new Date(iso);
type Status = Need['status'];

describe('phaseOf: who acts next on a need', () => {
  it.each<[Status, ReturnType<typeof phaseOf>]>([
    ['submitted', 'signFor'],
    ['routed', 'signFor'],
    ['signedFor', 'answer'],
    ['committed', 'answer'],
    ['resolved', 'rating'],
    ['returned', 'reroute'],
    ['escalated', 'decide'],
    ['closed', 'done'],
  ])('%s → %s', (status, phase) => {
    expect(phaseOf({ status })).toBe(phase);
  });

  it('gives every status the schema allows a phase (none falls through the switch)', () => {
    for (const status of NeedStatus.options) expect(phaseOf({ status })).toBeTypeOf('string');
  });

  it('is done only once closed', () => {
    const done = NeedStatus.options.filter((status) => phaseOf({ status }) === 'done');
    expect(done).toEqual(['closed']);
  });
});

describe('onBoards: a need is on staff boards while staff must act', () => {
  it('is on the boards in every phase where the owner or the managers act', () => {
    for (const status of ['submitted', 'routed', 'signedFor', 'committed', 'returned', 'escalated'] as const)
      expect(onBoards({ status }), status).toBe(true);
  });

  it('is off the boards while the enterprise rates the answer, and once closed', () => {
    expect(onBoards({ status: 'resolved' })).toBe(false);
    expect(onBoards({ status: 'closed' })).toBe(false);
  });

  it('agrees with phaseOf: off the boards exactly when its owner has nothing to do (rating, the return visit, done)', () => {
    for (const status of NeedStatus.options) {
      const phase = phaseOf({ status });
      // The return visit is a coordinator's, never the owner's: it is not on the owner's board.
      expect(onBoards({ status }), status).toBe(
        phase !== 'rating' && phase !== 'revisit' && phase !== 'done',
      );
    }
  });
});

describe('phaseStart: when the current phase began', () => {
  const createdAt = '2026-11-02T01:00:00.000Z';
  const signedForAt = '2026-11-03T02:00:00.000Z';
  const resolvedAt = '2026-11-10T03:00:00.000Z';

  it('is the creation time for a need not yet signed for', () => {
    expect(phaseStart({ createdAt })).toBe(createdAt);
  });

  it('is the sign-for time once signed for', () => {
    expect(phaseStart({ createdAt, signedForAt })).toBe(signedForAt);
  });

  it('is the resolution time once resolved, even though it was signed for before', () => {
    expect(phaseStart({ createdAt, signedForAt, resolvedAt })).toBe(resolvedAt);
  });

  it('is the resolution time for a need resolved without a recorded sign-for', () => {
    expect(phaseStart({ createdAt, resolvedAt })).toBe(resolvedAt);
  });
});

describe('dueInWorkingDays: close of business n working days later', () => {
  it('gives a need signed-for a day: Friday’s need is due Monday 17:30 Shanghai', () => {
    expect(dueInWorkingDays(cal, at('2026-11-27T02:00:00Z'), SIGN_FOR_WORKING_DAYS).toISOString()).toBe(
      '2026-11-30T09:30:00.000Z',
    );
  });

  it('counts the make-up Saturday before the Spring Festival as a working day', () => {
    // Fri 13 Feb 2026 + 1 working day = Sat 14 Feb (a make-up working day).
    expect(dueInWorkingDays(cal, at('2026-02-13T02:00:00Z'), 1).toISOString()).toBe(
      '2026-02-14T09:30:00.000Z',
    );
  });

  it('skips the whole Spring Festival holiday', () => {
    // Sat 14 Feb (working) + 1 = Tue 24 Feb: Sun 15 Feb and the holiday 16–23 Feb do not count.
    expect(dueInWorkingDays(cal, at('2026-02-14T02:00:00Z'), 1).toISOString()).toBe(
      '2026-02-24T09:30:00.000Z',
    );
  });

  it('counts from the Shanghai date, not the UTC one', () => {
    // 2026-11-26T17:00Z is already Fri 27 Nov in Shanghai: + 1 working day = Mon 30 Nov.
    expect(dueInWorkingDays(cal, at('2026-11-26T17:00:00Z'), 1).toISOString()).toBe(
      '2026-11-30T09:30:00.000Z',
    );
  });

  it('with 0 days is close of business the same (local) day', () => {
    expect(dueInWorkingDays(cal, at('2026-11-27T02:00:00Z'), 0).toISOString()).toBe(
      '2026-11-27T09:30:00.000Z',
    );
  });

  it('gives the enterprise five working days to rate, across National Day', () => {
    // Wed 30 Sep + 5: Oct 8, 9, 10 (make-up Saturday), 12, 13.
    expect(dueInWorkingDays(cal, at('2026-09-30T02:00:00Z'), RATING_WORKING_DAYS).toISOString()).toBe(
      '2026-10-13T09:30:00.000Z',
    );
  });
});

describe('needRef and the resolution clock', () => {
  it('is XQ-<local date>-<last four characters of the id>', () => {
    expect(needRef(cal, at('2026-11-27T02:00:00Z'), '01JDZ8Q4W6E2R7T9Y3U5M10042')).toBe('XQ-20261127-0042');
  });

  it('dates the reference in Shanghai: 16:30 UTC on 31 Dec is already 1 Jan there', () => {
    expect(needRef(cal, at('2026-12-31T16:30:00Z'), '01JDZ8Q4W6E2R7T9Y3U5M1ABCD')).toBe('XQ-20270101-ABCD');
  });

  it('has a positive whole number of working days for every category', () => {
    for (const category of NEED_CATEGORIES) {
      const days = RESOLUTION_WORKING_DAYS[category];
      expect(Number.isInteger(days) && days > 0, category).toBe(true);
    }
    expect(Object.keys(RESOLUTION_WORKING_DAYS).sort()).toEqual([...NEED_CATEGORIES].sort());
  });
});
