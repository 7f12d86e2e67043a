import type { Calendar } from '../calendar/working-days.ts';
import type { Staff } from '../domain/organisation.ts';
import type { Complexity, Need, NeedNature } from '../domain/work-item.ts';
import { type ClockRow, DEFAULT_CLOCKS, HOURS_PER_WORKING_DAY, type NeedClocks } from './clocks.ts';

export type NeedCategory = Need['category'];

/** Working days to resolve a need, by category (the 12345-style resolution clock). */
export const RESOLUTION_WORKING_DAYS: Record<NeedCategory, number> = {
  permits: 10,
  land: 15,
  utilities: 10,
  hiring: 5,
  financing: 10,
  incentives: 15,
  other: 5,
};
/** Working days to sign for a need, and for the enterprise to rate the answer. */
export const SIGN_FOR_WORKING_DAYS = 1;
export const RATING_WORKING_DAYS = 5;

/** Category → department id, as the zone configures it; a category not in it goes to the service officer. */
export type RoutingTable = Partial<Record<NeedCategory, string>>;

export function dueInWorkingDays(calendar: Calendar, from: Date, days: number): Date {
  return calendar.closeOfBusiness(calendar.addWorkingDays(calendar.localDate(from), days));
}

/** A need's nature; needs stored before natures were asked are requests for help. */
export const natureOf = (need: Pick<Need, 'nature'>): NeedNature => need.nature ?? 'help';
export const complexityOf = (need: Pick<Need, 'complexity'>): Complexity => need.complexity ?? 'simple';

/** The row of the clock table a need's nature and urgency pick. */
export const clockRow = (table: NeedClocks, need: Pick<Need, 'nature' | 'urgency'>): ClockRow =>
  table[natureOf(need)][need.urgency];

/**
 * Working days to resolve a need. The table (by nature and urgency) caps the category's own clock: a simple need
 * gets the shorter of the two (so `help` and `complaint`, whose defaults are the longest category clock, keep
 * today's clock by category, and an urgent or a consultation need gets the table's short one, whatever its
 * category); a complex need gets the table's complex clock, and never less than a simple one would.
 */
export function resolutionWorkingDays(
  table: NeedClocks,
  need: Pick<Need, 'category' | 'nature' | 'urgency' | 'complexity'>,
): number {
  const r = clockRow(table, need);
  const simple = Math.min(RESOLUTION_WORKING_DAYS[need.category], r.resolveSimpleDays);
  return complexityOf(need) === 'complex' ? Math.max(simple, r.resolveComplexDays) : simple;
}

/** The last day a need's answer may take when its clock starts on `from` (creation, a re-route, a redo). */
export const resolveByFrom = (
  calendar: Calendar,
  from: Date,
  table: NeedClocks,
  need: Pick<Need, 'category' | 'nature' | 'urgency' | 'complexity'>,
) => calendar.addWorkingDays(calendar.localDate(from), resolutionWorkingDays(table, need));

/**
 * A new need's clocks, from the zone's table: sign for it by `dueAt` (working hours), answer it by `resolveBy`
 * (working days), and — an urgent need — call the enterprise by `firstContactBy` (working hours).
 */
export function openingClocks(
  calendar: Calendar,
  now: Date,
  need: Pick<Need, 'category' | 'urgency' | 'nature' | 'complexity'>,
  table: NeedClocks = DEFAULT_CLOCKS,
): Pick<Need, 'dueAt' | 'resolveBy' | 'firstContactBy'> {
  const r = clockRow(table, need);
  return {
    dueAt: hoursClock(calendar, now, r.signForHours).toISOString(),
    resolveBy: resolveByFrom(calendar, now, table, need),
    ...(need.urgency === 'urgent' && r.firstContactHours
      ? { firstContactBy: hoursClock(calendar, now, r.firstContactHours).toISOString() }
      : {}),
  };
}

/**
 * When a clock of `hours` working hours started at `now` ends: that many office hours later — but a clock of at
 * least N whole working days (7 working hours each) never ends before close of business N working days after the
 * day it starts, as working-day clocks are counted to the end of the day (so the default one-working-day sign-for
 * is due at 17:30 the next working day, as it always was). Never earlier for more hours.
 */
export function hoursClock(calendar: Calendar, now: Date, hours: number): Date {
  const exact = calendar.addWorkingHours(now, hours);
  const days = Math.floor(hours / HOURS_PER_WORKING_DAY);
  if (days < 1) return exact;
  const endOfDay = dueInWorkingDays(calendar, now, days);
  return endOfDay.getTime() > exact.getTime() ? endOfDay : exact;
}

