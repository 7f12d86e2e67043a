import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { Workflow } from '#functions/access.ts';
import { WORKFLOW_NAMES, WORKFLOWS } from '#functions/registry.ts';
import { Concern } from './concern.ts';
import type { Functions } from './functions.ts';
import { MACHINES } from './machines.ts';

/** A workflow's state machine name: fixed, so its ARN is known before the functions that start it exist. */
export const machineName = (stack: Stack, workflow: Workflow) =>
  `${stack.stackName}-${WORKFLOWS[workflow].name}`;

export function machineArns(stack: Stack): Record<Workflow, string> {
  return Object.fromEntries(
    WORKFLOW_NAMES.map((w) => [
      w,
      stack.formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: machineName(stack, w),
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    ]),
  ) as Record<Workflow, string>;
}

/** Both workflows (`WORKFLOWS` in `functions/registry.ts`), each built by its construct (`machines.ts`) over its steps. */
export class Workflows extends Concern {
  readonly machines: Record<Workflow, StateMachine>;

  constructor(scope: Construct, id: string, props: { functions: Functions; tracing: boolean }) {
    super(scope, id);
    const stack = Stack.of(this);
    this.machines = Object.fromEntries(
      WORKFLOW_NAMES.map((w) => [
        w,
        new MACHINES[w](this, WORKFLOWS[w].construct, {
          functions: props.functions.steps(w),
          stateMachineName: machineName(stack, w),
          idFields: WORKFLOWS[w].idFields,
          tracing: props.tracing,
        }).stateMachine,
      ]),
    ) as Record<Workflow, StateMachine>;
  }

  /** The state machines by construct id (`Lifecycle`, `NeedFlow`), as the alarms name them. */
  get byConstruct(): Record<string, StateMachine> {
    return Object.fromEntries(WORKFLOW_NAMES.map((w) => [WORKFLOWS[w].construct, this.machines[w]]));
  }
}
