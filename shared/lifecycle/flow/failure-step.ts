import { Id } from '../../domain/primitives.ts';
import { loopFailureStep } from '../../workflows/failure-step.ts';
import { markLifecycleFailed } from '../failed.ts';

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
