import { DateTime } from 'luxon';
import { type Calendar, ZONE } from '../calendar/working-days.ts';

/**
 * When reminders and escalations go out (configurable): on working days, from `hour`:00 Asia/Shanghai, each item's at
 * its holder's moment within `spreadMinutes` after it (the same moment every day for that person).
 */
export interface Cadence {
  /** A reminder this many working days before the due date. */
  beforeWorkingDays: number;
  /** Escalate to the department head once this many working days overdue. */
  escalateHeadAfter: number;
  /** Escalate to the managers once this many working days overdue. */
  escalateManagersAfter: number;
  hour: number;
  /**
   * The window after `hour` over which the day's reminders are spread, by a hash of each holder's id: at a province's
   * scale, all of them at 09:00 sharp was thousands of messages and writes in one second (issue 18). 0: all at `hour`.
   */
  spreadMinutes: number;
}

export const DEFAULT_CADENCE: Cadence = {
  beforeWorkingDays: 2,
  escalateHeadAfter: 1,
  escalateManagersAfter: 3,
  hour: 9,
  spreadMinutes: 180,
};

/** The second within the window at which an item's notifications go out: FNV-1a of its id, so stable and even. */
export function spreadSeconds(id: string, spreadMinutes: number): number {
  const window = Math.floor(spreadMinutes * 60);
  if (!(window > 0)) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h % window;
}

/**
 * How long before the office window closes the last reminder's moment falls: the sweep that sends a reminder runs
 * every 15 minutes (`SWEEP_MINUTES`), at no fixed minute, so one due this much before the close goes out before it and
 * is never held over lunch.
 */
export const REMINDER_SEND_MARGIN_MINUTES = 15;

/**
 * The day's reminder window (minutes after midnight, and its length): from `hour`:00 — or the opening of the office
 * window it falls in, if later — for `spreadMinutes`, but ending `REMINDER_SEND_MARGIN_MINUTES` before that window
 * closes. A season whose morning ends at 11:30 gets its reminders by 11:30, not held over lunch; standard hours
 * (09:00–12:00) give 09:00–11:45.
 */
export function reminderWindow(
  calendar: Pick<Calendar, 'officeHours'>,
  cadence: Pick<Cadence, 'hour' | 'spreadMinutes'>,
  date: string,
): { from: number; minutes: number } {
  const start = cadence.hour * 60;
  const window = calendar.officeHours(date).find((w) => w.end > start);
  const from = window ? Math.max(start, window.start) : start;
  const to = window
    ? Math.min(start + cadence.spreadMinutes, window.end - REMINDER_SEND_MARGIN_MINUTES)
    : start + cadence.spreadMinutes;
  return { from, minutes: Math.max(0, to - from) };
}

/** What the cadence needs of an item: whose moment in the window it goes at, and its dates. */
export interface Timed {
  id: string;
  /**
   * A task's holder: all of one person's tasks share their moment (a hash of their id), so the sweep run that sends
   * one of their reminders sends all of that day's, in one message. Without one, the item's own id.
   */
  officerId?: string;
  dueAt: string;
  openedAt: string;
}

export type NotificationKind = 'before' | 'due' | 'overdue' | 'head' | 'managers';

export interface Notification {
  kind: NotificationKind;
  /** Unique per task and due date, so a notification is sent once even if the step runs twice. */
  key: string;
  at: Date;
}

/** Every notification a task with this due date gets, in time order (overdue ones for `overdueDays` days). */
export function schedule(
  calendar: Calendar,
  cadence: Cadence,
  task: Timed,
  overdueDays: number,
): Notification[] {
  const dueDate = calendar.localDate(new Date(task.dueAt));
  const at = (date: string) => {
    const { from, minutes } = reminderWindow(calendar, cadence, date);
    return DateTime.fromISO(date, { zone: ZONE })
      .startOf('day')
      .plus({ minutes: from, seconds: spreadSeconds(task.officerId ?? task.id, minutes) })
      .toJSDate();
  };
  const list: Notification[] = [];
  const beforeDate = calendar.addWorkingDays(dueDate, -cadence.beforeWorkingDays);
  if (cadence.beforeWorkingDays > 0 && at(beforeDate).getTime() > new Date(task.openedAt).getTime()) {
    list.push({ kind: 'before', key: `before:${dueDate}`, at: at(beforeDate) });
  }
  list.push({ kind: 'due', key: `due:${dueDate}`, at: at(calendar.onOrAfter(dueDate)) });
  // One working day after the last (not n days from the due date each time): linear in the days overdue.
  let date = dueDate;
  for (let n = 1; n <= overdueDays; n++) {
    date = calendar.addWorkingDays(date, 1);
    list.push({ kind: 'overdue', key: `overdue:${date}`, at: at(date) });
    if (n === cadence.escalateHeadAfter) list.push({ kind: 'head', key: `head:${dueDate}`, at: at(date) });
    if (n === cadence.escalateManagersAfter)
      list.push({ kind: 'managers', key: `managers:${dueDate}`, at: at(date) });
  }
  return list;
}

