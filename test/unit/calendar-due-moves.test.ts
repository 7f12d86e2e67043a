import { describe, expect, it } from 'vitest';
import type { YearArrangement } from '#shared/calendar/arrangement.ts';
import { createCalendar } from '#shared/calendar/working-days.ts';
import { movedNeedClocks, movedTaskDue } from '#shared/calendar-admin/due-dates.ts';
import { trackingDueAt } from '#shared/domain/schedule.ts';
import type { Need, Task } from '#shared/domain/work-item.ts';
import { DEFAULT_CLOCKS } from '#shared/needs/clocks.ts';
import { openingClocks } from '#shared/needs/rules.ts';

/** 2027 with 春节 9 days (02-05 to 02-13): 02-11 and 02-12, working days while provisional, are off. */
const ARRANGED: YearArrangement = {
  year: 2027,
  holidays: ['05', '06', '07', '08', '09', '10', '11', '12', '13'].map((d) => ({
    date: `2027-02-${d}`,
    holiday: 'springFestival' as const,
  })),
  workdays: [{ date: '2027-02-20', holiday: 'springFestival' }],
};
const before = createCalendar();
const after = createCalendar(undefined, undefined, [ARRANGED]);
const config = { TALKS_FOLLOW_UP_WORKING_DAYS: 10, VISIT_INTERVAL_MONTHS: 3 };

const task = (over: Partial<Task>): Task =>
  ({
    id: 'T1',
    enterpriseId: 'E1',
    enterpriseName: '测试企业',
    stage: 'signed',
    kind: 'tracking',
    milestone: 'registered',
    status: 'open',
    officerId: 'S1',
    departmentId: 'D1',
    openedAt: '2027-01-28T02:00:00.000Z',
    dueAt: '',
    notified: [],
    version: 1,
    ...over,
  }) as Task;

