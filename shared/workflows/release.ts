import { logger } from '../log/logger.ts';
import { withBackoff } from '../store/retry.ts';
import type { Workflows } from './workflows.ts';

const ATTEMPTS = 5;

/**
 * Release a workflow's wait once the change it waits for is stored. The change is committed by then, so a failure
 * here must never fail the request — the person would try again and be told it was already done, with nobody left
 * to release the workflow. Reading the token and sending it are retried with jittered backoff; if they still fail,
 * it is logged and the workflow moves on when its wait next times out (a need's next reminder; a task's wake,
 * `wakeAt` in `domain/cadence.ts`), whose step reads the store.
 */
export async function releaseWait(
  deps: { workflows: Workflows },
  token: () => Promise<string | undefined>,
  output: Record<string, unknown>,
): Promise<void> {
  try {
    await withBackoff(
      async () => {
        const current = await token();
        if (current) await deps.workflows.sendTaskSuccess(current, output);
      },
      () => true,
      ATTEMPTS,
    );
  } catch (error) {
    logger.error('wait not released after a stored change', { ...output, error: (error as Error).name });
  }
}
