import { type StepId, stepOf } from '../registry.ts';
import { awsDeps } from './aws-deps.ts';
import { stepHandler } from './step-handler.ts';

/**
 * A workflow step as deployed, by its id in `functions/registry.ts`: the step the registry names, as a step handler
 * on the AWS adapters. Each step's entry file is this one call, awaited at import: the step's own code loads while
 * the function initialises; the adapters load when it first uses them.
 */
export async function awsStep(id: StepId) {
  const step = await stepOf(id).load();
  return stepHandler(id, awsDeps, async () => step);
}
