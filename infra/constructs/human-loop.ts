import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import {
  Choice,
  Condition,
  type IChainable,
  IntegrationPattern,
  JsonPath,
  Pass,
  Succeed,
  TaskInput,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import {
  continueAsNew,
  type LoopFunctions,
  lambdaStep,
  RETRY,
  recordFailureStates,
  workflowStateMachine,
} from './human-step.ts';

export type { LoopFunctions };

/** State names, shared with the local engine and the tests. */
export const LOOP_STATES = {
  begin: 'Begin',
  open: 'OpenTask',
  route: 'NextStep',
  wait: 'WaitForOfficer',
  remind: 'RemindOrEscalate',
  continueAsNew: 'ContinueAsNew',
  closed: 'Closed',
  recordFailure: 'RecordFailure',
  failed: 'Failed',
} as const;

export interface HumanLoopProps {
  functions: LoopFunctions;
  stateMachineName?: string;
  /** The input fields that identify the item (copied into the state; the last one names continued executions). */
  idFields: readonly string[];
  /** X-Ray tracing of its executions. */
  tracing?: boolean;
}

/**
 * A workflow that waits on people (Standard): open what someone must do now (the enterprise's next milestone or
 * visit; a need's sign-for, answer or rating), wait for them with a task token, time out exactly when the cadence
 * says the next reminder is due, remind or escalate, wait again; when they act, loop to the next thing to do, until
 * the item is done. Long runs continue as a new execution. The lifecycle and the needs workflow are two of these
 * (`WORKFLOWS` in `functions/registry.ts`; built by `workflows.ts`, and locally by `local/engine/definitions.ts`).
 */
export class HumanLoop extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: HumanLoopProps) {
    super(scope, id);
    const f = props.functions;
    const S = LOOP_STATES;

    const recordFailure = recordFailureStates(this, S, f.failureStep);

    const step = (name: string, fn: IFunction) =>
      lambdaStep(
        this,
        name,
        fn,
        TaskInput.fromJsonPathAt('$'),
        failureRecord(this, `${name}Failed`, recordFailure),
      );

    const begin = new Pass(this, S.begin, {
      parameters: {
        ...Object.fromEntries(props.idFields.map((f) => [`${f}.$`, `$.${f}`])),
        'generation.$': '$.generation',
        'startedAt.$': '$$.Execution.StartTime',
        cycles: 0,
      },
    });
    const open = step(S.open, f.openStep);
    const remind = step(S.remind, f.remindStep);

    const wait = new LambdaInvoke(this, S.wait, {
      lambdaFunction: f.waitStep,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: TaskInput.fromObject({ taskToken: JsonPath.taskToken, 'state.$': '$' }),
      taskTimeout: Timeout.at('$.waitSeconds'),
      resultPath: JsonPath.DISCARD,
      retryOnServiceExceptions: false,
    });
    // The wait step only stores the token (replacing the last one), so running it again is safe; States.Timeout is
    // not a TaskFailed, so the reminder timeout still goes to the Catch below.
    wait.addRetry(RETRY);
    wait.addCatch(remind, { errors: ['States.Timeout'], resultPath: JsonPath.DISCARD });
    wait.addCatch(failureRecord(this, `${S.wait}Failed`, recordFailure), {
      errors: ['States.ALL'],
      resultPath: '$.error',
    });

    const again = continueAsNew(this, S.continueAsNew, props.idFields);
    again.next(new Succeed(this, `${S.continueAsNew}Done`));

    const route = new Choice(this, S.route)
      .when(Condition.booleanEquals('$.done', true), new Succeed(this, S.closed))
      .when(Condition.booleanEquals('$.continueAsNew', true), again)
      .otherwise(wait);
    wait.next(open);
    // Straight back to the wait, as in the lifecycle's human step: if the item is no longer open or the execution
    // should continue as new, the wait step releases itself at once (one transition a reminder fewer than a Choice).
    remind.next(wait);

    this.stateMachine = workflowStateMachine(
      this,
      begin.next(open).next(route),
      props.stateMachineName,
      props.tracing ?? false,
    );
  }
}

/** Keep the state beside the error so the failure step knows which enterprise failed. */
function failureRecord(scope: Construct, id: string, recordFailure: IChainable) {
  return new Pass(scope, id, {
    parameters: { 'state.$': '$', 'error.$': '$.error' },
  }).next(recordFailure);
}
