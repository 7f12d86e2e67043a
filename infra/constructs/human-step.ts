import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  CustomState,
  DefinitionBody,
  Fail,
  type IChainable,
  IntegrationPattern,
  JitterType,
  JsonPath,
  LogLevel,
  StateMachine,
  StateMachineType,
  TaskInput,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { LoopRole } from '#functions/registry.ts';

/** The Lambda function for each state of a workflow that runs one (the roles in `functions/registry.ts`). */
export type LoopFunctions = Record<LoopRole, IFunction>;

/**
 * How every Lambda task retries: any task failure (Lambda throttling and service errors, a function timeout, the
 * function's own error), six times over about two minutes, with full jitter so that retries after a shared cause
 * (throttling at 09:00) do not arrive together.
 */
export const RETRY = {
  errors: ['States.TaskFailed'],
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 6,
  maxDelay: Duration.seconds(60),
  jitterStrategy: JitterType.FULL,
};

/** A Lambda step: its payload, its output as the new state, the one retrier, and (if given) where failures go. */
export function lambdaStep(
  scope: Construct,
  name: string,
  fn: IFunction,
  payload: TaskInput,
  failure?: IChainable,
): LambdaInvoke {
  const task = new LambdaInvoke(scope, name, {
    lambdaFunction: fn,
    payload,
    outputPath: '$.Payload',
    // One retrier for every Lambda error (throttling, service errors, timeouts, the function's own errors).
    retryOnServiceExceptions: false,
  });
  task.addRetry(RETRY);
  if (failure) task.addCatch(failure, { errors: ['States.ALL'], resultPath: '$.error' });
  return task;
}

/** The states of one human step, by name: `<name>`, `<name>: next`, `<name>: wait`, `<name>: remind`. */
export const humanStepStates = (name: string) => ({
  open: name,
  route: `${name}: next`,
  wait: `${name}: wait`,
  remind: `${name}: remind`,
});

export interface HumanStep {
  /** Opens (or finds) the person's task and says what comes next (`$.go`) and how long to wait. */
  open: LambdaInvoke;
  /** Where to go after opening: the caller adds its branches; anything else waits. */
  route: Choice;
  /** Waits for the person (`.waitForTaskToken`), timing out only at a late task's wake (`wakeAt`) or the age limit. */
  wait: LambdaInvoke;
  /** Says whether to continue as new, or waits again. */
  remind: LambdaInvoke;
}

/**
 * The human step, one reusable fragment of the lifecycle: open the person's task → wait for its token → when the wait
 * runs out, the remind step → wait again. The wait has no reminder timeout (the sweep sends the lifecycle's reminders
 * and escalations, `shared/lifecycle/remind.ts`, at no transition's cost): it runs out only at a late task's wake
 * (`wakeAt`, which heals a lost release) or when the execution should continue as new. When the person acts (or anything changes the task) the wait succeeds; the
 * caller says where that leads (`wait.next(…)`) and where `route` goes. The remind step goes straight back to the
 * wait: if the task closed meanwhile, or the execution should continue as new, the wait step releases itself at once
 * and the workflow moves on.
 */
export function humanStep(
  scope: Construct,
  props: {
    name: string;
    functions: LoopFunctions;
    /** What the open step receives besides the state (e.g. the phase it opens for). */
    openWith?: Record<string, unknown>;
    /** Where a failed step goes (after its retries); none inside a Map, whose own Catch handles it. */
    failure?: IChainable;
    /** Keep what the wait was released with at this path (else it is discarded). */
    releasedAt?: string;
  },
): HumanStep {
  const f = props.functions;
  const names = humanStepStates(props.name);
  const open = lambdaStep(
    scope,
    names.open,
    f.openStep,
    TaskInput.fromObject({ ...props.openWith, 'state.$': '$' }),
    props.failure,
  );
  const remind = lambdaStep(scope, names.remind, f.remindStep, TaskInput.fromJsonPathAt('$'), props.failure);
  const wait = new LambdaInvoke(scope, names.wait, {
    lambdaFunction: f.waitStep,
    integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: TaskInput.fromObject({ taskToken: JsonPath.taskToken, 'state.$': '$' }),
    taskTimeout: Timeout.at('$.waitSeconds'),
    resultPath: props.releasedAt ?? JsonPath.DISCARD,
    retryOnServiceExceptions: false,
  });
  // The wait step only stores the token (replacing the last one), so running it again is safe; States.Timeout is
  // not a TaskFailed, so the reminder timeout still goes to the Catch below.
  wait.addRetry(RETRY);
  wait.addCatch(remind, { errors: ['States.Timeout'], resultPath: JsonPath.DISCARD });
  if (props.failure) wait.addCatch(props.failure, { errors: ['States.ALL'], resultPath: '$.error' });
  remind.next(wait);
  const route = new Choice(scope, names.route);
  open.next(route);
  return { open, route, wait, remind };
}

/**
 * Continue as a new execution of this same state machine (`<id>-g<generation>`), carrying the id fields, the
 * generation and whatever else the next execution starts from.
 */
export function continueAsNew(
  scope: Construct,
  name: string,
  idFields: readonly string[],
  carry: readonly string[] = [],
): CustomState {
  const nameField = idFields[idFields.length - 1] as string;
  return new CustomState(scope, name, {
    stateJson: {
      Type: 'Task',
      Resource: `arn:${Stack.of(scope).partition}:states:::states:startExecution`,
      Parameters: {
        'StateMachineArn.$': '$$.StateMachine.Id',
        'Name.$': `States.Format('{}-g{}', $.${nameField}, $.generation)`,
        Input: {
          ...Object.fromEntries([...idFields, 'generation', ...carry].map((f) => [`${f}.$`, `$.${f}`])),
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
}

/**
 * A workflow's state machine (Standard, traced only if asked, errors logged without execution data), allowed to start itself
 * again by name (continue-as-new: its ARN is known only by name, as CloudFormation allows no self-reference).
 */
export function workflowStateMachine(
  scope: Construct,
  definition: IChainable,
  stateMachineName: string | undefined,
  tracing: boolean,
): StateMachine {
  const machine = new StateMachine(scope, 'StateMachine', {
    stateMachineName,
    stateMachineType: StateMachineType.STANDARD,
    tracingEnabled: tracing,
    logs: {
      destination: new LogGroup(scope, 'Logs', { retention: RetentionDays.SIX_MONTHS }),
      level: LogLevel.ERROR,
      includeExecutionData: false,
    },
    definitionBody: DefinitionBody.fromChainable(definition),
  });
  if (stateMachineName) {
    machine.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:StartExecution'],
        resources: [
          Stack.of(scope).formatArn({
            service: 'states',
            resource: 'stateMachine',
            resourceName: stateMachineName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
  }
  return machine;
}

/**
 * Where a failed workflow ends: the failure step records it (retried like every step); if even that fails, the
 * execution still ends Failed (the failed-executions alarm sees it) rather than hanging or ending as if it had
 * succeeded. Returns the recording step, which takes `{ state, error }`.
 */
export function recordFailureStates(
  scope: Construct,
  names: { recordFailure: string; failed: string },
  failureStep: IFunction,
): LambdaInvoke {
  const failed = new Fail(scope, names.failed, {
    error: 'LifecycleFailed',
    cause: 'See the enterprise timeline.',
  });
  const recordFailure = lambdaStep(
    scope,
    names.recordFailure,
    failureStep,
    TaskInput.fromObject({ 'state.$': '$.state', 'error.$': '$.error' }),
  );
  recordFailure.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.recordError' });
  recordFailure.next(failed);
  return recordFailure;
}
