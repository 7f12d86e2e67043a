import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { Workflow } from '#functions/access.ts';
import { HumanLoop } from './human-loop.ts';
import type { LoopFunctions } from './human-step.ts';
import { LifecycleMachine } from './lifecycle.ts';

export interface MachineProps {
  functions: LoopFunctions;
  stateMachineName?: string;
  idFields: readonly string[];
  /** X-Ray tracing of its executions (`monitoring.tracing` in the deploy config). */
  tracing?: boolean;
}

/**
 * The construct that builds each workflow's state machine: the one source of its definition, for the stack
 * (`workflows.ts`) and the local engine (`local/engine/definitions.ts`) alike.
 */
export const MACHINES: Record<
  Workflow,
  new (
    scope: Construct,
    id: string,
    props: MachineProps,
  ) => { stateMachine: StateMachine }
> = {
  lifecycle: LifecycleMachine,
  needFlow: HumanLoop,
};
