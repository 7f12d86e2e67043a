import { stepHandler } from '#functions/lib/step-handler.ts';
import type { Deps } from '#shared/deps.ts';
import { failureStep } from '#shared/lifecycle/failure-step.ts';
import { openStep } from '#shared/lifecycle/open-step.ts';
import { remindStep } from '#shared/lifecycle/remind-step.ts';
import { waitStep } from '#shared/lifecycle/wait-step.ts';
import { localFunctionArn, STEP_FUNCTIONS } from './definitions.ts';
import type { LocalLambda } from './engine.ts';

/** The same step handlers the Lambda entry points export, bound to the local adapters. */
export function localLambdas(getDeps: () => Promise<Deps>): Record<string, LocalLambda> {
  return {
    [localFunctionArn(STEP_FUNCTIONS.openStep)]: stepHandler(openStep, getDeps) as LocalLambda,
    [localFunctionArn(STEP_FUNCTIONS.waitStep)]: stepHandler(waitStep, getDeps) as LocalLambda,
    [localFunctionArn(STEP_FUNCTIONS.remindStep)]: stepHandler(remindStep, getDeps) as LocalLambda,
    [localFunctionArn(STEP_FUNCTIONS.failureStep)]: stepHandler(failureStep, getDeps) as LocalLambda,
  };
}
