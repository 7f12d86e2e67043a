import type { Deps } from '../../deps.ts';
import { Id } from '../../domain/primitives.ts';
import { logger } from '../../log/logger.ts';
import { auditItem, newAudit } from '../../store/audit.ts';
import { getEnterprise } from '../../store/enterprises.ts';
import { keys } from '../../store/keys.ts';
import { transact, updateItem } from '../../store/write.ts';
import { FailureInput } from './state.ts';

/**
 * A step failed after its retries: record it on the enterprise's timeline (where managers see it) so that
 * nothing fails silently. A manager resumes the lifecycle once the cause is fixed.
 */
export async function failureStep(deps: Deps, input: unknown): Promise<{ recorded: boolean }> {
  const { state, error } = FailureInput.parse(input);
  const enterpriseId = Id.safeParse(state.enterpriseId);
  logger.error('lifecycle step failed', { enterpriseId: enterpriseId.data, error: error.Error });
  if (!enterpriseId.success) return { recorded: false };
  await markLifecycleFailed(deps, enterpriseId.data, {
    error: error.Error ?? 'unknown',
    cause: error.Cause ?? '',
  });
  return { recorded: true };
}

/** Mark the enterprise's lifecycle failed (a manager sees it and can restart it), with the failure on its timeline. */
export async function markLifecycleFailed(
  deps: Pick<Deps, 'db' | 'clock'>,
  enterpriseId: string,
  failure: { error: string; cause: string },
): Promise<void> {
  const enterprise = await getEnterprise(deps.db, enterpriseId);
  if (!enterprise) return;
  await transact(deps.db, [
    updateItem(deps.db, {
      entity: 'enterprise',
      id: enterprise.id,
      key: keys.enterprise(enterprise.id),
      set: { lifecycle: { generation: enterprise.lifecycle?.generation ?? 1, status: 'failed' } },
    }),
    auditItem(
      deps.db,
      newAudit(deps.clock.now(), {
        actor: { kind: 'system' },
        channel: 'workflow',
        action: 'lifecycle.failed',
        enterpriseId: enterprise.id,
        subject: { kind: 'enterprise', id: enterprise.id },
        details: { error: failure.error, cause: failure.cause.slice(0, 1000) },
      }),
    ),
  ]);
}
