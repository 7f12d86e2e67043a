import { can } from '../auth/permissions.ts';
import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { NotFoundError } from '../domain/errors.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { AssessLead, type Lead, leadIdentity } from '../domain/lead.ts';
import { beginTalks } from '../enterprises/talks.ts';
import { logger } from '../log/logger.ts';
import { actingPerson } from '../organisation/acting.ts';
import type { By } from '../organisation/create.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import {
  claimHolders,
  claimTransferItem,
  getLead,
  type LeadClaim,
  leadChange,
  leadFiguresItems,
} from '../store/leads.ts';
import { getStaff } from '../store/organisation.ts';
import { type Guarded, transact } from '../store/write.ts';
import { tellNegotiator } from './mail.tsx';

type AssessDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'workflows' | 'mailer' | 'config'>;

/**
 * Separation of duties in 研判 (as for requests elsewhere: nobody decides their own): the person who registered a lead
 * does not assess it (another head of the department, or a manager, does). Undefined when they may.
 */
export function ownAssessment(
  who: { id: string } | undefined,
  lead: Pick<Lead, 'registeredBy'>,
): 'lead.ownLead' | undefined {
  return who && lead.registeredBy === who.id ? 'lead.ownLead' : undefined;
}

/**
 * 研判: a head of the lead's department (or a manager) accepts the lead into talks — naming the negotiating officer
 * (首谈人), one of their department's people other than themselves (the assessor and the negotiator are two people)
 * — or declines it with a reason. Never a lead the assessor registered (`ownAssessment`). Only a lead not yet assessed; a
 * duplicate only once its earlier lead was declined (the earlier lead holds the investor otherwise). Everything is
 * checked before anything is written.
 */
export async function assessLead(
  deps: AssessDeps,
  leadId: string,
  input: unknown,
  by: By,
): Promise<{ lead: Lead; enterprise?: Enterprise }> {
  const fields = parseInput(AssessLead, input);
  const [lead, who] = await Promise.all([getLead(deps.db, leadId), actingPerson(deps.db, by)]);
  if (!lead) throw new NotFoundError('lead', leadId);
  if (who !== 'system' && !can(who, 'lead.assess', lead)) throw InputError.field('decision', 'lead.notYours');
  if (lead.status !== 'registered') throw InputError.field('decision', 'lead.alreadyAssessed');
  const own = ownAssessment(who === 'system' ? undefined : who, lead);
  if (own) throw InputError.field('decision', own);
  const now = deps.clock.now();

  if (fields.decision === 'decline') {
    const declined: Lead = {
      ...lead,
      status: 'declined',
      assessment: {
        by: by.actor.id ?? by.actor.kind,
        at: now.toISOString(),
        decision: 'decline',
        reason: fields.reason,
      },
    };
    await transact(deps.db, [
      leadChange(deps.db, lead, declined),
      auditItem(
        deps.db,
        newAudit(now, {
          ...by,
          action: 'lead.declined',
          subject: { kind: 'lead', id: lead.id },
          details: { reason: fields.reason },
        }),
      ),
      ...leadFiguresItems(deps.db, 'DEPT', lead.departmentId, { declined: 1 }),
      ...leadFiguresItems(deps.db, 'STAFF', lead.registeredBy, { declined: 1 }),
    ]);
    return { lead: { ...declined, version: lead.version + 1 } };
  }

  // A duplicate is accepted only once the lead that holds the investor was declined; the investor's claims then move
  // to it in the acceptance's transaction (on condition that the declined lead still holds them), so the investor
  // is in talks once, and later registrations are flagged against this lead.
  const transfers: Guarded[] = [];
  if (lead.duplicateOf) {
    const earlier = await getLead(deps.db, lead.duplicateOf);
    if (earlier && earlier.status !== 'declined') throw InputError.field('decision', 'lead.duplicate');
    const identity = await leadIdentity(lead);
    const claims: LeadClaim[] = [
      { kind: 'NAME', value: identity.name },
      ...(identity.uscc ? [{ kind: 'USCC' as const, value: identity.uscc }] : []),
    ];
    const holders = await claimHolders(deps.db, claims);
    const holder = {
      leadId: lead.id,
      departmentId: lead.departmentId,
      staffId: lead.registeredBy,
      at: now.toISOString(),
    };
    claims.forEach((claim, i) => {
      const held = holders[i]?.leadId;
      if (held && held !== lead.id) {
        if (held !== lead.duplicateOf) throw InputError.field('decision', 'lead.duplicate');
        transfers.push(claimTransferItem(deps.db, claim, held, holder));
      }
    });
  }
  const negotiator = await getStaff(deps.db, fields.negotiatorId);
  const problems = [];
  if (!negotiator?.active) problems.push({ path: 'negotiatorId', message: 'staff.unknown' });
  else if (who !== 'system' && who && negotiator.id === who.id)
    problems.push({ path: 'negotiatorId', message: 'lead.selfNegotiator' });
  else if (who !== 'system' && !can(who, 'work.assignTo', negotiator))
    problems.push({ path: 'negotiatorId', message: 'scope.otherDepartment' });
  if (!lead.contact.email && !fields.contactEmail)
    problems.push({ path: 'contactEmail', message: 'lead.contactEmail.required' });
  if (problems.length || !negotiator) throw new InputError(problems);

  const enterprise = await beginTalks(deps, lead, negotiator, by, {
    more: transfers,
    ...(fields.name ? { name: fields.name } : {}),
    ...(fields.contactEmail ? { contactEmail: fields.contactEmail } : {}),
  });
  const head = who === 'system' || !who ? '' : who.name;
  await tellNegotiator(deps, negotiator, enterprise, head).catch((error: unknown) =>
    logger.error('could not tell the negotiator', { leadId: lead.id, error: (error as Error).name }),
  );
  const accepted: Lead = {
    ...lead,
    status: 'accepted',
    enterpriseId: enterprise.id,
    assessment: {
      by: by.actor.id ?? by.actor.kind,
      at: enterprise.createdAt,
      decision: 'accept',
      negotiatorId: negotiator.id,
    },
    version: lead.version + 1,
  };
  return { lead: accepted, enterprise };
}
