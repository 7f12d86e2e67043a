import type { Deps } from '../../deps.ts';
import { Id } from '../../domain/primitives.ts';
import { FailureInput } from '../../lifecycle/flow/state.ts';
import { logger } from '../../log/logger.ts';
import { auditItem, newAudit } from '../../store/audit.ts';
import { transact } from '../../store/write.ts';

/** A need workflow step failed after its retries: put it on the enterprise's timeline, where managers see it. */
export async function needFailureStep(deps: Deps, input: unknown): Promise<{ recorded: boolean }> {
  const { state, error } = FailureInput.parse(input);
  const enterpriseId = Id.safeParse(state.enterpriseId);
  const needId = Id.safeParse(state.needId);
  logger.error('need workflow step failed', { needId: needId.data, error: error.Error });
  if (!enterpriseId.success || !needId.success) return { recorded: false };
  await transact(deps.db, [
    auditItem(
      deps.db,
      newAudit(deps.clock.now(), {
        actor: { kind: 'system' },
        channel: 'workflow',
        action: 'need.workflowFailed',
        enterpriseId: enterpriseId.data,
        subject: { kind: 'need', id: needId.data },
        details: { error: error.Error ?? 'unknown', cause: (error.Cause ?? '').slice(0, 1000) },
      }),
    ),
  ]);
  return { recorded: true };
}
