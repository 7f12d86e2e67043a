import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  CustomState,
  DefinitionBody,
  Fail,
  type IChainable,
  IntegrationPattern,
  JitterType,
  JsonPath,
  LogLevel,
  Pass,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { LoopRole } from '#functions/registry.ts';

/** The Lambda function for each state of the loop that runs one (the roles in `functions/registry.ts`). */
export type LoopFunctions = Record<LoopRole, IFunction>;

/** State names, shared with the local engine and the tests. */
export const LOOP_STATES = {
  begin: 'Begin',
  open: 'OpenTask',
  route: 'NextStep',
  wait: 'WaitForOfficer',
  remind: 'RemindOrEscalate',
  afterReminder: 'StillOpen',
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
    const nameField = props.idFields[props.idFields.length - 1] as string;

    // Recording the failure is retried like every step; if even that fails, the execution still ends Failed (the
    // failed-executions alarm sees it) rather than hanging or ending as if it had succeeded.
    const failed = new Fail(this, S.failed, {
      error: 'LifecycleFailed',
      cause: 'See the enterprise timeline.',
    });
    const recordFailure = new LambdaInvoke(this, S.recordFailure, {
      lambdaFunction: f.failureStep,
      payload: TaskInput.fromObject({ 'state.$': '$.state', 'error.$': '$.error' }),
      outputPath: '$.Payload',
      retryOnServiceExceptions: false,
    });
    recordFailure.addRetry(RETRY);
    recordFailure.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.recordError' });
    recordFailure.next(failed);

    const step = (name: string, fn: IFunction) => {
      const task = new LambdaInvoke(this, name, {
        lambdaFunction: fn,
        payload: TaskInput.fromJsonPathAt('$'),
        outputPath: '$.Payload',
        // One retrier for every Lambda error (throttling, service errors, timeouts, the function's own errors).
        retryOnServiceExceptions: false,
      });
      task.addRetry(RETRY);
      task.addCatch(failureRecord(this, `${name}Failed`, recordFailure), {
        errors: ['States.ALL'],
        resultPath: '$.error',
      });
      return task;
    };

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

    const continueAsNew = new CustomState(this, S.continueAsNew, {
      stateJson: {
        Type: 'Task',
        Resource: `arn:${Stack.of(this).partition}:states:::states:startExecution`,
        Parameters: {
          'StateMachineArn.$': '$$.StateMachine.Id',
          'Name.$': `States.Format('{}-g{}', $.${nameField}, $.generation)`,
          Input: {
            ...Object.fromEntries(props.idFields.map((f) => [`${f}.$`, `$.${f}`])),
            'generation.$': '$.generation',
            'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id',
          },
        },
        ResultPath: null,
        Retry: [
          {
            ErrorEquals: ['States.ALL'],
            IntervalSeconds: 2,
            BackoffRate: 2,
            MaxAttempts: 6,
            MaxDelaySeconds: 60,
            JitterStrategy: 'FULL',
          },
        ],
      },
    });
    continueAsNew.next(new Succeed(this, `${S.continueAsNew}Done`));

    const route = new Choice(this, S.route)
      .when(Condition.booleanEquals('$.done', true), new Succeed(this, S.closed))
      .when(Condition.booleanEquals('$.continueAsNew', true), continueAsNew)
      .otherwise(wait);
    wait.next(open);
    remind.next(
      new Choice(this, S.afterReminder)
        .when(
          Condition.or(
            Condition.booleanEquals('$.open', false),
            Condition.booleanEquals('$.continueAsNew', true),
          ),
          open,
        )
        .otherwise(wait),
    );

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'Logs', { retention: RetentionDays.SIX_MONTHS }),
        level: LogLevel.ERROR,
        includeExecutionData: false,
      },
      definitionBody: DefinitionBody.fromChainable(begin.next(open).next(route)),
    });
    if (props.stateMachineName) {
      // ContinueAsNew starts this same state machine; its ARN is known only by name (no self-reference in CFN).
      this.stateMachine.addToRolePolicy(
        new PolicyStatement({
          actions: ['states:StartExecution'],
          resources: [
            Stack.of(this).formatArn({
              service: 'states',
              resource: 'stateMachine',
              resourceName: props.stateMachineName,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
        }),
      );
    }
  }
}

/**
 * How every Lambda task retries: any task failure (Lambda throttling and service errors, a function timeout, the
 * function's own error), six times over about two minutes, with full jitter so that retries after a shared cause
 * (throttling at 09:00) do not arrive together.
 */
const RETRY = {
  errors: ['States.TaskFailed'],
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 6,
  maxDelay: Duration.seconds(60),
  jitterStrategy: JitterType.FULL,
};

/** Keep the state beside the error so the failure step knows which enterprise failed. */
function failureRecord(scope: Construct, id: string, recordFailure: IChainable) {
  return new Pass(scope, id, {
    parameters: { 'state.$': '$', 'error.$': '$.error' },
  }).next(recordFailure);
}
