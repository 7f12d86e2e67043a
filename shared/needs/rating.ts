import { z } from 'zod';
import { parseInput } from '../domain/input-error.ts';
import { managersOf, type Staff } from '../domain/organisation.ts';
import type { Need } from '../domain/work-item.ts';
import { listStaff } from '../store/organisation.ts';
import { type ActDeps, type Acting, type ActResult, act, type NeedIds } from './act.ts';
import { getClocks } from './clocks.ts';
import { hasVisitor, REVISIT_WORKING_DAYS } from './outcome.ts';
import { dueInWorkingDays, resolveByFrom } from './rules.ts';

/**
 * After the rating (or none in time): the coordinator's return visit — or, when no one but the owner may make it (a
 * zone whose only manager owns the need), the need ends unvisited at once rather than wait for no one.
 */
function toVisit(deps: Pick<ActDeps, 'calendar'>, need: Need, now: Date, managers: Staff[]): Need {
  if (!hasVisitor(managers, need))
    return { ...need, status: 'closed', outcome: 'unvisited', closedAt: now.toISOString(), dueAt: undefined };
  return {
    ...need,
    status: 'revisit',
    dueAt: dueInWorkingDays(deps.calendar, now, REVISIT_WORKING_DAYS).toISOString(),
  };
}

export const Rating = z
  .object({
    rating: z.enum(['satisfied', 'basicallySatisfied', 'unsatisfied'], { error: 'rating.invalid' }),
    comment: z.string().trim().max(500, { error: 'text.tooLong' }).optional(),
  })
  // Unsatisfied says why: the owner redoes it from that comment.
  .refine((r) => r.rating !== 'unsatisfied' || !!r.comment, {
    path: ['comment'],
    message: 'rating.commentRequired',
  });

/**
 * The enterprise rates the answer. Satisfied (or basically) sends it to the return visit; unsatisfied reopens it for
 * the owner to redo, up to NEED_MAX_REDOS times (configuration), after which a manager decides.
 */
export async function rateNeed(deps: ActDeps, ids: NeedIds, input: unknown, by: Acting): Promise<ActResult> {
  const { rating, comment } = parseInput(Rating, input);
  const [clocks, managers] = await Promise.all([getClocks(deps), listStaff(deps.db).then(managersOf)]);
  return act(deps, ids, by, ['resolved'], (need, now) => {
    if (rating !== 'unsatisfied') {
      return {
        // Not closed yet: a coordinator calls back (回访) and asks whether it was really resolved.
        next: toVisit(deps, { ...need, rating, ratingComment: comment }, now, managers),
        action: 'need.rated',
        details: { rating },
        count: { rated: 1, satisfied: 1 },
      };
    }
    const redoCount = need.redoCount + 1;
    if (redoCount > deps.config.NEED_MAX_REDOS) {
      return {
        next: {
          ...need,
          status: 'escalated',
          rating,
          ratingComment: comment,
          redoCount,
          dueAt: dueInWorkingDays(deps.calendar, now, 2).toISOString(),
        },
        action: 'need.escalated',
        details: { rating, redoCount },
        count: { rated: 1 },
      };
    }
    // Redo: the answer is superseded (kept, with the comment it was redone for) and a new date is committed, which
    // the enterprise is told and its portal shows.
    const redoBy = resolveByFrom(deps.calendar, now, clocks, need);
    return {
      next: {
        ...need,
        status: 'committed',
        rating,
        ratingComment: comment,
        redoCount,
        previousAnswers: [
          ...(need.previousAnswers ?? []),
          {
            answer: need.answer ?? '',
            resolvedAt: need.resolvedAt,
            ratingComment: comment,
            ratedAt: now.toISOString(),
          },
        ],
        answer: undefined,
        committedDate: redoBy,
        resolveBy: redoBy,
        dueAt: deps.calendar.closeOfBusiness(redoBy).toISOString(),
      },
      action: 'need.reopened',
      details: { rating, redoCount },
      count: { rated: 1 },
    };
  });
}

/** The enterprise did not rate within the window: the coordinator's return visit asks instead. */
export async function closeUnrated(deps: ActDeps, ids: NeedIds): Promise<ActResult> {
  const managers = managersOf(await listStaff(deps.db));
  return act(deps, ids, { actor: { kind: 'system' }, channel: 'workflow' }, ['resolved'], (need, now) => ({
    next: toVisit(deps, { ...need, rating: 'none' }, now, managers),
    action: 'need.closedUnrated',
    details: {},
  }));
}
