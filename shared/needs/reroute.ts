import { z } from 'zod';
import { can } from '../auth/permissions.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { headsOf } from '../domain/organisation.ts';
import { Id } from '../domain/primitives.ts';
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
} from './act.ts';
import { getClocks, type NeedClocks } from './clocks.ts';
import { openingClocks } from './rules.ts';

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
