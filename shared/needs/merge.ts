import { z } from 'zod';
import { InputError, parseInput } from '../domain/input-error.ts';
import { getEnterpriseFile } from '../store/enterprises.ts';
import { type ActDeps, type Acting, type ActResult, act, type NeedIds } from './act.ts';

export const Merge = z.object({ into: z.string().trim().min(1, { error: 'field.required' }).max(40) });

const OPEN = ['submitted', 'routed', 'signedFor', 'committed', 'returned', 'escalated'] as const;

/**
 * A manager merges a duplicate into another open need of the same enterprise (named by its reference number): the
 * duplicate closes, pointing at the one that goes on, and is counted apart; the enterprise is told which to follow.
 */
export async function mergeNeed(deps: ActDeps, ids: NeedIds, input: unknown, by: Acting): Promise<ActResult> {
  const { into } = parseInput(Merge, input);
  const file = await getEnterpriseFile(deps.db, ids.enterpriseId);
  const target = file?.needs.find((n) => n.ref === into.toUpperCase());
  if (!target || target.id === ids.needId) throw InputError.field('into', 'need.mergeTarget');
  if (!(OPEN as readonly string[]).includes(target.status))
    throw InputError.field('into', 'need.mergeClosed');
  return act(deps, ids, by, [...OPEN], (need, now) => {
    if (by.actor.kind === 'staff' && need.ownerId === by.actor.id)
      throw InputError.field('into', 'approval.ownNeed');
    return {
      next: {
        ...need,
        status: 'closed',
        outcome: 'merged',
        mergedInto: { id: target.id, ref: target.ref },
        closedAt: now.toISOString(),
        dueAt: undefined,
      },
      action: 'need.merged',
      details: { into: target.ref },
    };
  });
}
