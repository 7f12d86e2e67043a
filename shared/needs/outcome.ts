import type { Need } from '../domain/work-item.ts';
import type { NeedCounters } from '../store/stats.ts';

/** Working days a coordinator has for the return visit (回访) once the enterprise rated, or did not in time. */
export const REVISIT_WORKING_DAYS = 3;
/** Working days overdue after which a return visit nobody made ends the need as unvisited. */
export const REVISIT_GRACE_WORKING_DAYS = 5;

const one = (yes: boolean | undefined) => (yes ? 1 : 0);

/**
 * What a need adds to its last owner's figures when it ends — once, whatever happened before (a need unsatisfied
 * and then redone to satisfaction is one satisfied need, not half of two ratings). Duplicates merged away, needs
 * explained as outside the zone's remit and needs the system withdrew are counted apart, outside the rates; a need
 * decided by a manager, or whose return visit nobody made (`unvisited`), counts in the response and on-time rates
 * but not in resolution and satisfaction.
 */
export function finalCounts(need: Need): Partial<NeedCounters> {
  if (need.outcome === 'merged') return { merged: 1 };
  // Taken away by the system (its approval granted, its project stopped): not the owner's to answer for.
  if (need.outcome === 'withdrawn') return { withdrawn: 1 };
  if (need.outcome === 'explained') return { explained: 1, ...firstContactCounts(need) };
  const counts: Partial<NeedCounters> = {
    ...firstContactCounts(need),
    finalised: 1,
    respondedOnTime: one(need.firstResponse?.onTime),
    answeredOnTime: one(need.lastAnswer?.onTime),
  };
  if (need.outcome === 'revisited' && need.revisit)
    Object.assign(counts, {
      revisited: 1,
      revisitResolved: one(need.revisit.resolved),
      revisitSatisfied: one(need.revisit.satisfied),
    });
  return counts;
}

/**
 * An urgent need's first contact (先行联系), counted at the end against the last owner, like the rest: owed, made,
 * made by its deadline (the latest one, after a re-route).
 */
function firstContactCounts(need: Need): Partial<NeedCounters> {
  if (!need.firstContactBy) return {};
  const made = need.firstContactAt;
  return {
    firstContactDue: 1,
    firstContacted: one(!!made),
    firstContactOnTime: one(!!made && made <= need.firstContactBy),
  };
}

/**
 * The time stamps the final figures need, added to a change as it happens: the first response (sign-for) and the
 * latest answer, each with whether it was in time.
 */
export function stampResponses(before: Need, after: Need, now: Date, late: boolean): Need {
  const at = now.toISOString();
  const stamped = { ...after };
  const signedFor = ['routed', 'submitted'].includes(before.status) && after.status === 'committed';
  if (signedFor && !before.firstResponse) stamped.firstResponse = { at, onTime: !late };
  if (after.status === 'resolved' && before.status !== 'resolved') stamped.lastAnswer = { at, onTime: !late };
  return stamped;
}

/** Someone other than the owner who may make the return visit (a manager), if the zone has one. */
export const hasVisitor = (managers: { id: string }[], need: Pick<Need, 'ownerId'>) =>
  managers.some((m) => m.id !== need.ownerId);
