import { describe, expect, it } from 'vitest';
import { parseOfficeHours } from '#shared/calendar/office-hours.ts';
import { createCalendar } from '#shared/calendar/working-days.ts';
import {
  DEFAULT_CADENCE,
  plan,
  REMINDER_SEND_MARGIN_MINUTES,
  reminderWindow,
  schedule,
  spreadSeconds,
  WAKE_AFTER_WORKING_DAYS,
  wakeAt,
} from '#shared/domain/cadence.ts';
import { SWEEP_MINUTES } from '#shared/schedules/sweep.ts';

const cal = createCalendar();
// Due Mon 7 Dec 2026 (a working day), opened a month before.
const task = (id: string) => ({
  id,
  dueAt: '2026-12-07T09:30:00.000Z',
  openedAt: '2026-11-02T02:00:00.000Z',
});
const nine = (date: string) => Date.parse(`${date}T01:00:00.000Z`);

describe('reminders spread over the morning, item by item', () => {
  it('gives each id one stable moment inside the window, and 09:00 sharp when the window is 0', () => {
    for (const id of ['01JB0000000000000000000000', 'a', 'task-42']) {
      const s = spreadSeconds(id, 180);
      expect(s).toBe(spreadSeconds(id, 180));
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(180 * 60);
      expect(spreadSeconds(id, 0)).toBe(0);
    }
    expect(spreadSeconds('a', 180)).not.toBe(spreadSeconds('b', 180));
  });

  it('spreads 10,000 items evenly: no ten minutes of the three hours gets more than 1.3× its share', () => {
    const buckets = new Array(18).fill(0);
    for (let i = 0; i < 10_000; i++) buckets[Math.floor(spreadSeconds(`task-${i}`, 180) / 600)]++;
    const share = 10_000 / 18;
    expect(Math.max(...buckets)).toBeLessThan(share * 1.3);
    expect(Math.min(...buckets)).toBeGreaterThan(share * 0.7);
    // Seconds, too: no second of the window carries more than a handful of the day's reminders.
    const perSecond = new Map<number, number>();
    for (let i = 0; i < 10_000; i++) {
      const s = spreadSeconds(`task-${i}`, 180);
      perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
    }
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(8);
  });

  it('sends each of a task’s notifications at its moment after 09:00 on its day (Asia/Shanghai)', () => {
    const t = task('01JB0000000000000000000007');
    // The standard morning (09:00-12:00) spreads over 09:00-11:45: the last moment a quarter hour before the close.
    expect(reminderWindow(cal, DEFAULT_CADENCE, '2026-12-07')).toEqual({ from: 540, minutes: 165 });
    const offset = spreadSeconds(t.id, 165) * 1000;
    expect(offset).toBeGreaterThan(1000);
    const list = schedule(cal, DEFAULT_CADENCE, t, 3);
    expect(list.map((n) => n.kind)).toEqual([
      'before',
      'due',
      'overdue',
      'head',
      'overdue',
      'overdue',
      'managers',
    ]);
    for (const n of list) expect(n.at.getTime() - nine(cal.localDate(n.at))).toBe(offset);
    // Nothing at 09:00:01 (the old moment for everyone); the due-date reminder once its moment comes.
    const dueDay = nine('2026-12-07');
    expect(plan(cal, DEFAULT_CADENCE, t, new Date(dueDay + 1000)).send.map((n) => n.kind)).toEqual([
      'before',
    ]);
    const at = plan(
      cal,
      DEFAULT_CADENCE,
      { ...t, notified: ['before:2026-12-07'] },
      new Date(dueDay + offset),
    );
    expect(at.send.map((n) => n.key)).toEqual(['due:2026-12-07']);
    expect(at.next.getTime()).toBe(nine('2026-12-08') + offset);
  });

  it('keeps each day’s reminders a sweep’s interval inside that day’s morning office window: a season closing at 11:30 by 11:15', () => {
    // A sweep runs every 15 minutes at no fixed minute: a reminder due by then is sent before the window closes.
    expect(REMINDER_SEND_MARGIN_MINUTES).toBe(SWEEP_MINUTES);
    // Winter mornings 09:00-11:30 (1 December to the end of February); the standard 09:00-12:00 otherwise.
    const { hours } = parseOfficeHours('09:00-12:00 13:30-17:30', '12-01 02-28 09:00-11:30 13:00-17:00');
    if (!hours) throw new Error('the winter hours should parse');
    const winter = createCalendar(undefined, hours);
    expect(reminderWindow(winter, DEFAULT_CADENCE, '2026-12-07')).toEqual({ from: 540, minutes: 135 });
    expect(reminderWindow(winter, DEFAULT_CADENCE, '2026-11-30')).toEqual({ from: 540, minutes: 165 });
    // A morning opening at 09:30 starts the window then; 0 minutes of spread is the opening itself.
    const late = createCalendar(undefined, { standard: [{ start: 570, end: 720 }], seasons: [] });
    expect(reminderWindow(late, DEFAULT_CADENCE, '2026-12-07')).toEqual({ from: 570, minutes: 135 });
    expect(reminderWindow(late, { ...DEFAULT_CADENCE, spreadMinutes: 0 }, '2026-12-07')).toEqual({
      from: 570,
      minutes: 0,
    });
    let latest = 0;
    for (let i = 0; i < 2000; i++) {
      for (const n of schedule(winter, DEFAULT_CADENCE, task(`task-${i}`), 3)) {
        const local = new Date(n.at.getTime() + 8 * 3_600_000);
        const minute = local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60;
        expect(minute).toBeGreaterThanOrEqual(540);
        expect(winter.isOfficeTime(n.at)).toBe(true);
        latest = Math.max(latest, minute);
      }
    }
    expect(latest).toBeGreaterThan(11 * 60 + 5);
    expect(latest).toBeLessThan(11 * 60 + 15);
  });

  it('gives all of one holder’s tasks their moment, so one sweep run carries that person’s whole day', () => {
    const mine = [task('01JB0000000000000000000007'), task('01JB0000000000000000000042')].map((t) => ({
      ...t,
      officerId: '01JB00000000000000000OFFCR',
    }));
    const [a, b] = mine.map((t) => schedule(cal, DEFAULT_CADENCE, t, 1).map((n) => n.at.getTime()));
    expect(a).toEqual(b);
    // Their own ids would have spread them apart; another holder's tasks go at another moment.
    expect(schedule(cal, DEFAULT_CADENCE, task(mine[0]!.id), 1)[0]?.at).not.toEqual(
      schedule(cal, DEFAULT_CADENCE, task(mine[1]!.id), 1)[0]?.at,
    );
    const other = { ...mine[0]!, officerId: '01JB00000000000000000OTHER' };
    expect(schedule(cal, DEFAULT_CADENCE, other, 1)[0]?.at).not.toEqual(
      schedule(cal, DEFAULT_CADENCE, mine[0]!, 1)[0]?.at,
    );
  });

  it('wakes a task’s wait at its managers’ escalation, then every 20 working days, never before', () => {
    const t = task('01JB0000000000000000000007'); // due Mon 7 Dec 2026
    const cob = (date: string) => cal.closeOfBusiness(date).getTime();
    // Before the due date and up to the managers' day: that day's close of business (three working days late).
    expect(wakeAt(cal, DEFAULT_CADENCE, t, new Date('2026-11-25T02:00:00Z')).getTime()).toBe(
      cob('2026-12-10'),
    );
    expect(wakeAt(cal, DEFAULT_CADENCE, t, new Date('2026-12-10T02:00:00Z')).getTime()).toBe(
      cob('2026-12-10'),
    );
    // After it, every WAKE_AFTER_WORKING_DAYS working days.
    const next = cal.addWorkingDays('2026-12-10', WAKE_AFTER_WORKING_DAYS);
    expect(wakeAt(cal, DEFAULT_CADENCE, t, new Date(cob('2026-12-10'))).getTime()).toBe(cob(next));
    expect(wakeAt(cal, DEFAULT_CADENCE, t, new Date(cob(next) + 1)).getTime()).toBe(
      cob(cal.addWorkingDays(next, WAKE_AFTER_WORKING_DAYS)),
    );
  });
});
