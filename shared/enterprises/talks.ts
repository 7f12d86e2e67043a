import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { newId } from '../domain/ids.ts';
import type { Assessment, Lead } from '../domain/lead.ts';
import type { Staff } from '../domain/organisation.ts';
import { MILESTONES } from '../domain/stage.ts';
import { markLifecycleFailed } from '../lifecycle/failed.ts';
import { logger } from '../log/logger.ts';
import { newPortalKey } from '../needs/portal.ts';
import type { By } from '../organisation/create.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { insertEnterprise } from '../store/enterprises.ts';
import { leadChange, leadFiguresItems } from '../store/leads.ts';
import type { Guarded } from '../store/write.ts';

/** What accepting a lead adds to it: the project's name and the contact's email (when the lead had none). */
export interface TalksDetails {
  name?: string;
  contactEmail?: string;
  /** Written in the same transaction (accepting a duplicate: the investor's claims move to it). */
  more?: Guarded[];
}

/**
 * Accept a lead into talks (在谈): an enterprise at stage `negotiating`, active, with nothing contracted and no
 * signing date, credited to the lead's registrant (the first registrant of the investor), served by the negotiating
 * officer (首谈人) while in talks. The enterprise, its audit event, the lead's change to `accepted` (only from
 * `registered`, unchanged since it was read), the lead's audit event and the leaderboard's counters are one
 * transaction. Then the lifecycle starts in its `Negotiating` phase (follow-ups with the investor); a start that
 * fails goes on the enterprise's timeline for a manager to restart. No scoreboard count: a lead in talks is not a
 * project brought in — signing is (`sign.ts`).
 */
export async function beginTalks(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar' | 'workflows'>,
  lead: Lead,
  negotiator: Staff,
  by: By,
  details: TalksDetails = {},
): Promise<Enterprise> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const email = lead.contact.email ?? details.contactEmail;
  if (!email) throw new Error('beginTalks: the contact needs an email (checked by the assessment)');
  const enterprise: Enterprise = {
    id: newId(now.getTime()),
    name: details.name ?? lead.investor,
    investor: lead.investor,
    industryChain: lead.industryChain,
    contractedInvestment: 0,
    fundsInPlace: 0,
    profile: {},
    lead: { departmentId: lead.departmentId, staffId: lead.registeredBy },
    serviceOfficerId: negotiator.id,
    serviceDepartmentId: negotiator.departmentId,
    contacts: [{ name: lead.contact.name, phone: lead.contact.phone, email }],
    stage: 'negotiating',
    stageSince: deps.calendar.localDate(now),
    status: 'active',
    milestones: Object.fromEntries(MILESTONES.map((m) => [m, {}])) as Enterprise['milestones'],
    projectType: 'industrial',
    approvals: {},
    origin: {
      leadId: lead.id,
      ...(lead.referrer ? { referrer: lead.referrer } : {}),
      negotiator: { staffId: negotiator.id, departmentId: negotiator.departmentId },
      expectedInvestment: lead.expectedInvestment,
    },
    portalKey: newPortalKey(),
    lifecycle: { generation: 1, status: 'running' },
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const assessment: Assessment = {
    by: by.actor.id ?? by.actor.kind,
    at,
    decision: 'accept',
    negotiatorId: negotiator.id,
  };
  const accepted: Lead = { ...lead, status: 'accepted', assessment, enterpriseId: enterprise.id };
  await insertEnterprise(
    deps.db,
    enterprise,
    newAudit(now, {
      ...by,
      action: 'enterprise.talksBegun',
      enterpriseId: enterprise.id,
      subject: { kind: 'enterprise', id: enterprise.id },
      details: { leadId: lead.id, negotiatorId: negotiator.id },
    }),
    [
      leadChange(deps.db, lead, accepted),
      auditItem(
        deps.db,
        newAudit(now, {
          ...by,
          action: 'lead.accepted',
          subject: { kind: 'lead', id: lead.id },
          details: { enterpriseId: enterprise.id, negotiatorId: negotiator.id },
        }),
      ),
      ...leadFiguresItems(deps.db, 'DEPT', lead.departmentId, { accepted: 1 }),
      ...leadFiguresItems(deps.db, 'STAFF', lead.registeredBy, { accepted: 1 }),
      ...(details.more ?? []),
    ],
  );
  try {
    await deps.workflows.startLifecycle({ enterpriseId: enterprise.id, generation: 1, phase: 'Negotiating' });
  } catch (error) {
    logger.error('could not start lifecycle', { enterpriseId: enterprise.id, error: (error as Error).name });
    await markLifecycleFailed(deps, enterprise.id, { error: (error as Error).name, cause: 'start' });
  }
  return enterprise;
}
