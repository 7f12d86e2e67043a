import middy from '@middy/core';
import type { Deps } from '#shared/deps.ts';
import { inOperation } from '#shared/log/logger.ts';

/**
 * A workflow step as a Lambda: the step's input is the event; the result is the step's output. The correlation id
 * of a lifecycle is its enterprise, so its logs, steps and mails can be followed together.
 */
export function stepHandler<T>(
  step: (deps: Deps, input: unknown) => Promise<T>,
  getDeps: () => Promise<Deps>,
) {
  return middy(async (event: unknown) => {
    const enterpriseId =
      (event as { enterpriseId?: string; state?: { enterpriseId?: string } })?.enterpriseId ??
      (event as { state?: { enterpriseId?: string } })?.state?.enterpriseId;
    return inOperation(enterpriseId ? `lifecycle:${enterpriseId}` : undefined, async () =>
      step(await getDeps(), event),
    );
  });
}
