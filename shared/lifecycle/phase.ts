import type { Enterprise } from '../domain/enterprise.ts';
import { APPROVALS_BY_TYPE, type Approval, type Phase, phaseOf } from '../domain/lifecycle.ts';

/** The approvals an enterprise's project type needs. */
export const approvalsNeeded = (e: Pick<Enterprise, 'projectType'>): readonly Approval[] =>
  APPROVALS_BY_TYPE[e.projectType ?? 'industrial'];

/** The approvals still to be granted. */
export const approvalsPending = (e: Pick<Enterprise, 'projectType' | 'approvals'>): Approval[] =>
  approvalsNeeded(e).filter((a) => !e.approvals?.[a]?.actual);

/**
 * The lifecycle phase an enterprise is in, from its stage and approvals. A stage task already open in "site secured"
 * means construction is being tracked (the approvals are over; or it was opened before approvals were kept).
 */
export const phaseOfEnterprise = (
  e: Pick<Enterprise, 'stage' | 'projectType' | 'approvals'> & { openTaskId?: string },
): Phase => phaseOf(e, e.stage === 'siteSecured' && e.openTaskId ? [] : approvalsNeeded(e));
