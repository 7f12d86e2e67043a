import type { Deps } from '../../deps.ts';
import { setWaitToken } from '../../store/tasks.ts';
import { WaitInput } from './state.ts';

/**
 * Entered with `.waitForTaskToken` (after the open step, and after each reminder): keep this wait's token for the task
 * (replacing the last one). If the reminder step found the task no longer open, or the execution should continue as
 * new, release the wait at once. If the task was
 * completed or changed in the meantime (moved, re-planned, its enterprise paused or resumed — each of which touches
 * the task — whose release found no token yet), release the wait at once: the workflow re-plans from the store.
 */
export async function waitStep(deps: Deps, input: unknown): Promise<{ waiting: boolean }> {
  const { taskToken, state } = WaitInput.parse(input);
  if (!state.taskId) throw new Error('wait without a task');
  // The reminder step found the task closed, or this execution due to continue as new: move on at once.
  const moveOn = state.open === false || state.continueAsNew === true;
  if (
    !moveOn &&
    (await setWaitToken(deps.db, state.enterpriseId, state.taskId, taskToken, state.taskVersion))
  )
    return { waiting: true };
  await deps.workflows.sendTaskSuccess(taskToken, { taskId: state.taskId, completedBeforeWait: true });
  return { waiting: false };
}
