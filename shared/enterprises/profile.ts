import { can } from '../auth/permissions.ts';
import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { NotFoundError } from '../domain/errors.ts';
import { negate, signingAdds } from '../domain/indicators.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { ProjectProfile } from '../domain/project-profile.ts';
import { actingPerson } from '../organisation/acting.ts';
import type { By } from '../organisation/create.ts';
import { periodOf } from '../scoreboard/periods.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { enterpriseChange, getEnterprise } from '../store/enterprises.ts';
import { scoreItems } from '../store/scores.ts';
import { transact } from '../store/write.ts';

/**
 * Replace a project's 台账 details (`ProjectProfile`) in one versioned write with its audit event. What its signing
 * counted by the investor (500强, 上市) is counted again in the month it was signed — the old counts taken off, the
 * new put on — so the scoreboard follows a correction. Where the money comes from counts for funds verified from
 * then on (each report counts by the origin known when it is verified).
 */
export async function changeProfile(
  deps: Pick<Deps, 'db' | 'clock'>,
  enterpriseId: string,
  input: unknown,
  by: By,
): Promise<Enterprise> {
  const profile = parseInput(ProjectProfile, input);
  const [enterprise, who] = await Promise.all([
    getEnterprise(deps.db, enterpriseId),
    actingPerson(deps.db, by),
  ]);
  if (!enterprise) throw new NotFoundError('enterprise', enterpriseId);
  // The page checks this before it calls; checked here too, so no other caller skips it.
  if (who !== 'system' && !can(who, 'enterprise.profile', enterprise))
    throw InputError.field('_', 'error.forbidden');
  const now = deps.clock.now();
  const next: Enterprise = {
    ...enterprise,
    profile,
    updatedAt: now.toISOString(),
    version: enterprise.version + 1,
  };
  const recount = enterprise.signedAt
    ? scoreItems(deps.db, [
        {
          departmentId: enterprise.lead.departmentId,
          period: periodOf(enterprise.signedAt),
          add: negate(signingAdds(enterprise)),
        },
        {
          departmentId: enterprise.lead.departmentId,
          period: periodOf(enterprise.signedAt),
          add: signingAdds(next),
        },
      ]) // merged per item: the counts that did not change add nothing, and no item is written for them
    : [];
  await transact(deps.db, [
    enterpriseChange(deps.db, enterprise, next),
    auditItem(
      deps.db,
      newAudit(now, {
        ...by,
        action: 'enterprise.profileChanged',
        enterpriseId: enterprise.id,
        subject: { kind: 'enterprise', id: enterprise.id },
        details: { from: enterprise.profile, to: profile },
      }),
    ),
    ...recount,
  ]);
  return next;
}
