import { can } from '../auth/permissions.ts';
import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { signingAdds } from '../domain/indicators.ts';
import { type FieldError, InputError, parseInput } from '../domain/input-error.ts';
import { type Lead, SignProject, signingProblems } from '../domain/lead.ts';
import { MILESTONES } from '../domain/stage.ts';
import { endPendingMove } from '../lifecycle/due-date-move.ts';
import { logger } from '../log/logger.ts';
import { sendPortalLinks } from '../needs/portal.ts';
import { actingPerson } from '../organisation/acting.ts';
import type { By } from '../organisation/create.ts';
import { periodOf } from '../scoreboard/periods.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { enterpriseChange, getEnterprise } from '../store/enterprises.ts';
import { getLead, leadChange, leadFiguresItems } from '../store/leads.ts';
import { getStaff } from '../store/organisation.ts';
import { scoreItems } from '../store/scores.ts';
import { closeTaskItem, getTask, getWaitToken } from '../store/tasks.ts';
import { type Guarded, transact } from '../store/write.ts';
import { releaseWait } from '../workflows/release.ts';

type SignDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'workflows' | 'links' | 'mailer'>;

/**
 * Sign a project in talks (框架协议 or 正式合同): it becomes a signed project and its aftercare lifecycle moves on.
 * Only an active enterprise at stage `negotiating`; by its negotiator, a head of the negotiator's department, or a
 * manager. One transaction: the enterprise (stage `signed` since the signing date, the contracted investment, the
 * agreement, the aftercare officer, planned dates), the open follow-up task cancelled, the lead `signed`, the lead
 * department's scoreboard (one project brought in, its contracted investment, in the half-year signed — as a
 * registration counts), the leaderboard's counters and the audit events. Then the waiting execution is released (it
 * re-plans from the table) and the contacts get their portal links.
 */
export async function signProject(
  deps: SignDeps,
  enterpriseId: string,
  input: unknown,
  by: By,
): Promise<Enterprise> {
  // The workflow may be writing the enterprise at that moment (opening its follow-up task): read again and decide
  // from what is stored then.
  for (let attempt = 0; ; attempt++) {
    try {
      return await signOnce(deps, enterpriseId, input, by);
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 2) throw error;
    }
  }
}

async function signOnce(deps: SignDeps, enterpriseId: string, input: unknown, by: By): Promise<Enterprise> {
  const fields = parseInput(SignProject, input);
  const [enterprise, who] = await Promise.all([
    getEnterprise(deps.db, enterpriseId),
    actingPerson(deps.db, by),
  ]);
  if (!enterprise) throw new NotFoundError('enterprise', enterpriseId);
  if (who !== 'system' && !can(who, 'enterprise.sign', enterprise))
    throw InputError.field('agreement', 'signing.notYours');
  const now = deps.clock.now();
  const problems: FieldError[] = signingProblems(fields, enterprise, deps.calendar.localDate(now));
  // Talks began when the lead was accepted (the stage `negotiating` since then): a signing cannot predate them.
  if (!problems.length && fields.signedAt < enterprise.stageSince)
    problems.push({ path: 'signedAt', message: 'signing.beforeTalks' });
  if (problems.length) throw new InputError(problems);

  // Aftercare stays with whoever leads the talks now unless someone else is named.
  const officerId = fields.serviceOfficerId ?? enterprise.serviceOfficerId;
  const [officer, lead, task] = await Promise.all([
    getStaff(deps.db, officerId),
    enterprise.origin ? getLead(deps.db, enterprise.origin.leadId) : undefined,
    enterprise.openTaskId ? getTask(deps.db, enterprise.id, enterprise.openTaskId) : undefined,
  ]);
  if (!officer?.active) throw InputError.field('serviceOfficerId', 'staff.unknown');
  // Someone other than the negotiator serving it afterwards is given work: the signer must be able to give it.
  if (officer.id !== enterprise.serviceOfficerId && who !== 'system' && !can(who, 'work.assignTo', officer))
    throw InputError.field('serviceOfficerId', 'scope.otherDepartment');

  const at = now.toISOString();
  const milestones = structuredClone(enterprise.milestones);
  for (const m of MILESTONES)
    if (fields.planned[m]) milestones[m] = { ...milestones[m], planned: fields.planned[m] };
  const signed: Enterprise = {
    ...enterprise,
    stage: 'signed',
    stageSince: fields.signedAt,
    signedAt: fields.signedAt,
    contractedInvestment: fields.contractedInvestment,
    projectType: fields.projectType,
    milestones,
    serviceOfficerId: officer.id,
    serviceDepartmentId: officer.departmentId,
    ...(enterprise.origin ? { origin: { ...enterprise.origin, agreement: fields.agreement } } : {}),
    openTaskId: undefined,
    updatedAt: at,
  };
  const open = task?.status === 'open' ? task : undefined;
  // A move request pending on the follow-up task the signing cancels is closed with it.
  const pending = open ? await endPendingMove(deps, open, 'cancelled') : { items: [], fields: {} };
  const items: Guarded[] = [
    enterpriseChange(deps.db, enterprise, signed, open ? { openTask: open.id } : {}),
    auditItem(
      deps.db,
      newAudit(now, {
        ...by,
        action: 'enterprise.signed',
        enterpriseId: enterprise.id,
        subject: { kind: 'enterprise', id: enterprise.id },
        details: {
          agreement: fields.agreement,
          contractedInvestment: fields.contractedInvestment,
          signedAt: fields.signedAt,
          serviceOfficerId: officer.id,
        },
      }),
    ),
    // The lead department's scoreboard, exactly as a registration counts a project brought in.
    ...scoreItems(deps.db, [
      {
        departmentId: enterprise.lead.departmentId,
        period: periodOf(fields.signedAt),
        add: signingAdds(signed),
      },
    ]),
  ];
  if (open)
    items.push(
      closeTaskItem(deps.db, open, {
        status: 'cancelled',
        at,
        fields: { completion: { cancelled: 'signed', cause: 'signed' }, ...pending.fields },
      }),
    );
  items.push(...pending.items);
  if (lead) items.push(...leadItems(deps, lead, fields, by, now));
  await transact(deps.db, items);

  if (open)
    await releaseWait(deps, () => getWaitToken(deps.db, enterprise.id, open.id), {
      taskId: open.id,
      nudged: true,
    });
  const stored = { ...signed, version: enterprise.version + 1 };
  await sendPortalLinks(deps, stored, by).catch((error: unknown) =>
    logger.error('could not send portal links', {
      enterpriseId: enterprise.id,
      error: (error as Error).name,
    }),
  );
  return stored;
}

/** The lead's part of a signing: `signed` (from `accepted`), its audit event, the leaderboard's counters. */
function leadItems(deps: SignDeps, lead: Lead, fields: SignProject, by: By, now: Date): Guarded[] {
  const signedLead: Lead = {
    ...lead,
    status: 'signed',
    agreement: fields.agreement,
    signedAt: fields.signedAt,
    contractedInvestment: fields.contractedInvestment,
  };
  const add = { signed: 1, contracted: fields.contractedInvestment };
  return [
    leadChange(deps.db, lead, signedLead),
    auditItem(
      deps.db,
      newAudit(now, {
        ...by,
        action: 'lead.signed',
        subject: { kind: 'lead', id: lead.id },
        details: { enterpriseId: lead.enterpriseId, contractedInvestment: fields.contractedInvestment },
      }),
    ),
    ...leadFiguresItems(deps.db, 'DEPT', lead.departmentId, add),
    ...leadFiguresItems(deps.db, 'STAFF', lead.registeredBy, add),
  ];
}
