import { describe, expect, it } from 'vitest';
import { createCalendar } from '#shared/calendar/working-days.ts';
import { DEFAULT_CADENCE, plan, reminderKindNow } from '#shared/domain/cadence.ts';

/** Every notification at 09:00 sharp, as before the spread (its own tests below and in cadence-spread). */
const AT_NINE = { ...DEFAULT_CADENCE, spreadMinutes: 0 };

const cal = createCalendar();
// Due Wed 30 Sep 2026 close of business; National Day holiday Oct 1–7; Sat Oct 10 is a make-up working day.
const task = { id: 'task', dueAt: '2026-09-30T09:30:00.000Z', openedAt: '2026-09-01T02:00:00.000Z' };
const at = (iso: string) => new Date(iso);

/** Walk the clock hour by hour, sending what the plan says, as the workflow would. */
function simulate(from: string, to: string) {
  const sent: { kind: string; key: string; on: string }[] = [];
  const notified: string[] = [];
  let now = at(from);
  while (now.getTime() < at(to).getTime()) {
    const p = plan(cal, AT_NINE, { ...task, notified }, now);
    for (const n of p.send) {
      sent.push({ kind: n.kind, key: n.key, on: cal.localDate(now) });
      notified.push(n.key);
    }
    now = p.next; // the workflow sleeps exactly until the next notification
  }
  return sent;
}

describe('reminder and escalation cadence', () => {
  it('reminds two working days before, on the due date, then each working day, and escalates on day 1 and 3', () => {
    const sent = simulate('2026-09-20T00:00:00Z', '2026-10-14T00:00:00Z');
    expect(sent.map((s) => `${s.on} ${s.kind}`)).toEqual([
      '2026-09-28 before', // Mon 28 Sep: two working days before Wed 30 Sep
      '2026-09-30 due',
      '2026-10-08 overdue', // first working day after the holiday
      '2026-10-08 head', // 1 working day overdue → department head
      '2026-10-09 overdue',
      '2026-10-10 overdue', // the make-up Saturday is a working day
      '2026-10-10 managers', // 3 working days overdue → managers
      '2026-10-12 overdue',
      '2026-10-13 overdue',
    ]);
  });

  it('sends only the latest reminder after a jump, but every escalation it passed', () => {
    const p = plan(cal, AT_NINE, task, at('2026-10-12T03:00:00Z'));
    expect(p.send.map((n) => n.key)).toEqual([
      'overdue:2026-10-12',
      'head:2026-09-30',
      'managers:2026-09-30',
    ]);
    expect(p.next.toISOString()).toBe('2026-10-13T01:00:00.000Z'); // Tue 09:00 Shanghai
  });

  it('sends nothing twice', () => {
    const p = plan(cal, AT_NINE, { ...task, notified: ['due:2026-09-30'] }, at('2026-09-30T05:00:00Z'));
    expect(p.send).toEqual([]);
    expect(p.next.toISOString()).toBe('2026-10-08T01:00:00.000Z');
  });

  it('skips the early reminder for a task opened inside the reminder window', () => {
    const late = { id: 'task', dueAt: task.dueAt, openedAt: '2026-09-29T02:00:00.000Z' };
    const p = plan(cal, AT_NINE, late, at('2026-09-29T02:00:00Z'));
    expect(p.send).toEqual([]);
    expect(p.next.toISOString()).toBe('2026-09-30T01:00:00.000Z');
  });

  it('starts over for a new due date after an extension', () => {
    const extended = {
      ...task,
      dueAt: '2026-10-20T09:30:00.000Z',
      notified: ['due:2026-09-30', 'head:2026-09-30'],
    };
    const p = plan(cal, AT_NINE, extended, at('2026-10-09T02:00:00Z'));
    expect(p.send).toEqual([]);
    expect(p.next.toISOString()).toBe('2026-10-16T01:00:00.000Z'); // Fri 16 Oct: two working days before Tue 20
  });
});

describe('what a reminder says when it goes', () => {
  const calendar = createCalendar();
  // Due Mon 7 Dec 2026 at close of business (17:30 Shanghai).
  const dueAt = new Date('2026-12-07T09:30:00Z');
  const at = (iso: string) => new Date(iso);

  it('says what was planned when it goes on time', () => {
    expect(reminderKindNow(calendar, 'before', dueAt, at('2026-12-03T02:00:00Z'))).toBe('before');
    expect(reminderKindNow(calendar, 'due', dueAt, at('2026-12-07T02:00:00Z'))).toBe('due');
    expect(reminderKindNow(calendar, 'overdue', dueAt, at('2026-12-08T02:00:00Z'))).toBe('overdue');
  });

  it('says how the item stands now when it goes late: never "due today" the day after', () => {
    expect(reminderKindNow(calendar, 'due', dueAt, at('2026-12-08T01:19:00Z'))).toBe('overdue');
    expect(reminderKindNow(calendar, 'before', dueAt, at('2026-12-08T01:19:00Z'))).toBe('overdue');
    // A "before" reminder that only goes on the due day says it is due today.
    expect(reminderKindNow(calendar, 'before', dueAt, at('2026-12-07T03:00:00Z'))).toBe('due');
  });
});
