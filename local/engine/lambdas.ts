import { stepHandler } from '#functions/lib/step-handler.ts';
import type { Deps } from '#shared/deps.ts';
import { failureStep } from '#shared/lifecycle/flow/failure-step.ts';
import { openStep } from '#shared/lifecycle/flow/open-step.ts';
import { remindStep } from '#shared/lifecycle/flow/remind-step.ts';
import { waitStep } from '#shared/lifecycle/flow/wait-step.ts';
import { needFailureStep } from '#shared/needs/flow/failure-step.ts';
import { needOpenStep } from '#shared/needs/flow/open-step.ts';
import { needRemindStep } from '#shared/needs/flow/remind-step.ts';
import { needWaitStep } from '#shared/needs/flow/wait-step.ts';
import { localFunctionArn, STEP_FUNCTIONS } from './definitions.ts';
import type { LocalLambda } from './engine.ts';

/** The same step handlers the Lambda entry points export, bound to the local adapters. */
export function localLambdas(getDeps: () => Promise<Deps>): Record<string, LocalLambda> {
  const L = STEP_FUNCTIONS.lifecycle;
  const N = STEP_FUNCTIONS.needFlow;
  const bind = (step: (deps: Deps, input: unknown) => Promise<unknown>) =>
    stepHandler(step, getDeps) as LocalLambda;
  return {
    [localFunctionArn(L.openStep)]: bind(openStep),
    [localFunctionArn(L.waitStep)]: bind(waitStep),
    [localFunctionArn(L.remindStep)]: bind(remindStep),
    [localFunctionArn(L.failureStep)]: bind(failureStep),
    [localFunctionArn(N.openStep)]: bind(needOpenStep),
    [localFunctionArn(N.waitStep)]: bind(needWaitStep),
    [localFunctionArn(N.remindStep)]: bind(needRemindStep),
    [localFunctionArn(N.failureStep)]: bind(needFailureStep),
  };
}
