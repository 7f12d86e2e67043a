import { z } from 'zod';
import { InputError, parseInput } from '../domain/input-error.ts';
import { headsOf, managersOf } from '../domain/organisation.ts';
import { Id, Text } from '../domain/primitives.ts';
import { listStaff } from '../store/organisation.ts';
import {
  type ActDeps,
  type Acting,
  type ActResult,
  act,
  HOLDER,
  type NeedIds,
  notOwnDecision,
} from './act.ts';
import { dueInWorkingDays, RESOLUTION_WORKING_DAYS } from './rules.ts';
export const ReturnNeed = z.object({ reason: Text(500) });

/** The owner returns a need that is not theirs; a manager re-routes it. */
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
    ['routed', 'submitted', 'committed', 'signedFor'],
    (need, now) => ({
      next: {
        ...need,
        status: 'returned',
        returnReason: reason,
        dueAt: dueInWorkingDays(deps.calendar, now, 1).toISOString(),
      },
      action: 'need.returned',
      details: { reason },
    }),
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

/** A manager routes a returned (or escalated) need to another department: its head owns it, the clocks restart. */
export async function rerouteNeed(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { departmentId } = parseInput(Reroute, input);
  const [head] = headsOf(await listStaff(deps.db), departmentId);
  if (!head) throw InputError.field('departmentId', 'department.noHead');
  return act(deps, ids, by, ['returned', 'escalated'], (need, now) => ({
    next: {
      ...notOwnDecision(need, by, 'departmentId'),
      status: 'routed',
      ownerId: head.id,
      ownerDepartmentId: departmentId,
      dueAt: dueInWorkingDays(deps.calendar, now, 1).toISOString(),
      resolveBy: deps.calendar.addWorkingDays(
        deps.calendar.localDate(now),
        RESOLUTION_WORKING_DAYS[need.category],
      ),
    },
    action: 'need.rerouted',
    details: { departmentId, ownerId: head.id },
  }));
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
    next: {
      ...notOwnDecision(need, by, 'decision'),
      status: 'closed',
      answer: need.answer ?? decision,
      closedAt: now.toISOString(),
      dueAt: undefined,
    },
    action: 'need.decided',
    details: { decision },
  }));
}
