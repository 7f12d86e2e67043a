import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar } from '#shared/calendar/working-days.ts';
import { type Cadence, DEFAULT_CADENCE, plan, schedule } from '#shared/domain/cadence.ts';

/** Every notification at 09:00 sharp, as before the spread (its own tests below and in cadence-spread). */
const AT_NINE = { ...DEFAULT_CADENCE, spreadMinutes: 0 };

const cal = createCalendar();
const at = (iso: string) => new Date(iso);
const summary = (list: { kind: string; key: string; at: Date }[]) =>
  list.map((n) => `${n.kind} ${n.key} ${n.at.toISOString()}`);

// Tue 24 Feb 2026 is the first working day after the Spring Festival (holiday Mon 16 – Mon 23 Feb; the
// Saturdays 14 Feb and 28 Feb are make-up working days).
const afterFestival = { id: 'task', dueAt: '2026-02-24T09:30:00.000Z', openedAt: '2026-02-02T02:00:00.000Z' };

describe('schedule: every notification a task gets', () => {
  it('counts the early reminder back over the holiday, landing on the working day before the make-up Saturday', () => {
    // Two working days before Tue 24 Feb: Sat 14 Feb (make-up), then Fri 13 Feb.
    const [before] = schedule(cal, AT_NINE, afterFestival, 0);
    expect(before).toEqual({ kind: 'before', key: 'before:2026-02-24', at: at('2026-02-13T01:00:00.000Z') });
  });

  it('with no overdue days lists only the early reminder and the due-date one', () => {
    expect(summary(schedule(cal, AT_NINE, afterFestival, 0))).toEqual([
      'before before:2026-02-24 2026-02-13T01:00:00.000Z',
      'due due:2026-02-24 2026-02-24T01:00:00.000Z',
    ]);
  });

  it('sends no early reminder when the cadence asks for none', () => {
    const cadence: Cadence = { ...AT_NINE, beforeWorkingDays: 0 };
    expect(schedule(cal, cadence, afterFestival, 0).map((n) => n.kind)).toEqual(['due']);
  });

  it('reminds on the next working day when the due date is a holiday, keyed by the due date itself', () => {
    const holiday = { id: 'task', dueAt: '2026-10-03T09:30:00.000Z', openedAt: '2026-09-01T02:00:00.000Z' };
    const due = schedule(cal, AT_NINE, holiday, 0).find((n) => n.kind === 'due');
    expect(due).toEqual({ kind: 'due', key: 'due:2026-10-03', at: at('2026-10-08T01:00:00.000Z') });
  });

  it('takes the due date in Shanghai: 16:30 UTC on 30 Sep is already 1 Oct', () => {
    const late = { id: 'task', dueAt: '2026-09-30T16:30:00.000Z', openedAt: '2026-09-01T02:00:00.000Z' };
    expect(schedule(cal, AT_NINE, late, 0).map((n) => n.key)).toEqual([
      'before:2026-10-01',
      'due:2026-10-01',
    ]);
  });

  it('escalates on the make-up Saturday when that is the first working day overdue', () => {
    // Due Fri 27 Feb; Sat 28 Feb is a working day, so it is 1 working day overdue.
    const friday = { id: 'task', dueAt: '2026-02-27T09:30:00.000Z', openedAt: '2026-02-02T02:00:00.000Z' };
    const list = schedule(cal, AT_NINE, friday, 1);
    expect(summary(list.slice(-2))).toEqual([
      'overdue overdue:2026-02-28 2026-02-28T01:00:00.000Z',
      'head head:2026-02-27 2026-02-28T01:00:00.000Z',
    ]);
  });

  it('sends both escalations the same day when the cadence makes them coincide', () => {
    const cadence: Cadence = { ...AT_NINE, escalateHeadAfter: 2, escalateManagersAfter: 2 };
    const list = schedule(cal, cadence, afterFestival, 3);
    const head = list.find((n) => n.kind === 'head');
    const managers = list.find((n) => n.kind === 'managers');
    expect(head?.at.toISOString()).toBe('2026-02-26T01:00:00.000Z'); // Thu 26 Feb: 2 working days overdue
    expect(managers?.at).toEqual(head?.at);
  });

  it('sends at the configured hour, Shanghai time', () => {
    const cadence: Cadence = { ...AT_NINE, hour: 14 };
    expect(schedule(cal, cadence, afterFestival, 0).map((n) => n.at.toISOString())).toEqual([
      '2026-02-13T06:00:00.000Z',
      '2026-02-24T06:00:00.000Z',
    ]);
  });

  it('is in time order with a unique key per notification', () => {
    const list = schedule(cal, AT_NINE, afterFestival, 10);
    const times = list.map((n) => n.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(list.map((n) => n.key)).size).toBe(list.length);
    expect(list.filter((n) => n.kind === 'overdue')).toHaveLength(10);
  });
});

