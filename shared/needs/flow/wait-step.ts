import type { Deps } from '../../deps.ts';
import { setNeedWaitToken } from '../../store/needs.ts';
import { NeedWaitInput } from './state.ts';

/** Keep the wait's token on the need; if the need moved on meanwhile, release the wait at once. */
export async function needWaitStep(deps: Deps, input: unknown): Promise<{ waiting: boolean }> {
  const { taskToken, state } = NeedWaitInput.parse(input);
  const need = { enterpriseId: state.enterpriseId, id: state.needId };
  if (state.status && (await setNeedWaitToken(deps.db, need, state.status, taskToken)))
    return { waiting: true };
  await deps.workflows.sendTaskSuccess(taskToken, { needId: state.needId, movedOn: true });
  return { waiting: false };
}
