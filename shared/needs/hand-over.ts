import { type ActDeps, type Acting, type ActResult, act, type NeedIds } from './act.ts';

/**
 * Give an open need to another staff member (a hand-over when someone leaves): same status and clocks, a new owner,
 * whose reminders start afresh; the workflow tells them at once, with their own link.
 */
export async function handOverNeed(
  deps: ActDeps,
  ids: NeedIds,
  to: { id: string; departmentId: string },
  by: Acting,
): Promise<ActResult> {
  return act(deps, ids, by, ['submitted', 'routed', 'signedFor', 'committed'], (need) => ({
    next: { ...need, ownerId: to.id, ownerDepartmentId: to.departmentId, notified: [] },
    action: 'need.handedOver',
    details: { from: need.ownerId, to: to.id },
  }));
}
