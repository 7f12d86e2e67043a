import { z } from 'zod';
import { InputError, parseInput } from '../domain/input-error.ts';
import { Text } from '../domain/primitives.ts';
import { getNeed } from '../store/needs.ts';
import { type ActDeps, type Acting, type ActResult, act, HOLDER, type NeedIds } from './act.ts';

export const FirstContact = z.object({ note: Text(500).optional() });

/**
 * The owner records that they called the enterprise about an urgent need (先行联系), with an optional note. Once:
 * a second record changes nothing ('stale'). It stops the first-contact reminders; the need counts it, on time when
 * by its first-contact deadline, when it ends (`outcome.ts`).
 */
export async function recordFirstContact(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { note } = parseInput(FirstContact, emptyAsAbsent(input));
  // Recorded already (a second click): nothing changes. Two at once: the need's version lets one write win.
  const current = await getNeed(deps.db, ids.enterpriseId, ids.needId);
  if (current?.firstContactAt) return { kind: 'stale', need: current };
  return act(
    deps,
    ids,
    by,
    // Before sign-for: once signed for, the enterprise has been answered.
    ['routed', 'submitted'],
    (need, now) => {
      if (!need.firstContactBy) throw InputError.field('note', 'need.firstContactNotOwed');
      // Recorded meanwhile (between the check above and this read): never counted twice.
      if (need.firstContactAt) throw InputError.field('note', 'need.firstContactDone');
      const onTime = now.toISOString() <= need.firstContactBy;
      return {
        next: { ...need, firstContactAt: now.toISOString(), ...(note ? { firstContactNote: note } : {}) },
        action: 'need.firstContact',
        details: { note, late: !onTime },
      };
    },
    HOLDER,
  );
}

/** A form's empty note is no note. */
function emptyAsAbsent(input: unknown): unknown {
  if (!input || typeof input !== 'object') return input;
  const { note, ...rest } = input as Record<string, unknown>;
  return typeof note === 'string' && note.trim() === '' ? rest : { ...rest, note };
}