describe('which open due dates move when a year is arranged', () => {
  it('moves a milestone due after its default working days, from the day it was opened', () => {
    const opened = new Date('2027-01-28T02:00:00.000Z'); // Thursday 28 January
    const dueAt = trackingDueAt(before, 'registered', undefined, opened).toISOString();
    const moved = movedTaskDue(before, after, task({ dueAt, originalDueAt: dueAt }), config);
    const expected = trackingDueAt(after, 'registered', undefined, opened).toISOString();
    expect(expected).not.toBe(dueAt);
    expect(moved).toEqual({ dueAt: expected, originalDueAt: expected });
  });

  it('finishes an entry saved again: a due date the year computed before any entry still moves', () => {
    const opened = new Date('2027-01-28T02:00:00.000Z');
    const dueAt = trackingDueAt(before, 'registered', undefined, opened).toISOString();
    const left = task({ dueAt });
    // Saved again: the calendar before this save already has the arrangement; the year unentered is the other.
    expect(movedTaskDue(after, after, left, config)).toBeUndefined();
    expect(movedTaskDue([after, before], after, left, config)?.dueAt).toBe(
      trackingDueAt(after, 'registered', undefined, opened).toISOString(),
    );
  });

  it('leaves alone a due date someone chose: a planned milestone date, an approved move', () => {
    const planned = before.closeOfBusiness('2027-02-26').toISOString();
    expect(movedTaskDue(before, after, task({ dueAt: planned }), config)).toBeUndefined();
    // Opened long before the change: its due date is not in the arranged span's reach, nothing moves either.
    const early = task({ openedAt: '2026-11-02T02:00:00.000Z' });
    const dueEarly = trackingDueAt(before, 'registered', undefined, new Date(early.openedAt)).toISOString();
    expect(movedTaskDue(before, after, { ...early, dueAt: dueEarly }, config)).toBeUndefined();
  });

  it('moves follow-ups and approvals counted in working days too', () => {
    const opened = new Date('2027-02-01T02:00:00.000Z');
    const follow = before.closeOfBusiness(before.addWorkingDays('2027-02-01', 10)).toISOString();
    expect(
      movedTaskDue(
        before,
        after,
        task({ kind: 'followUp', milestone: undefined, openedAt: opened.toISOString(), dueAt: follow }),
        config,
      ),
    ).toEqual({
      dueAt: after.closeOfBusiness(after.addWorkingDays('2027-02-01', 10)).toISOString(),
    });
    const approval = before.closeOfBusiness(before.addWorkingDays('2027-02-01', 20)).toISOString();
    expect(
      movedTaskDue(
        before,
        after,
        task({
          kind: 'approval',
          milestone: undefined,
          approval: 'planningPermit',
          openedAt: opened.toISOString(),
          dueAt: approval,
        }),
        config,
      )?.dueAt,
    ).toBe(after.closeOfBusiness(after.addWorkingDays('2027-02-01', 20)).toISOString());
  });

  const need = (over: Partial<Need>): Need =>
    ({
      id: 'N1',
      enterpriseId: 'E1',
      enterpriseName: '测试企业',
      stage: 'signed',
      ref: 'XQ-1',
      category: 'permits',
      title: '用电报装',
      description: '…',
      urgency: 'normal',
      contactName: '王',
      contactPhone: '13800000000',
      status: 'routed',
      ownerId: 'S2',
      ownerDepartmentId: 'D1',
      createdAt: '2027-02-04T06:00:00.000Z',
      attachments: [],
      redoCount: 0,
      notified: [],
      version: 1,
      ...over,
    }) as Need;

  it('recomputes a need’s sign-for, time limit and first contact from when its clock started', () => {
    const created = new Date('2027-02-04T06:00:00.000Z'); // Thursday 4 February, 14:00
    const urgent = need({
      urgency: 'urgent',
      ...openingClocks(before, created, { category: 'permits', urgency: 'urgent' }, DEFAULT_CLOCKS),
    });
    const fresh = openingClocks(after, created, { category: 'permits', urgency: 'urgent' }, DEFAULT_CLOCKS);
    const moved = movedNeedClocks(before, after, urgent, DEFAULT_CLOCKS);
    expect(moved).toEqual(
      Object.fromEntries(
        (['dueAt', 'resolveBy', 'firstContactBy'] as const)
          .filter((k) => fresh[k] !== urgent[k])
          .map((k) => [k, fresh[k]]),
      ),
    );
    expect(moved?.resolveBy).toBe(fresh.resolveBy);
    expect(Object.keys(moved ?? {}).length).toBeGreaterThan(0);
  });

  it('keeps what the owner committed to, and a time limit extended by approval', () => {
    const created = new Date('2027-02-01T06:00:00.000Z');
    const clocks = openingClocks(before, created, { category: 'permits', urgency: 'normal' }, DEFAULT_CLOCKS);
    const committed = need({
      status: 'committed',
      createdAt: created.toISOString(),
      committedDate: '2027-02-11',
      dueAt: before.closeOfBusiness('2027-02-11').toISOString(),
      resolveBy: '2027-03-05', // extended: not what the clock gives
    });
    expect(clocks.resolveBy).not.toBe('2027-03-05');
    expect(movedNeedClocks(before, after, committed, DEFAULT_CLOCKS)).toBeUndefined();
  });
});

describe('a date someone chose', () => {
  it('is the planned milestone, the planned approval, the follow-up the officer named', async () => {
    const { chosenTaskDate } = await import('#shared/calendar-admin/due-dates.ts');
    const enterprise = {
      milestones: { registered: { planned: '2027-02-16' } },
      approvals: {},
      nextFollowUpOn: undefined,
    } as unknown as Parameters<typeof chosenTaskDate>[0];
    const t = { kind: 'tracking', milestone: 'registered' } as Task;
    expect(chosenTaskDate(enterprise, t)).toBe(true);
    expect(chosenTaskDate(enterprise, { ...t, milestone: 'siteSecured' } as Task)).toBe(false);
    expect(chosenTaskDate(enterprise, { kind: 'approval', approval: 'energy' } as Task)).toBe(false);
    expect(
      chosenTaskDate({ ...enterprise, nextFollowUpOn: '2027-03-01' } as never, { kind: 'followUp' } as Task),
    ).toBe(true);
    expect(chosenTaskDate(undefined, t)).toBe(false);
  });
});
