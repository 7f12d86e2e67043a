import type { Deps } from '../deps.ts';
import { logger } from '../log/logger.ts';
import { FailureInput } from './loop.ts';

export interface StepFailure {
  error: string;
  /** Step Functions' cause, cut to 1,000 characters. */
  cause: string;
}

/**
 * A workflow's failure step: a step failed after its retries, so log it and record it where managers see it —
 * nothing fails silently. `record` says whether the state named something to record it on.
 */
export function loopFailureStep(
  workflow: string,
  record: (deps: Deps, state: Record<string, unknown>, failure: StepFailure) => Promise<boolean>,
) {
  return async (deps: Deps, input: unknown): Promise<{ recorded: boolean }> => {
    const { state, error } = FailureInput.parse(input);
    const failure = { error: error.Error ?? 'unknown', cause: (error.Cause ?? '').slice(0, 1000) };
    logger.error(`${workflow} step failed`, {
      enterpriseId: state.enterpriseId,
      needId: state.needId,
      error: failure.error,
    });
    return { recorded: await record(deps, state, failure) };
  };
}
