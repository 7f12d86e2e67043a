import type { Deps } from '../../deps.ts';
import { setWaitToken } from '../../store/tasks.ts';
import { WaitInput } from './state.ts';

/**
 * Entered with `.waitForTaskToken`: keep this wait's token on the task (replacing the last one). If the task was
 * completed or changed in the meantime (moved, re-planned, its enterprise paused or resumed — each of which touches
 * the task — whose release found no token yet), release the wait at once: the workflow re-plans from the store.
 */
export async function waitStep(deps: Deps, input: unknown): Promise<{ waiting: boolean }> {
  const { taskToken, state } = WaitInput.parse(input);
  if (!state.taskId) throw new Error('wait without a task');
  if (await setWaitToken(deps.db, state.enterpriseId, state.taskId, taskToken, state.taskVersion))
    return { waiting: true };
  await deps.workflows.sendTaskSuccess(taskToken, { taskId: state.taskId, completedBeforeWait: true });
  return { waiting: false };
}
