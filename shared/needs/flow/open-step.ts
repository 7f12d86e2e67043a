import { cadenceOf } from '../../config/config.ts';
import type { Deps } from '../../deps.ts';
import { plan } from '../../domain/cadence.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { getNeed, needNotifiedItem } from '../../store/needs.ts';
import { shouldContinueAsNew, waitSeconds } from '../../workflows/loop.ts';
import { notifyAndRecord } from '../../workflows/notify.ts';
import { firstContactPlan, phaseOf } from '../rules.ts';
import { announcePhase } from './notify.ts';
import { earliest, partsWake } from './parts.ts';
import { type NeedState, NeedState as Schema } from './state.ts';

/** When the current phase of a need began (its cadence counts from then). */
export const phaseStart = (need: { createdAt: string; signedForAt?: string; resolvedAt?: string }) =>
  need.resolvedAt ?? need.signedForAt ?? need.createdAt;

/**
 * The need workflow's main step: see who must act on the need now (owner, enterprise, managers), tell them once,
 * and wait until the next reminder is due — or finish once the need is closed.
 */
export async function needOpenStep(deps: Deps, input: unknown): Promise<NeedState> {
  const state = Schema.parse(input);
  const now = deps.clock.now();
  const base = { ...state, cycles: state.cycles + 1, waitSeconds: undefined, open: undefined };
  const need = await getNeed(deps.db, state.enterpriseId, state.needId);
  if (!need) throw new NotFoundError('need', state.needId);
  const phase = phaseOf(need);
  if (phase === 'done') return { ...base, done: true, continueAsNew: false };
  if (shouldContinueAsNew(state, now))
    return { ...base, done: false, continueAsNew: true, generation: state.generation + 1 };
  if (!need.notified.includes('opened')) {
    await notifyAndRecord(deps.db, {
      send: () => announcePhase(deps, need, phase),
      record: [needNotifiedItem(deps.db, need, 'opened')],
    });
  }
  const due = need.dueAt ?? now.toISOString();
  const next =
    phase === 'rating'
      ? new Date(due)
      : plan(
          deps.calendar,
          cadenceOf(deps.config),
          { id: need.id, dueAt: due, openedAt: phaseStart(need), notified: need.notified },
          now,
        ).next;
  return {
    ...base,
    done: false,
    continueAsNew: false,
    status: need.status,
    version: need.version,
    // The need's own clock, an urgent need's first contact, and each open part's clock (协办): the earliest.
    waitSeconds: waitSeconds(
      state,
      earliest(withFirstContact(deps, need, next, now), await partsWake(deps, need, now)) ?? next,
      now,
    ),
  };
}

/**
 * An urgent need's wait also times out for its first contact (at the deadline, then for each escalation) when that
 * comes before the sign-for reminder; at once when a first-contact notice is already due and unsent.
 */
export function withFirstContact(
  deps: Pick<Deps, 'calendar'>,
  need: Parameters<typeof firstContactPlan>[1],
  next: Date,
  now: Date,
): Date {
  const fc = firstContactPlan(deps.calendar, need, now);
  if (fc.send.length) return now;
  return fc.next && fc.next.getTime() < next.getTime() ? fc.next : next;
}
