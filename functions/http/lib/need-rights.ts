import { can } from '#shared/auth/permissions.ts';
import type { Staff } from '#shared/domain/organisation.ts';
import type { Need } from '#shared/domain/work-item.ts';
import { extensionRequest } from '#shared/needs/rules.ts';
import { actsForHolder } from '#shared/organisation/substitute.ts';
import { listStaff } from '#shared/store/organisation.ts';
import type { AppContext } from './types.ts';

/**
 * What the link's holder may still do with the need: its owner's steps, or a decision that is theirs to take (a
 * manager's on a returned or escalated need, an approver's on a pending extension). A link that gives none of these
 * is for a need that moved on to someone else.
 */
export async function needLinkRights(context: AppContext, staff: Staff | undefined, need: Need) {
  const deciding = need.status === 'returned' || need.status === 'escalated';
  const extension = extensionRequest(need, await listStaff(context.deps.db));
  const rights = {
    // The owner, or their substitute while they are away.
    own: !!staff?.active && (await actsForHolder(context.deps, need.ownerId, staff.id)),
    reroute: deciding && can(staff, 'need.reroute', need),
    decide: deciding && can(staff, 'need.decide', need),
    decideExtension: need.extension?.status === 'pending' && can(staff, 'need.decideExtension', extension),
    revisit: need.status === 'revisit' && can(staff, 'need.revisit', need),
    merge:
      need.status !== 'closed' &&
      need.status !== 'revisit' &&
      need.status !== 'resolved' &&
      can(staff, 'need.merge', need),
  };
  // The heads and managers over the owner's department (an escalation's link, a decision taken) read it too, without
  // the owner's forms; a former owner does not (their old link names who holds it now).
  const reads = can(staff, 'board.person', { departmentId: need.ownerDepartmentId ?? '' });
  return { ...rights, any: reads || Object.values(rights).some(Boolean) };
}
