import type { StepId } from '../registry.ts';
import { awsDeps } from './aws-deps.ts';
import { stepHandler } from './step-handler.ts';

/**
 * A workflow step as deployed, by its id in `functions/registry.ts`: the step the registry names, as a step handler
 * on the AWS adapters. Each step's entry file is this one call. Nothing but the handler's wrapper runs at import: the
 * step's own code (its store, zod's schemas, the SDK's DynamoDB client) loads with the first invocation, as do the
 * adapters, so a cold start's init is the wrapper's alone and the first call pays for what it uses.
 */
export function awsStep(id: StepId) {
  return stepHandler(id, awsDeps);
}
