import { can, inReach } from '../auth/permissions.ts';
import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { RegisterEnterprise } from '../domain/enterprise.ts';
import { newId } from '../domain/ids.ts';
import { milestoneAdds, reportAdds, signingAdds } from '../domain/indicators.ts';
import { type FieldError, InputError, parseInput } from '../domain/input-error.ts';
import type { Department, Staff } from '../domain/organisation.ts';
import { MILESTONES, type Milestone, type Stage } from '../domain/stage.ts';
import { markLifecycleFailed } from '../lifecycle/failed.ts';
import { phaseOfEnterprise } from '../lifecycle/phase.ts';
import { logger } from '../log/logger.ts';
import { newPortalKey, sendPortalLinks } from '../needs/portal.ts';
import { actingPerson } from '../organisation/acting.ts';
import type { By } from '../organisation/create.ts';
import { periodOf } from '../scoreboard/periods.ts';
import { newAudit } from '../store/audit.ts';
import { fundsItem, insertEnterprise } from '../store/enterprises.ts';
import { getStaff, listDepartments } from '../store/organisation.ts';
import { scoreItems } from '../store/scores.ts';

/** For an enterprise registered part-way (a ledger import, the demo seed): how far it already is. */
export interface Progress {
  stage: Stage;
  stageSince: string;
  actual: Partial<Record<Milestone, string>>;
  fundsInPlace: number;
  /** The date the funds in place were reached (到位日期): they count in that month (the stage's date if not given). */
  fundsAsOf?: string;
  /** The approvals' dates so far (a project registered while its approvals run). */
  approvals?: Enterprise['approvals'];
}

/**
 * Register a signed enterprise. Everything is checked before anything is written; the enterprise and its
 * audit event are then written in one transaction, so a failure leaves nothing behind.
 */
export async function registerEnterprise(
  deps: Pick<Deps, 'db' | 'clock' | 'workflows' | 'links' | 'mailer'>,
  input: unknown,
  by: By,
  options: {
    progress?: Progress;
    /** A ledger import allocates ids up front, so that running it again skips what is already in. */
    id?: string;
  } = {},
): Promise<Enterprise> {
  const { progress } = options;
  const fields = parseInput(RegisterEnterprise, input);
  const [officer, leadStaff, departments, who] = await Promise.all([
    getStaff(deps.db, fields.serviceOfficerId),
    getStaff(deps.db, fields.lead.staffId),
    listDepartments(deps.db),
    actingPerson(deps.db, by),
  ]);
  const problems = organisationProblems(fields, { officer, leadStaff, departments });
  if (!problems.length && officer) problems.push(...scopeProblems(who, fields, officer));
  if (problems.length || !officer) throw new InputError(problems);

  const now = deps.clock.now();
  const fundsDate = progress?.fundsAsOf ?? progress?.stageSince ?? fields.signedAt;
  const enterprise: Enterprise = {
    id: options.id ?? newId(now.getTime()),
    name: fields.name,
    investor: fields.investor,
    industryChain: fields.industryChain,
    contractedInvestment: fields.contractedInvestment,
    fundsInPlace: progress?.fundsInPlace ?? 0,
    lead: fields.lead,
    serviceOfficerId: officer.id,
    serviceDepartmentId: officer.departmentId,
    contacts: fields.contacts,
    stage: progress?.stage ?? 'signed',
    stageSince: progress?.stageSince ?? fields.signedAt,
    status: 'active',
    signedAt: fields.signedAt,
    projectType: fields.projectType,
    profile: fields.profile,
    approvals: progress?.approvals ?? {},
    milestones: Object.fromEntries(
      MILESTONES.map((m) => [m, { planned: fields.planned[m], actual: progress?.actual[m] }]),
    ) as Enterprise['milestones'],
    portalKey: newPortalKey(),
    lifecycle: { generation: 1, status: 'running' },
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  };
  await insertEnterprise(
    deps.db,
    enterprise,
    newAudit(now, {
      ...by,
      action: 'enterprise.registered',
      enterpriseId: enterprise.id,
      subject: { kind: 'enterprise', id: enterprise.id },
      details: { serviceOfficerId: officer.id, contractedInvestment: enterprise.contractedInvestment },
    }),
    // The lead department's scoreboard: the project and its money in the month it was signed; for one registered
    // part-way (an import), the milestones it reached in their months and the funds in place in the month given.
    [
      ...scoreItems(deps.db, [
        {
          departmentId: enterprise.lead.departmentId,
          period: periodOf(fields.signedAt),
          add: signingAdds(enterprise),
        },
        ...MILESTONES.flatMap((m) => {
          const reached = progress?.actual[m];
          return reached
            ? [
                {
                  departmentId: enterprise.lead.departmentId,
                  period: periodOf(reached),
                  add: milestoneAdds(m),
                },
              ]
            : [];
        }),
        ...(enterprise.fundsInPlace > 0
          ? [
              {
                departmentId: enterprise.lead.departmentId,
                period: periodOf(fundsDate),
                // On time whatever the month: a ledger is the zone's record of what happened before it kept
                // its figures here (the go-live import), not a late report of one month.
                add: reportAdds(enterprise, 'funds', enterprise.fundsInPlace, false),
              },
            ]
          : []),
      ]),
      // Funds already in place when registered part-way: the first point of its funds-over-time line.
      ...(enterprise.fundsInPlace > 0
        ? [fundsItem(deps.db, enterprise.id, fundsDate, enterprise.fundsInPlace, now)]
        : []),
    ],
  );
  await startLifecycle(deps, enterprise.id, phaseOfEnterprise(enterprise).name);
  // The contacts get their portal link; a mail failure is logged and the link can be re-sent from the console.
  await sendPortalLinks(deps, enterprise, by).catch((error: unknown) =>
    logger.error('could not send portal links', {
      enterpriseId: enterprise.id,
      error: (error as Error).name,
    }),
  );
  return enterprise;
}