/**
 * What a reminder says when it goes: one sent later than planned (a sweep outage, a clock moved on, a catch-up) says
 * how the item stands now — due today, or overdue — never "due today" the day after. Pure.
 */
export function reminderKindNow(
  calendar: Pick<Calendar, 'localDate'>,
  kind: 'before' | 'due' | 'overdue',
  dueAt: Date,
  now: Date,
): 'before' | 'due' | 'overdue' {
  if (kind === 'overdue' || now.getTime() > dueAt.getTime()) return 'overdue';
  return calendar.localDate(now) === calendar.localDate(dueAt) ? 'due' : kind;
}

/** An escalation (to the head, to the managers) rather than a routine reminder. Pure. */
export const isEscalation = (n: Pick<Notification, 'kind'>) => n.kind === 'head' || n.kind === 'managers';

/**
 * Of what a plan says to send, what goes now when the sender is not woken at each moment (the sweep): a routine
 * reminder only on its own day — one whose day passed unsent (a weekend's catch-up, an item registered after the
 * morning, an outage) gives way to today's, which its moment brings, so nobody gets two in a day; escalations once,
 * whenever they fell due. Pure.
 */
export function onItsDay<N extends Pick<Notification, 'kind' | 'at'>>(
  calendar: Pick<Calendar, 'localDate'>,
  send: N[],
  now: Date,
): N[] {
  const today = calendar.localDate(now);
  return send.filter((n) => isEscalation(n) || calendar.localDate(n.at) === today);
}

export interface Plan {
  /** What to send now: the latest reminder not yet sent (never a backlog of them), and each escalation once. */
  send: Notification[];
  /** When to look again. */
  next: Date;
}

/** Decide what a waiting task needs now, given what was already sent. Pure: the caller sends and records. */
export function plan(
  calendar: Calendar,
  cadence: Cadence,
  task: Timed & { notified?: string[] },
  now: Date,
): Plan {
  const dueDate = calendar.localDate(new Date(task.dueAt));
  const today = calendar.localDate(now);
  const overdueDays = Math.max(0, calendar.workingDaysBetween(dueDate, today)) + 1;
  const all = schedule(calendar, cadence, task, overdueDays);
  const sent = new Set(task.notified ?? []);
  const past = all.filter((n) => n.at.getTime() <= now.getTime());
  const reminders = past.filter((n) => !isEscalation(n));
  const latest = reminders[reminders.length - 1];
  const send = [
    ...(latest && !sent.has(latest.key) ? [latest] : []),
    ...past.filter((n) => isEscalation(n) && !sent.has(n.key)),
  ];
  const next = all.find((n) => n.at.getTime() > now.getTime())?.at as Date;
  return { send, next };
}

/**
 * When there is no head to escalate to but the holder (an approval held by the head of the department that handles
 * it; a need its department's head owns), the head escalation goes to the managers: their own is then not sent as a
 * second 【督办】 about the same item. `headless` is decided when the head escalation is sent, and what it settles is
 * recorded with it (`settledBy`), so a later run never sends the managers' one — nor loses it when a head was told.
 * Here: the managers' escalation is dropped when the head's goes to them in the same run. Any pair of notices keyed
 * `…head:<x>` / `…managers:<x>` (a task's or need's cadence, a need's first-contact chase). Pure.
 */
export function escalationsToSend<N extends Pick<Notification, 'key'> & { kind: string }>(
  send: N[],
  headless: boolean,
): N[] {
  if (!headless) return send;
  const settled = new Set(send.flatMap((n) => settledBy(n, headless)));
  return send.filter((n) => n.kind !== 'managers' || !settled.has(n.key));
}

/** The keys a notification settles beside its own: a head escalation sent to the managers settles theirs. Pure. */
export function settledBy(n: Pick<Notification, 'key'> & { kind: string }, headless: boolean): string[] {
  return n.kind === 'head' && headless ? [n.key.replace(/(^|:)head:/, '$1managers:')] : [];
}

/** How often a long-overdue task's wait wakes after its managers' escalation (see `wakeAt`). */
export const WAKE_AFTER_WORKING_DAYS = 20;

/**
 * When a task's wait wakes although the sweep sends its reminders: at the close of business of the day its managers'
 * escalation is due, then every `WAKE_AFTER_WORKING_DAYS` working days — so a wait whose release was lost (the change
 * stored, every call to Step Functions failed) moves on within days of the due date, not at the execution's age
 * limit. A task done by its head's escalation never wakes its wait. Pure.
 */
export function wakeAt(
  calendar: Pick<Calendar, 'localDate' | 'addWorkingDays' | 'closeOfBusiness'>,
  cadence: Pick<Cadence, 'escalateManagersAfter'>,
  task: Pick<Timed, 'dueAt'>,
  now: Date,
): Date {
  let day = calendar.addWorkingDays(calendar.localDate(new Date(task.dueAt)), cadence.escalateManagersAfter);
  while (calendar.closeOfBusiness(day).getTime() <= now.getTime())
    day = calendar.addWorkingDays(day, WAKE_AFTER_WORKING_DAYS);
  return calendar.closeOfBusiness(day);
}