describe('plan: what a waiting task needs now', () => {
  it('sends nothing before the first reminder, and waits for it', () => {
    const p = plan(cal, AT_NINE, afterFestival, at('2026-02-10T02:00:00Z'));
    expect(p.send).toEqual([]);
    expect(p.next.toISOString()).toBe('2026-02-13T01:00:00.000Z');
  });

  it('sends a reminder at the very minute it is due', () => {
    const p = plan(cal, AT_NINE, afterFestival, at('2026-02-13T01:00:00.000Z'));
    expect(p.send.map((n) => n.key)).toEqual(['before:2026-02-24']);
    expect(p.next.toISOString()).toBe('2026-02-24T01:00:00.000Z'); // over the whole holiday
  });

  it('does not send an older reminder once a later one was sent', () => {
    const p = plan(
      cal,
      AT_NINE,
      { ...afterFestival, notified: ['due:2026-02-24'] },
      at('2026-02-24T05:00:00Z'),
    );
    expect(p.send).toEqual([]);
  });

  it('sends a missed escalation even after the reminder of the day was sent', () => {
    const p = plan(
      cal,
      AT_NINE,
      { ...afterFestival, notified: ['overdue:2026-02-25'] },
      at('2026-02-25T03:00:00Z'),
    );
    expect(p.send.map((n) => n.key)).toEqual(['head:2026-02-24']);
  });

  it('sends only the reminder when the escalation is already recorded', () => {
    const p = plan(
      cal,
      AT_NINE,
      { ...afterFestival, notified: ['head:2026-02-24'] },
      at('2026-02-25T03:00:00Z'),
    );
    expect(p.send.map((n) => n.key)).toEqual(['overdue:2026-02-25']);
  });

  it('keeps reminding each working day long after every escalation', () => {
    const notified = ['head:2026-02-24', 'managers:2026-02-24'];
    const p = plan(cal, AT_NINE, { ...afterFestival, notified }, at('2026-03-20T03:00:00Z'));
    expect(p.send.map((n) => n.key)).toEqual(['overdue:2026-03-20']);
    expect(p.next.toISOString()).toBe('2026-03-23T01:00:00.000Z'); // Fri → Mon
  });

  it('always waits for a moment after now, and sends only what is already due (any time, any history)', () => {
    const start = at('2026-01-20T00:00:00Z').getTime();
    const end = at('2026-03-13T00:00:00Z').getTime();
    const keys = schedule(cal, AT_NINE, afterFestival, 15).map((n) => n.key);
    fc.assert(
      fc.property(fc.integer({ min: start, max: end }), fc.subarray(keys), (ms, notified) => {
        const now = new Date(ms);
        const p = plan(cal, AT_NINE, { ...afterFestival, notified }, now);
        expect(p.next.getTime()).toBeGreaterThan(ms);
        for (const n of p.send) {
          expect(n.at.getTime()).toBeLessThanOrEqual(ms);
          expect(notified).not.toContain(n.key);
        }
        // At most one reminder at a time (never a backlog), each escalation at most once.
        expect(p.send.filter((n) => n.kind !== 'head' && n.kind !== 'managers').length).toBeLessThanOrEqual(
          1,
        );
        expect(new Set(p.send.map((n) => n.kind)).size).toBe(p.send.length);
      }),
      { numRuns: 100 },
    );
  });
});
