import { z } from 'zod';
import { can } from '../auth/permissions.ts';
import type { Calendar } from '../calendar/working-days.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { headsOf, managersOf } from '../domain/organisation.ts';
import { Id, Text } from '../domain/primitives.ts';
import type { Need } from '../domain/work-item.ts';
import { listStaff } from '../store/organisation.ts';
import {
  type ActDeps,
  type Acting,
  type ActResult,
  act,
  HOLDER,
  type NeedIds,
  notOwnDecision,
  WITH_OWNER,
} from './act.ts';
import { getClocks, type NeedClocks } from './clocks.ts';
import { dueInWorkingDays, openingClocks } from './rules.ts';
export const ReturnNeed = z.object({ reason: Text(500) });

/** Working days after being routed during which the owner may return a need as not theirs (Quanzhou's rule: one). */
export const RETURN_WINDOW_WORKING_DAYS = 1;

type Routed = Pick<Need, 'createdAt' | 'routedAt' | 'reroutedBy'>;

/**
 * When the return window closes: close of business on the next working day after the need was routed (created, or
 * re-routed by a manager; needs stored before `routedAt` existed count from `createdAt`). A need routed on a rest
 * day or a holiday counts from the next working day; make-up working days (调休) count as working days.
 */
export function returnWindowEnds(calendar: Calendar, need: Routed): Date {
  const from = calendar.localDate(new Date(need.routedAt ?? need.createdAt));
  return calendar.closeOfBusiness(calendar.addWorkingDays(from, RETURN_WINDOW_WORKING_DAYS));
}

/**
 * Why a need may not be returned now: `final` once a manager has re-routed it (their decision is final), `late`
 * after the window; undefined while it may be.
 */
export function returnRefusal(calendar: Calendar, need: Routed, now: Date): 'final' | 'late' | undefined {
  if (need.reroutedBy) return 'final';
  if (now.getTime() > returnWindowEnds(calendar, need).getTime()) return 'late';
  return undefined;
}

/** The field error for a refused return. */
const REFUSED = { final: 'need.returnFinal', late: 'need.returnLate' } as const;

/**
 * The owner returns a need that is not theirs — only within one working day of its routing and never after a
 * manager re-routed it; a manager re-routes it. Counted as a return against the owner and their department.
 */
export async function returnNeed(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { reason } = parseInput(ReturnNeed, input);
  // A returned need is re-routed or decided by a manager other than its owner: with nobody to do that (a zone whose
  // only manager returns their own need) it would be stuck, so it is refused here with a clear message.
  const deciders = managersOf(await listStaff(deps.db)).filter(
    (m) => by.actor.kind !== 'staff' || m.id !== by.actor.id,
  );
  if (!deciders.length) throw InputError.field('reason', 'approval.nobody');
  return act(
    deps,
    ids,
    by,
    WITH_OWNER,
    (need, now) => {
      const refused = returnRefusal(deps.calendar, need, now);
      if (refused) throw InputError.field('reason', REFUSED[refused]);
      return {
        next: {
          ...need,
          status: 'returned',
          returnReason: reason,
          dueAt: dueInWorkingDays(deps.calendar, now, 1).toISOString(),
        },
        action: 'need.returned',
        details: { reason },
        count: { returned: 1 },
      };
    },
    HOLDER,
  );
}

/**
 * Give an open need to another staff member (a hand-over when someone leaves): same status and clocks, a new owner,
 * whose reminders start afresh; the workflow tells them at once, with their own link.
 */
export async function handOverNeed(
  deps: ActDeps,
  ids: NeedIds,
  to: { id: string; departmentId: string },
  by: Acting,
): Promise<ActResult> {
  return act(deps, ids, by, ['submitted', 'routed', 'signedFor', 'committed'], (need) => ({
    next: { ...need, ownerId: to.id, ownerDepartmentId: to.departmentId, notified: [] },
    action: 'need.handedOver',
    details: { from: need.ownerId, to: to.id },
  }));
}

export const Reroute = z.object({ departmentId: Id });

/**
 * A re-routed (or sent-on) need's clocks start again from now — sign for it in one working day, answer within the
 * category's resolution clock — and its return window counts from now (`routedAt`).
 */
const routedAgain = (deps: Pick<ActDeps, 'calendar'>, need: Need, now: Date, clocks: NeedClocks) => ({
  routedAt: now.toISOString(),
  ...openingClocks(deps.calendar, now, need, clocks),
});

/**
 * A manager routes a returned (or escalated) need to another department: its head owns it, the clocks restart, and
 * the decision is final (the new owner cannot return it again).
 */
export async function rerouteNeed(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { departmentId } = parseInput(Reroute, input);
  const [head] = headsOf(await listStaff(deps.db), departmentId);
  const clocks = await getClocks(deps);
  if (!head) throw InputError.field('departmentId', 'department.noHead');
  return act(deps, ids, by, ['returned', 'escalated'], (need, now) => ({
    next: {
      ...notOwnDecision(need, by, 'departmentId'),
      status: 'routed',
      ownerId: head.id,
      ownerDepartmentId: departmentId,
      reroutedBy: by.actor.kind === 'staff' ? by.actor.id : undefined,
      ...routedAgain(deps, need, now, clocks),
    },
    action: 'need.rerouted',
    details: { departmentId, ownerId: head.id },
  }));
}

/**
 * The coordinator — a manager holding a need that had no route (or whose routed head raised it) — sends it on to a
 * department: its head owns it, the clocks restart, and, as with a re-route, that decision is final. Only the
 * holder, and only someone who may set the routing (`need.routing.set`: managers), sends a need on.
 */
export async function forwardNeed(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { departmentId } = parseInput(Reroute, input);
  const staff = await listStaff(deps.db);
  const me = by.actor.kind === 'staff' ? staff.find((s) => s.id === by.actor.id) : undefined;
  if (!can(me, 'need.routing.set')) throw InputError.field('departmentId', 'settings.coordinator.invalid');
  const head = headsOf(staff, departmentId).find((h) => h.id !== me?.id);
  const clocks = await getClocks(deps);
  if (!head) throw InputError.field('departmentId', 'department.noHead');
  return act(
    deps,
    ids,
    by,
    ['routed', 'submitted'],
    (need, now) => ({
      next: {
        ...need,
        status: 'routed',
        ownerId: head.id,
        ownerDepartmentId: departmentId,
        reroutedBy: me?.id,
        // The new owner is told at once, with their own link; their reminders start afresh.
        notified: [],
        ...routedAgain(deps, need, now, clocks),
      },
      action: 'need.rerouted',
      details: { departmentId, ownerId: head.id, from: need.ownerId },
    }),
    HOLDER,
  );
}

export const Decision = z.object({ decision: Text(1000) });

/** A manager closes an escalated need with a decision. */
export async function decideNeed(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { decision } = parseInput(Decision, input);
  return act(deps, ids, by, ['escalated', 'returned'], (need, now) => ({
    // The decision is the need's answer, which the enterprise is told; an answer it was unsatisfied with is kept,
    // superseded, as a redo's is.
    next: {
      ...notOwnDecision(need, by, 'decision'),
      status: 'closed',
      outcome: 'decided',
      answer: decision,
      previousAnswers: need.answer
        ? [
            ...(need.previousAnswers ?? []),
            {
              answer: need.answer,
              resolvedAt: need.resolvedAt,
              ratingComment: need.ratingComment,
              ratedAt: now.toISOString(),
            },
          ]
        : need.previousAnswers,
      closedAt: now.toISOString(),
      dueAt: undefined,
    },
    action: 'need.decided',
    details: { decision },
  }));
}
