import type { Calendar } from '../calendar/working-days.ts';
import type { Staff } from '../domain/organisation.ts';
import type { Need } from '../domain/work-item.ts';

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

/** A new need's clocks: sign for it by `dueAt`, answer it by `resolveBy` (the category's resolution clock). */
export function openingClocks(calendar: Calendar, now: Date, need: Pick<Need, 'category'>) {
  return {
    dueAt: dueInWorkingDays(calendar, now, SIGN_FOR_WORKING_DAYS).toISOString(),
    resolveBy: calendar.addWorkingDays(calendar.localDate(now), RESOLUTION_WORKING_DAYS[need.category]),
  };
}

/** The reference number an enterprise quotes: XQ-<date>-<last 4 of the id>. */
export function needRef(calendar: Calendar, at: Date, id: string): string {
  return `XQ-${calendar.localDate(at).replaceAll('-', '')}-${id.slice(-4)}`;
}

/** Who acts next on a need, which the workflow waits for. */
export type NeedPhase = 'signFor' | 'answer' | 'rating' | 'reroute' | 'decide' | 'done';

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
