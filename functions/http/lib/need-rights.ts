import { can } from '#shared/auth/permissions.ts';
import type { NeedPart } from '#shared/domain/need-part.ts';
import type { Staff } from '#shared/domain/organisation.ts';
import type { Need } from '#shared/domain/work-item.ts';
import { extensionRequest } from '#shared/needs/rules.ts';
import { actingFor, actsForHolder } from '#shared/organisation/substitute.ts';
import { listStaff } from '#shared/store/organisation.ts';
import type { AppContext } from './types.ts';

/**
 * What the link's holder may still do with the need: its owner's steps, or a decision that is theirs to take (a
 * manager's on a returned or escalated need, an approver's on a pending extension). A link that gives none of these
 * is for a need that moved on to someone else.
 */
export async function needLinkRights(
  context: AppContext,
  staff: Staff | undefined,
  need: Need,
  parts: NeedPart[] = [],
) {
  const deciding = need.status === 'returned' || need.status === 'escalated';
  const everyone = await listStaff(context.deps.db);
  const extension = extensionRequest(need, everyone);
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
  // An assisting department's part (协办): its owner (or their substitute) answers it from their link.
  // (`actsForHolder`'s rule, on the staff list already read: no read per part.)
  const today = context.deps.calendar.localDate(context.deps.clock.now());
  const answers = (holderId: string) =>
    !!staff?.active && (holderId === staff.id || actingFor(everyone, holderId, today)?.id === staff.id);
  const answerParts = parts.filter((p) => p.status === 'open' && answers(p.ownerId)).map((p) => p.id);
  // The heads and managers over the owner's department (an escalation's link, a decision taken) read it too, without
  // the owner's forms, as do those over an assisting department; a former owner does not (their old link names who
  // holds it now).
  // (A part withdrawn or ended gives its department no reading right: it was asked by mistake, or no longer is.)
  const assisting = parts.filter((p) => p.status !== 'cancelled').map((p) => p.departmentId);
  const reads = [need.ownerDepartmentId, ...assisting].some((departmentId) =>
    can(staff, 'board.person', { departmentId: departmentId ?? '' }),
  );
  return {
    ...rights,
    answerParts,
    any: reads || answerParts.length > 0 || Object.values(rights).some(Boolean),
  };
}
