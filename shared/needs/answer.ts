import { z } from 'zod';
import { InputError, parseInput } from '../domain/input-error.ts';
import { openParts } from '../domain/need-part.ts';
import { IsoDate, Text } from '../domain/primitives.ts';
import { Complexity } from '../domain/work-item.ts';
import { type ActDeps, type Acting, type ActResult, act, HOLDER, isLate, type NeedIds } from './act.ts';
import { getClocks } from './clocks.ts';
import { dueInWorkingDays, RATING_WORKING_DAYS, resolveByFrom } from './rules.ts';
export const SignFor = z.object({ committedDate: IsoDate, complexity: Complexity.default('simple') });

/**
 * The owner signs for the need, says whether it is complex (a complex need gets the table's longer resolution
 * clock, counted from when the need arrived; never shorter than the clock it has) and commits to a date to answer
 * by, within that clock.
 */
export async function signFor(deps: ActDeps, ids: NeedIds, input: unknown, by: Acting): Promise<ActResult> {
  const { committedDate, complexity } = parseInput(SignFor, input);
  const clocks = await getClocks(deps);
  return act(
    deps,
    ids,
    by,
    ['routed', 'submitted'],
    (need, now) => {
      const today = deps.calendar.localDate(now);
      const longer =
        complexity === 'complex'
          ? resolveByFrom(deps.calendar, new Date(need.createdAt), clocks, { ...need, complexity })
          : undefined;
      const resolveBy = longer && (!need.resolveBy || longer > need.resolveBy) ? longer : need.resolveBy;
      if (committedDate < today) throw InputError.field('committedDate', 'date.past');
      if (resolveBy && committedDate > resolveBy) throw InputError.field('committedDate', 'need.beyondClock');
      return {
        next: {
          ...need,
          complexity,
          resolveBy,
          status: 'committed',
          signedForAt: now.toISOString(),
          committedDate,
          dueAt: deps.calendar.closeOfBusiness(deps.calendar.onOrAfter(committedDate)).toISOString(),
        },
        action: 'need.signedFor',
        details: { committedDate, complexity, late: isLate(need, now) },
        count: { signedFor: 1, signedForOnTime: isLate(need, now) ? 0 : 1 },
      };
    },
    HOLDER,
  );
}

export const Answer = z.object({ answer: Text(2000) });

/**
 * The owner answers; the enterprise is then asked to rate the answer. The lead answers for every department: not
 * while a part asked of another (协办) is still open — it is answered or withdrawn first.
 */
export async function resolveNeed(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { answer } = parseInput(Answer, input);
  return act(
    deps,
    ids,
    by,
    ['committed', 'signedFor'],
    (need, now) => {
      if (openParts(need).length) throw InputError.field('answer', 'need.partsOpen');
      return {
        next: {
          ...need,
          status: 'resolved',
          answer,
          resolvedAt: now.toISOString(),
          dueAt: dueInWorkingDays(deps.calendar, now, RATING_WORKING_DAYS).toISOString(),
        },
        action: 'need.resolved',
        details: { late: isLate(need, now) },
        count: {
          resolved: 1,
          resolvedOnTime: isLate(need, now) ? 0 : 1,
          resolveWorkingDays: Math.max(
            0,
            deps.calendar.workingDaysBetween(
              deps.calendar.localDate(new Date(need.createdAt)),
              deps.calendar.localDate(now),
            ),
          ),
        },
      };
    },
    HOLDER,
  );
}
