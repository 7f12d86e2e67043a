import type { Deps } from '../deps.ts';
import { Id } from '../domain/primitives.ts';
import { logger } from '../log/logger.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { transact } from '../store/write.ts';
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
  await transact(deps.db, [
    auditItem(
      deps.db,
      newAudit(deps.clock.now(), {
        actor: { kind: 'system' },
        channel: 'workflow',
        action: 'lifecycle.failed',
        enterpriseId: enterpriseId.data,
        subject: { kind: 'enterprise', id: enterpriseId.data },
        details: { error: error.Error ?? 'unknown', cause: (error.Cause ?? '').slice(0, 1000) },
      }),
    ),
  ]);
  return { recorded: true };
}
