import { z } from 'zod';
import { InputError, parseInput } from '../domain/input-error.ts';
import { Text } from '../domain/primitives.ts';
import { type ActDeps, type Acting, type ActResult, act, HOLDER, type NeedIds, WITH_OWNER } from './act.ts';

export const Explanation = z.object({ explanation: Text(2000) });

/**
 * The owner closes a need that is outside the zone's remit (for example a matter for a higher authority), with the
 * explanation given to the enterprise: it is told, and the need is counted apart, outside the rates.
 */
export async function explainNeed(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { explanation } = parseInput(Explanation, input);
  return act(
    deps,
    ids,
    by,
    WITH_OWNER,
    (need, now) => {
      // Not a way out of the figures: once the enterprise was unsatisfied with an answer, it is redone or decided.
      if (need.redoCount > 0) throw InputError.field('explanation', 'need.explainAfterRedo');
      return {
        next: {
          ...need,
          status: 'closed',
          outcome: 'explained',
          answer: explanation,
          closedAt: now.toISOString(),
          dueAt: undefined,
        },
        action: 'need.explained',
        details: {},
      };
    },
    HOLDER,
  );
}
