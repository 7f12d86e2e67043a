import { Id } from '../../domain/primitives.ts';
import { transact } from '../../store/write.ts';
import { workflowAudit } from '../../workflows/audit.ts';
import { loopFailureStep } from '../../workflows/failure-step.ts';

/** A need workflow step failed after its retries: put it on the enterprise's timeline, where managers see it. */
export const needFailureStep = loopFailureStep('need workflow', async (deps, state, failure) => {
  const enterpriseId = Id.safeParse(state.enterpriseId);
  const needId = Id.safeParse(state.needId);
  if (!enterpriseId.success || !needId.success) return false;
  await transact(deps.db, [
    workflowAudit(deps.db, deps.clock.now(), {
      action: 'need.workflowFailed',
      enterpriseId: enterpriseId.data,
      subject: { kind: 'need', id: needId.data },
      details: { error: failure.error, cause: failure.cause },
    }),
  ]);
  return true;
});
