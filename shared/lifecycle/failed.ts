import type { Deps } from '../deps.ts';
import { enterpriseChange, getEnterprise } from '../store/enterprises.ts';
import { transact } from '../store/write.ts';
import { workflowAudit } from '../workflows/audit.ts';

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
