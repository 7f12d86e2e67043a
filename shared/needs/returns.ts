import { z } from 'zod';
import type { Calendar } from '../calendar/working-days.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { managersOf } from '../domain/organisation.ts';
import { Text } from '../domain/primitives.ts';
import type { Need } from '../domain/work-item.ts';
import { listStaff } from '../store/organisation.ts';
import { type ActDeps, type Acting, type ActResult, act, HOLDER, type NeedIds, WITH_OWNER } from './act.ts';
import { dueInWorkingDays } from './rules.ts';

// A returned need goes on by a manager's decision: re-routed (`reroute.ts`) or decided (`decide.ts`).
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