/** What the organisation must confirm about a registration: an active officer, a known lead in that department. */
export function organisationProblems(
  fields: Pick<RegisterEnterprise, 'lead' | 'serviceOfficerId'>,
  found: { officer?: Staff; leadStaff?: Staff; departments: Pick<Department, 'id'>[] },
): FieldError[] {
  const problems: FieldError[] = [];
  if (!found.officer?.active) problems.push({ path: 'serviceOfficerId', message: 'staff.unknown' });
  if (!found.departments.some((d) => d.id === fields.lead.departmentId)) {
    problems.push({ path: 'lead.departmentId', message: 'department.unknown' });
  }
  if (!found.leadStaff) problems.push({ path: 'lead.staffId', message: 'staff.unknown' });
  else if (found.leadStaff.departmentId !== fields.lead.departmentId) {
    problems.push({ path: 'lead.staffId', message: 'staff.notInDepartment' });
  }
  return problems;
}

/**
 * What the registering person's reach forbids: a head registers only enterprises their department brought in and
 * serves (another department's scoreboard or officers are a manager's to change).
 */
export function scopeProblems(
  who: Staff | 'system' | undefined,
  fields: Pick<RegisterEnterprise, 'lead'>,
  officer: Pick<Staff, 'departmentId'>,
): FieldError[] {
  if (who === 'system') return [];
  const subject = { serviceDepartmentId: officer.departmentId, lead: fields.lead };
  if (can(who, 'enterprise.register', subject)) return [];
  return [
    ...(inReach(who, officer.departmentId)
      ? []
      : [{ path: 'serviceOfficerId', message: 'scope.otherDepartment' }]),
    ...(inReach(who, fields.lead.departmentId)
      ? []
      : [{ path: 'lead.departmentId', message: 'scope.otherDepartment' }]),
  ];
}

/**
 * Start the enterprise's lifecycle. The enterprise is already stored; if the start fails, the failure goes on its
 * timeline for a manager to see (and to resume), instead of failing a registration that did happen.
 */
async function startLifecycle(
  deps: Pick<Deps, 'db' | 'clock' | 'workflows'>,
  enterpriseId: string,
  phase: string,
): Promise<void> {
  try {
    await deps.workflows.startLifecycle({ enterpriseId, generation: 1, phase });
  } catch (error) {
    logger.error('could not start lifecycle', { enterpriseId, error: (error as Error).name });
    await markLifecycleFailed(deps, enterpriseId, { error: (error as Error).name, cause: 'start' });
  }
}
