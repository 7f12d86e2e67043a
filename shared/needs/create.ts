import { z } from 'zod';
import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { newId } from '../domain/ids.ts';
import { InputError } from '../domain/input-error.ts';
import { Phone, Text } from '../domain/primitives.ts';
import { type Need, NeedCategory, NeedNature, Urgency } from '../domain/work-item.ts';
import { countMetric } from '../metrics/metrics.ts';
import type { By } from '../organisation/create.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { newNeedItem } from '../store/needs.ts';
import { addToFigures } from '../store/stats.ts';
import { transact } from '../store/write.ts';
import { checkFormAndUploads, storeUploads, type Upload } from './attachments.ts';
import { getClocks } from './clocks.ts';
import { routeNeed } from './routing.ts';
import { needRef, openingClocks } from './rules.ts';

/** What an enterprise (or an officer on its behalf) submits. */
export const NeedForm = z.object({
  category: NeedCategory,
  title: Text(80),
  description: Text(2000),
  urgency: Urgency.default('normal'),
  /** 咨询/求助/投诉/建议; a form that does not ask (an older client) sends a request for help. */
  nature: NeedNature.default('help'),
  contactName: Text(40),
  contactPhone: Phone,
});
export type NeedForm = z.infer<typeof NeedForm>;

/**
 * Store a need, routed and owned, before anything else happens; then start its workflow. Returns it with its
 * reference number. Bad input stores nothing.
 */
export async function createNeed(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar' | 'workflows' | 'files'>,
  enterprise: Enterprise,
  input: unknown,
  by: By,
  uploads: Upload[] = [],
  options: { departmentId?: string } = {},
): Promise<Need> {
  // Check everything first (the form and the files), reporting all problems at once; store nothing on error.
  const { parsed, files, problems } = checkFormAndUploads(NeedForm, input, uploads);
  if (problems.length || !parsed.success) throw new InputError(problems);
  const form = parsed.data;
  const now = deps.clock.now();
  const id = newId(now.getTime());
  const [owner, clocks] = await Promise.all([
    routeNeed(
      deps,
      enterprise,
      form.category,
      options.departmentId,
      by.actor.kind === 'staff' ? by.actor.id : undefined,
    ),
    getClocks(deps),
  ]);
  // Files go first: if the need's write then failed they would be unreferenced, never a need pointing at nothing.
  const attachments = await storeUploads(deps, enterprise.id, id, files);
  const need: Need = {
    ...form,
    id,
    ref: needRef(deps.calendar, now, id),
    enterpriseId: enterprise.id,
    enterpriseName: enterprise.name,
    industryChain: enterprise.industryChain,
    stage: enterprise.stage,
    status: 'routed',
    ...owner,
    ...openingClocks(deps.calendar, now, form, clocks),
    redoCount: 0,
    notified: [],
    attachments,
    createdAt: now.toISOString(),
    version: 1,
  };
  // An urgent need owes a first contact: counted as due now, as made (on time or not) when the owner records it.
  const opened = { opened: 1 };
  await transact(deps.db, [
    newNeedItem(deps.db, need),
    auditItem(
      deps.db,
      newAudit(now, {
        ...by,
        action: 'need.opened',
        enterpriseId: enterprise.id,
        subject: { kind: 'need', id: need.id },
        details: {
          ref: need.ref,
          category: need.category,
          nature: need.nature,
          urgency: need.urgency,
          ownerId: need.ownerId,
        },
      }),
    ),
    ...addToFigures(deps.db, { departmentId: owner.ownerDepartmentId, staffId: owner.ownerId }, opened),
  ]);
  countMetric('NeedOpened');
  await deps.workflows.startNeed({ enterpriseId: enterprise.id, needId: need.id, generation: 1 });
  return need;
}
