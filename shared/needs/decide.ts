import { z } from 'zod';
import { parseInput } from '../domain/input-error.ts';
import { Text } from '../domain/primitives.ts';
import { type ActDeps, type Acting, type ActResult, act, type NeedIds, notOwnDecision } from './act.ts';

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
