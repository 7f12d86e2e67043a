import type { Deps } from '../../deps.ts';
import { setNeedWaitToken } from '../../store/needs.ts';
import { NeedWaitInput } from './state.ts';

/**
 * Keep the wait's token on the need; if the need changed since the step before read it (a new status, or an action
 * within the same one such as a hand-over or an extension, whose release found no token yet), or the reminder step
 * before said it is no longer open or the execution should continue as new, release the wait at once so the
 * workflow re-plans from what the need is now.
 */
export async function needWaitStep(deps: Deps, input: unknown): Promise<{ waiting: boolean }> {
  const { taskToken, state } = NeedWaitInput.parse(input);
  const need = { enterpriseId: state.enterpriseId, id: state.needId };
  // A reminder step that found the need moved on, or the execution due to continue as new, comes straight here.
  const stay = state.open !== false && !state.continueAsNew;
  if (stay && state.status && (await setNeedWaitToken(deps.db, need, state.status, taskToken, state.version)))
    return { waiting: true };
  await deps.workflows.sendTaskSuccess(taskToken, { needId: state.needId, movedOn: true });
  return { waiting: false };
}