/** Whether an urgent need's first contact is still owed: not recorded, and the owner is yet to sign for it. */
export const firstContactOwed = (need: Pick<Need, 'firstContactBy' | 'firstContactAt' | 'status'>) =>
  !!need.firstContactBy && !need.firstContactAt && phaseOf(need) === 'signFor';

/** Working hours after a missed first contact before the owner's department head, then the managers, are told. */
export const FIRST_CONTACT_ESCALATION_HOURS = { head: 1, managers: 3 } as const;

export interface FirstContactNotice {
  kind: 'due' | 'head' | 'managers';
  key: string;
  at: Date;
}

/**
 * An urgent need's first-contact chase, like the other clocks' cadence but in working hours: the owner is reminded
 * at the deadline, the department head told one working hour later, the managers three. Pure: what to send now
 * (each once, by its key in `notified`) and when to look again (none once nothing is owed or left).
 */
export function firstContactPlan(
  calendar: Calendar,
  need: Pick<Need, 'firstContactBy' | 'firstContactAt' | 'status' | 'notified'>,
  now: Date,
): { send: FirstContactNotice[]; next?: Date } {
  if (!firstContactOwed(need) || !need.firstContactBy) return { send: [] };
  const by = new Date(need.firstContactBy);
  // A time that falls on the end of an office period (12:00, 17:30) is told when the next one begins: staff mail
  // waits for office hours anyway.
  const told = (at: Date) => calendar.nextOfficeTime(at);
  const all: FirstContactNotice[] = [
    { kind: 'due', key: `firstContact:due:${need.firstContactBy}`, at: told(by) },
    ...(['head', 'managers'] as const).map((kind) => ({
      kind,
      key: `firstContact:${kind}:${need.firstContactBy}`,
      at: told(calendar.addWorkingHours(by, FIRST_CONTACT_ESCALATION_HOURS[kind])),
    })),
  ];
  const sent = new Set(need.notified ?? []);
  return {
    send: all.filter((n) => n.at.getTime() <= now.getTime() && !sent.has(n.key)),
    next: all.find((n) => n.at.getTime() > now.getTime())?.at,
  };
}

/** The reference number an enterprise quotes: XQ-<date>-<last 4 of the id>. */
export function needRef(calendar: Calendar, at: Date, id: string): string {
  return `XQ-${calendar.localDate(at).replaceAll('-', '')}-${id.slice(-4)}`;
}

/** Who acts next on a need, which the workflow waits for. */
export type NeedPhase = 'signFor' | 'answer' | 'rating' | 'reroute' | 'decide' | 'revisit' | 'done';

export function phaseOf(need: Pick<Need, 'status'>): NeedPhase {
  switch (need.status) {
    case 'routed':
    case 'submitted':
      return 'signFor';
    case 'signedFor':
    case 'committed':
      return 'answer';
    case 'resolved':
      return 'rating';
    case 'returned':
      return 'reroute';
    case 'escalated':
      return 'decide';
    case 'revisit':
      return 'revisit';
    case 'closed':
      return 'done';
  }
}

/** A need's pending extension as a request to decide (`can(who, 'need.decideExtension', …)`): where and by whom. */
export const extensionRequest = (
  need: Pick<Need, 'ownerDepartmentId' | 'extension'>,
  staff: Pick<Staff, 'id' | 'role'>[],
) => ({
  departmentId: need.ownerDepartmentId,
  requester: need.extension ? staff.find((s) => s.id === need.extension?.requestedBy) : undefined,
});

type ExtensionAsked = Pick<
  Need,
  'category' | 'nature' | 'urgency' | 'complexity' | 'resolveBy' | 'committedDate' | 'extension'
>;

/**
 * The latest date more time may reach: 12345 rules allow an extension of at most the original time limit, so the
 * need's time limit (`resolveBy`; a need stored without one: its committed date, else today) plus its own
 * resolution clock again, in working days, from the zone's table.
 */
export const extensionLimit = (calendar: Calendar, table: NeedClocks, need: ExtensionAsked, today: string) =>
  calendar.addWorkingDays(need.resolveBy ?? need.committedDate ?? today, resolutionWorkingDays(table, need));

/**
 * Why the 12345 rules refuse an extension to `to` (a message key for the date field), or nothing: a need is given
 * more time once (a refused request may be asked again), and never beyond `extensionLimit`.
 */
export function extensionRefusal(
  calendar: Calendar,
  table: NeedClocks,
  need: ExtensionAsked,
  to: string,
  today: string,
): 'need.extensionOnce' | 'need.extensionTooFar' | undefined {
  if (need.extension?.status === 'approved') return 'need.extensionOnce';
  if (to > extensionLimit(calendar, table, need, today)) return 'need.extensionTooFar';
  return undefined;
}
