import { z } from 'zod';
import { Id } from '../domain/primitives.ts';

/** What a task token send can come back with; AWS's error names, as results the caller decides on. */
export type TokenResult = 'delivered' | 'InvalidToken' | 'TaskDoesNotExist' | 'TaskTimedOut';

/**
 * The app's view of Step Functions: the same calls against AWS (client-sfn) and the local engine.
 * Lifecycles are named `<enterpriseId>-g<generation>`, so starting one twice starts it once.
 */
export interface Workflows {
  startLifecycle(input: LifecycleInput): Promise<{ executionName: string }>;
  startNeed(input: NeedFlowInput): Promise<{ executionName: string }>;
  sendTaskSuccess(token: string, output: unknown): Promise<TokenResult>;
  sendTaskFailure(token: string, error: string, cause: string): Promise<TokenResult>;
}

/**
 * A lifecycle's start: the enterprise, the execution's generation, and the phase it starts in (a name from
 * `domain/lifecycle.ts` PHASES; the execution checks it against the table and moves to the right one if it is stale).
 */
export const LifecycleInput = z.object({
  enterpriseId: Id,
  generation: z.number().int().min(1),
  phase: z.string().max(40).optional(),
});
export type LifecycleInput = z.infer<typeof LifecycleInput>;

export const lifecycleExecutionName = (input: LifecycleInput) => `${input.enterpriseId}-g${input.generation}`;

export const NeedFlowInput = z.object({ enterpriseId: Id, needId: Id, generation: z.number().int().min(1) });
export type NeedFlowInput = z.infer<typeof NeedFlowInput>;

export const needExecutionName = (input: NeedFlowInput) => `${input.needId}-g${input.generation}`;

/** Executions are unique per state machine: the local engine keys them by machine name and execution name. */
export const executionKey = (stateMachineArn: string, name: string) =>
  `${stateMachineArn.split(':').pop()}/${name}`;
