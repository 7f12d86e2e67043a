import { z } from 'zod';
import { parseInput } from '../domain/input-error.ts';
import { type ActDeps, type Acting, type ActResult, act, type NeedIds } from './act.ts';
import { dueInWorkingDays, RESOLUTION_WORKING_DAYS } from './rules.ts';
export const Rating = z.object({
  rating: z.enum(['satisfied', 'basicallySatisfied', 'unsatisfied'], { error: 'rating.invalid' }),
  comment: z.string().trim().max(500, { error: 'text.tooLong' }).optional(),
});

/**
 * The enterprise rates the answer. Satisfied (or basically) closes the need; unsatisfied reopens it for the owner
 * to redo, up to NEED_MAX_REDOS times (configuration), after which a manager decides.
 */
export async function rateNeed(deps: ActDeps, ids: NeedIds, input: unknown, by: Acting): Promise<ActResult> {
  const { rating, comment } = parseInput(Rating, input);
  return act(deps, ids, by, ['resolved'], (need, now) => {
    if (rating !== 'unsatisfied') {
      return {
        next: {
          ...need,
          status: 'closed',
          rating,
          ratingComment: comment,
          closedAt: now.toISOString(),
          dueAt: undefined,
        },
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
    return {
      next: {
        ...need,
        status: 'committed',
        rating,
        ratingComment: comment,
        redoCount,
        dueAt: dueInWorkingDays(deps.calendar, now, RESOLUTION_WORKING_DAYS[need.category]).toISOString(),
      },
      action: 'need.reopened',
      details: { rating, redoCount },
      count: { rated: 1 },
    };
  });
}

/** The enterprise did not rate within the window: the need closes without a rating. */
export async function closeUnrated(deps: ActDeps, ids: NeedIds): Promise<ActResult> {
  return act(deps, ids, { actor: { kind: 'system' }, channel: 'workflow' }, ['resolved'], (need, now) => ({
    next: { ...need, status: 'closed', rating: 'none', closedAt: now.toISOString(), dueAt: undefined },
    action: 'need.closedUnrated',
    details: {},
  }));
}
