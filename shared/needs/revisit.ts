import { z } from 'zod';
import { InputError, parseInput } from '../domain/input-error.ts';
import { type ActDeps, type Acting, type ActResult, act, type NeedIds } from './act.ts';

const YesNo = z.enum(['yes', 'no'], { error: 'field.invalid' });
export const Revisit = z.object({
  resolved: YesNo,
  satisfied: YesNo,
  notes: z.string().trim().max(500, { error: 'text.tooLong' }).optional(),
});

/**
 * The coordinator's return visit (回访), independent of the owner: they called the enterprise and record whether its
 * need was resolved and whether it is satisfied. This ends the need; its outcome is counted once, now.
 */
export async function revisitNeed(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { resolved, satisfied, notes } = parseInput(Revisit, input);
  const visitor = by.actor.kind === 'staff' ? by.actor.id : undefined;
  if (!visitor) throw InputError.field('resolved', 'field.invalid');
  return act(deps, ids, by, ['revisit'], (need, now) => {
    if (need.ownerId === visitor) throw InputError.field('resolved', 'need.ownRevisit');
    return {
      next: {
        ...need,
        status: 'closed',
        outcome: 'revisited',
        revisit: {
          by: visitor,
          at: now.toISOString(),
          resolved: resolved === 'yes',
          satisfied: satisfied === 'yes',
          notes: notes || undefined,
        },
        closedAt: now.toISOString(),
        dueAt: undefined,
      },
      action: 'need.revisited',
      details: { resolved, satisfied },
    };
  });
}

/** A return visit nobody made in time (or nobody may make): the need ends unvisited, by the system. */
export async function closeUnvisited(deps: ActDeps, ids: NeedIds): Promise<ActResult> {
  return act(deps, ids, { actor: { kind: 'system' }, channel: 'workflow' }, ['revisit'], (need, now) => ({
    next: { ...need, status: 'closed', outcome: 'unvisited', closedAt: now.toISOString(), dueAt: undefined },
    action: 'need.unvisited',
    details: {},
  }));
}
