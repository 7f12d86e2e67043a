import { type StepId, stepOf } from '../registry.ts';
import { awsDeps } from './aws-deps.ts';
import { stepHandler } from './step-handler.ts';

/**
 * A workflow step as deployed, by its id in `functions/registry.ts`: the step the registry names, as a step handler
 * on the AWS adapters. Each step's entry file is this one call.
 */
export function awsStep(id: StepId) {
  return stepHandler(stepOf(id).run, awsDeps);
}
