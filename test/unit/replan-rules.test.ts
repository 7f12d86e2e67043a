import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '#shared/domain/audit.ts';
import { dueBeforeMoves, replanned, replansFrom, servedWithin } from '#shared/lifecycle/move-rules.ts';

/** Issue 15 item 6: the rules of re-planning a milestone, without a table. */
const event = (at: string, action: string, details: Record<string, unknown>, actor = 'X'): AuditEvent => ({
  id: at,
  at,
  actor: { kind: 'staff', id: actor },
  channel: 'web',
  action,
  enterpriseId: 'E',
  subject: { kind: 'enterprise', id: 'E' },
  details,
});

describe('a milestone re-planned', () => {
  it('keeps the first planned date as the original and counts each change', () => {
    const once = replanned({ planned: '2026-12-10' }, '2027-01-15');
    expect(once).toEqual({ planned: '2027-01-15', originalPlanned: '2026-12-10', replans: 1 });
    expect(replanned(once, '2027-02-01')).toEqual({
      planned: '2027-02-01',
      originalPlanned: '2026-12-10',
      replans: 2,
    });
  });

  it('a milestone that had no planned date keeps no original, but the change is counted', () => {
    expect(replanned({}, '2027-01-15')).toEqual({ planned: '2027-01-15', replans: 1 });
  });

  it('the same date again is no change', () => {
    const m = { planned: '2026-12-10' };
    expect(replanned(m, '2026-12-10')).toBe(m);
  });
});

describe('the re-plan history', () => {
  it('reads approved moves and managers’ re-plans, oldest first; other events are not in it', () => {
    const timeline = [
      event('2026-11-26T02:00:00.000Z', 'enterprise.replanned', {
        milestone: 'registered',
        from: '2026-12-10',
        to: '2027-01-15',
        move: 'M1',
        reason: '等待核名',
        requestedBy: 'OFFICER',
        decidedBy: 'HEAD',
      }),
      event('2026-11-26T03:00:00.000Z', 'task.moveApproved', { move: 'M1' }),
      event(
        '2026-11-27T02:00:00.000Z',
        'enterprise.planChanged',
        {
          planned: { registered: '2027-01-20', siteSecured: '2027-03-01' },
          changes: [
            { milestone: 'registered', from: '2027-01-15', to: '2027-01-20' },
            { milestone: 'siteSecured', from: '2027-02-01', to: '2027-03-01' },
          ],
        },
        'MANAGER',
      ),
      // A re-plan recorded before changes were kept: its dates are shown, its previous ones are unknown.
      event(
        '2026-11-20T02:00:00.000Z',
        'enterprise.planChanged',
        { planned: { operating: '2028-01-01' } },
        'M0',
      ),
    ];
    expect(replansFrom(timeline)).toEqual([
      { at: '2026-11-20T02:00:00.000Z', milestone: 'operating', to: '2028-01-01', decidedBy: 'M0' },
      {
        at: '2026-11-26T02:00:00.000Z',
        milestone: 'registered',
        from: '2026-12-10',
        to: '2027-01-15',
        move: 'M1',
        reason: '等待核名',
        requestedBy: 'OFFICER',
        decidedBy: 'HEAD',
      },
      {
        at: '2026-11-27T02:00:00.000Z',
        milestone: 'registered',
        from: '2027-01-15',
        to: '2027-01-20',
        decidedBy: 'MANAGER',
      },
      {
        at: '2026-11-27T02:00:00.000Z',
        milestone: 'siteSecured',
        from: '2027-02-01',
        to: '2027-03-01',
        decidedBy: 'MANAGER',
      },
    ]);
  });
});

describe('who served an enterprise lately', () => {
  const NOW = '2026-11-25T02:00:00.000Z';
  const cutoff = '2026-10-26T02:00:00.000Z'; // 30 days before
  const base = { enterprise: { serviceOfficerId: 'CURRENT' }, tasks: [], timeline: [] };

  it('the current service officer', () => {
    expect(servedWithin('CURRENT', base, cutoff)).toBe(true);
    expect(servedWithin('NOBODY', base, cutoff)).toBe(false);
  });

  it('whoever was reassigned away from it (or handed its task over) within the window, not before', () => {
    const timeline = [
      event('2026-11-20T02:00:00.000Z', 'enterprise.reassigned', { from: 'HEAD', to: 'CURRENT' }),
      event('2026-10-26T02:00:00.000Z', 'task.handedOver', { from: 'EDGE', to: 'CURRENT' }),
      event('2026-10-26T01:59:59.999Z', 'enterprise.reassigned', { from: 'OLD', to: 'HEAD' }),
      event('2026-11-01T02:00:00.000Z', 'task.handedOver', { from: 'SUB', to: 'CURRENT' }),
    ];
    const file = { ...base, timeline };
    expect(servedWithin('HEAD', file, cutoff)).toBe(true);
    expect(servedWithin('SUB', file, cutoff)).toBe(true);
    expect(servedWithin('EDGE', file, cutoff)).toBe(true);
    expect(servedWithin('OLD', file, cutoff)).toBe(false);
    expect(NOW > cutoff).toBe(true);
  });

  it('whoever holds one of its tasks, or completed one within the window', () => {
    const tasks = [
      { officerId: 'OPEN', status: 'open' as const, openedAt: '2026-01-01T00:00:00.000Z' },
      {
        officerId: 'RECENT',
        status: 'completed' as const,
        openedAt: '2026-01-01T00:00:00.000Z',
        completedAt: '2026-11-01T00:00:00.000Z',
      },
      {
        officerId: 'LONG_AGO',
        status: 'completed' as const,
        openedAt: '2026-01-01T00:00:00.000Z',
        completedAt: '2026-09-01T00:00:00.000Z',
      },
    ];
    const file = { ...base, tasks };
    expect(servedWithin('OPEN', file, cutoff)).toBe(true);
    expect(servedWithin('RECENT', file, cutoff)).toBe(true);
    expect(servedWithin('LONG_AGO', file, cutoff)).toBe(false);
  });
});

describe('the due date “on time” is measured against', () => {
  const moves = [
    { id: '02', status: 'approved' as const, from: '2026-12-20T09:30:00.000Z' },
    { id: '00', status: 'refused' as const, from: '2026-12-01T09:30:00.000Z' },
    { id: '01', status: 'approved' as const, from: '2026-12-10T09:30:00.000Z' },
  ];
  it('is the due date the task was opened with, when kept', () => {
    expect(dueBeforeMoves({ dueAt: 'D', originalDueAt: 'O' }, moves)).toBe('O');
  });
  it('for an older task, the due date before its first approved move (a refused one moved nothing)', () => {
    expect(dueBeforeMoves({ dueAt: '2027-01-15T09:30:00.000Z' }, moves)).toBe('2026-12-10T09:30:00.000Z');
  });
  it('for an older task never moved, its due date', () => {
    expect(dueBeforeMoves({ dueAt: 'D' }, [moves[1]!])).toBe('D');
  });
});
