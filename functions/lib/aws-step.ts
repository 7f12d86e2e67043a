import type { Deps } from '#shared/deps.ts';
import { type AwsNeeds, awsDeps } from './aws-deps.ts';
import { metricsMiddleware } from './metrics.ts';
import { stepHandler } from './step-handler.ts';

/** A workflow step as deployed: the step handler on the AWS adapters, with its business metrics flushed. */
export function awsStep<T>(step: (deps: Deps, input: unknown) => Promise<T>, needs: AwsNeeds) {
  return stepHandler(step, () => awsDeps(needs)).use(metricsMiddleware());
}
