import type { Deps } from '../../deps.ts';
import { Id } from '../../domain/primitives.ts';
import { enterpriseChange, getEnterprise } from '../../store/enterprises.ts';
import { transact } from '../../store/write.ts';
import { workflowAudit } from '../../workflows/audit.ts';
import { loopFailureStep } from '../../workflows/failure-step.ts';

/**
 * A lifecycle step failed after its retries: mark the lifecycle failed, with the failure on the enterprise's
 * timeline (where managers see it). A manager resumes the lifecycle once the cause is fixed.
 */
export const failureStep = loopFailureStep('lifecycle', async (deps, state, failure) => {
  const enterpriseId = Id.safeParse(state.enterpriseId);
  if (!enterpriseId.success) return false;
  await markLifecycleFailed(deps, enterpriseId.data, failure);
  return true;
});

/** Mark the enterprise's lifecycle failed (a manager sees it and can restart it), with the failure on its timeline. */
export async function markLifecycleFailed(
  deps: Pick<Deps, 'db' | 'clock'>,
  enterpriseId: string,
  failure: { error: string; cause: string },
): Promise<void> {
  const enterprise = await getEnterprise(deps.db, enterpriseId);
  if (!enterprise) return;
  await transact(deps.db, [
    enterpriseChange(
      deps.db,
      enterprise,
      { ...enterprise, lifecycle: { generation: enterprise.lifecycle?.generation ?? 1, status: 'failed' } },
      { version: false },
    ),
    workflowAudit(deps.db, deps.clock.now(), {
      action: 'lifecycle.failed',
      enterpriseId: enterprise.id,
      subject: { kind: 'enterprise', id: enterprise.id },
      details: { error: failure.error, cause: failure.cause.slice(0, 1000) },
    }),
  ]);
}
