import { stepHandler } from '#functions/lib/step-handler.ts';
import { STEP_IDS } from '#functions/registry.ts';
import type { Deps } from '#shared/deps.ts';
import { localFunctionArn, localFunctionName } from './definitions.ts';
import type { LocalLambda } from './engine.ts';

/** Every workflow step of `functions/registry.ts`, as the same step handler its Lambda exports, on the local adapters. */
export function localLambdas(getDeps: () => Promise<Deps>): Record<string, LocalLambda> {
  return Object.fromEntries(
    STEP_IDS.map((id) => [localFunctionArn(localFunctionName(id)), stepHandler(id, getDeps) as LocalLambda]),
  );
}
