import { randomBytes, randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import type { LocalClock } from '#shared/clock/clock.ts';
import { logger } from '#shared/log/logger.ts';
import type { Db } from '#shared/store/db.ts';
import {
  type ExecutionRecord,
  type ExecutionStatus,
  getExecution,
  listExecutions,
  putExecution,
  runningExecutions,
  setExecutionStatus,
} from '#shared/store/executions.ts';
import {
  executionKey,
  type LifecycleInput,
  lifecycleExecutionName,
  type NeedFlowInput,
  needExecutionName,
  type TokenResult,
  type Workflows,
} from '#shared/workflows/workflows.ts';
import { lambdaContext } from '../lambda-context.ts';
import { ClockTimers } from './timers.ts';

/**
 * A Lambda function as the engine calls it: the in-process step handlers, or any async function that runs the
 * function elsewhere (a child process, a container, another machine) and resolves with its result. To fail the task
 * with an error name a Retry or Catch can match, reject with an Error of that `name` (see `taskFailure`).
 */
export type LocalLambda = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

/** The failure modes of Lambda the engine can inject. */
export type LambdaFault = 'throttle' | 'timeout';

/**
 * Faults injected into Lambda invocations, with probability `rate` each (plain `lambda:invoke` tasks and the
 * function call of `lambda:invoke.waitForTaskToken` alike):
 * - `throttle`: the task fails with `Lambda.TooManyRequestsException` before the handler runs (it never does);
 * - `timeout`: the handler runs (its effects happen) and the task fails anyway with `Sandbox.Timedout`, the error
 *   Step Functions reports for a function that timed out: the result is lost after the work was done.
 * Both are task failures as on AWS: `States.TaskFailed`, `States.ALL` or their own names catch them.
 * `random` (default Math.random) is called once per invocation (a fault when it returns less than `rate`), and once
 * more to choose among several `kinds` (default both).
 */
export interface FaultOptions {
  rate: number;
  random?: () => number;
  kinds?: readonly LambdaFault[];
  /** The error name of an injected timeout (default `Sandbox.Timedout`; older Lambda runtimes gave `Lambda.Unknown`). */
  timeoutError?: string;
}

/** What Step Functions reports when Lambda throttles the invocation. */
export const LAMBDA_THROTTLED_ERROR = 'Lambda.TooManyRequestsException';
/** What Step Functions reports when the function times out (Lambda's errorType for it). */
export const LAMBDA_TIMED_OUT_ERROR = 'Sandbox.Timedout';

const TOKEN_PLACEHOLDER = '__LOCAL_TASK_TOKEN__';
/** aws-local-stepfunctions overwrites $$.Execution.StartTime with real time; ours is on the local clock. */
const START_TIME_PATH = '$$.Execution.LocalStartTime';
const TIMEOUT_FIELD = '__localTimeoutSeconds';
/**
 * aws-local-stepfunctions times a Task out after 60 real seconds unless it says otherwise. A wait for a token is
 * timed out by this engine on the local clock; the interpreter's own timer is set as far off as a Node timer goes.
 */
const NO_REAL_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** Step Functions' limit on an execution's input and output (and a task's output). */
export const MAX_PAYLOAD_CHARS = 256 * 1024;

type Json = Record<string, unknown>;

/**
 * Prepare an ASL definition for aws-local-stepfunctions, which has no task tokens of its own and times out in
 * real time: `$$.Task.Token` becomes a placeholder this engine fills per entry, a state's TimeoutSeconds(Path)
 * moves into its parameters so this engine can time it out on the local clock instead, and
 * `$$.Execution.StartTime` reads the start time on the local clock.
 */
export function prepareDefinition(definition: Json): Json {
  const copy = JSON.parse(
    JSON.stringify(definition).replaceAll('"$$.Execution.StartTime"', () => `"${START_TIME_PATH}"`),
  ) as { States: Record<string, Json> };
  const visit = (states: Record<string, Json>) => {
    for (const state of Object.values(states)) {
      if (state.Type === 'Parallel')
        for (const b of state.Branches as { States: Record<string, Json> }[]) visit(b.States);
      if (state.Type === 'Map')
        visit(((state.ItemProcessor ?? state.Iterator) as { States: Record<string, Json> }).States);
      if (state.Type !== 'Task' || !String(state.Resource).endsWith('.waitForTaskToken')) continue;
      const parameters = state.Parameters as Json;
      const replaceToken = (node: Json) => {
        for (const [k, v] of Object.entries(node)) {
          if (k.endsWith('.$') && v === '$$.Task.Token') {
            delete node[k];
            node[k.slice(0, -2)] = TOKEN_PLACEHOLDER;
          } else if (v && typeof v === 'object') replaceToken(v as Json);
        }
      };
      replaceToken(parameters);
      if (state.TimeoutSecondsPath) parameters[`${TIMEOUT_FIELD}.$`] = state.TimeoutSecondsPath;
      if (state.TimeoutSeconds) parameters[TIMEOUT_FIELD] = state.TimeoutSeconds;
      delete state.TimeoutSecondsPath;
      state.TimeoutSeconds = NO_REAL_TIMEOUT_SECONDS;
    }
  };
  visit(copy.States);
  return copy;
}

function fillToken(node: unknown, token: string): unknown {
  if (node === TOKEN_PLACEHOLDER) return token;
  if (Array.isArray(node)) return node.map((n) => fillToken(n, token));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fillToken(v, token)]));
  }
  return node;
}

class StatesTimeout extends Error {
  override readonly name = 'States.Timeout';
  /** As on AWS, a timeout is never matched by a Retry on States.TaskFailed. */
  readonly isRetryable = false;
}

class TaskFailure extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/** An error that fails a Task state with this error name and cause, as a Lambda function's error does on AWS. */
export function taskFailure(name: string, cause: string): Error {
  return new TaskFailure(name, cause);
}

/** Thrown into a stopped execution's states: neither retried nor caught, so nothing more runs. */
class ExecutionStopped extends Error {
  override readonly name = 'ExecutionStopped';
  readonly isRetryable = false;
  readonly isCatchable = false;
}

interface PendingToken {
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  cancelTimer?: () => void;
  execution: string;
  /** Its wait step has run: the execution counts it as waiting on a person. */
  counted?: boolean;
}

const isWaiting = (e: LiveExecution) => e.waits > 0 && e.inflight === 0 && e.retrying.size === 0;

/** A call as the interpreter makes it again on a retry: the same state with the same input. */
const callKey = (stateName: string, input: Json) => `${stateName}\u0000${JSON.stringify(input)}`;
const stateOfKey = (key: string) => key.slice(0, key.indexOf('\u0000'));

/** One failure of this call has ended (its retry began). */
function forget(retrying: Map<string, number>, key: string): void {
  const n = retrying.get(key) ?? 0;
  if (n > 1) retrying.set(key, n - 1);
  else retrying.delete(key);
}

/** A failure of this state has ended (its state caught it). */
function forgetCaught(retrying: Map<string, number>, stateName: string): void {
  const key = [...retrying.keys()].find((k) => stateOfKey(k) === stateName);
  if (key) forget(retrying, key);
}

/** Every failure of these states has ended (the Map iteration or Parallel branch they are in failed). */
function forgetInside(retrying: Map<string, number>, states: ReadonlySet<string> | undefined): void {
  for (const key of [...retrying.keys()]) if (states?.has(stateOfKey(key))) retrying.delete(key);
}

/** The events this engine reads from the interpreter. */
interface EngineEvent {
  type: string;
  state?: { name: string };
  parentState?: { name: string };
}

type StateJson = Json & { Type?: string; Retry?: unknown };

/** Every state of a definition, those in Map and Parallel branches too, with the Map or Parallel it is in. */
function* statesOf(definition: Json, parent?: string): Generator<[string, StateJson, string | undefined]> {
  for (const [name, state] of Object.entries((definition as { States: Record<string, StateJson> }).States)) {
    yield [name, state, parent];
    const branches =
      state.Type === 'Parallel'
        ? (state.Branches as Json[])
        : state.Type === 'Map'
          ? [(state.ItemProcessor ?? state.Iterator) as Json]
          : [];
    for (const branch of branches) yield* statesOf(branch, name);
  }
}

/** For each Map or Parallel state, every state inside it, however deep. */
function nestedStates(states: Iterable<[string, StateJson, string | undefined]>): Map<string, Set<string>> {
  const parents = new Map<string, string | undefined>();
  for (const [name, , parent] of states) parents.set(name, parent);
  const inside = new Map<string, Set<string>>();
  for (const name of parents.keys())
    for (let p = parents.get(name); p !== undefined; p = parents.get(p)) {
      const set = inside.get(p) ?? new Set<string>();
      set.add(name);
      inside.set(p, set);
    }
  return inside;
}

/** An execution this engine is running. */
interface LiveExecution {
  stateMachineArn: string;
  input: string;
  startedAt: string;
  /**
   * Waits on a person (tokens whose wait step has run), Lambda calls in flight, and failed calls whose retry (or
   * failure step) has not begun: an execution with parallel branches (the approvals' Map) is idle only when some
   * branch waits and no branch has work in hand.
   */
  waits: number;
  inflight: number;
  /**
   * Failed calls by state and input (`callKey`): one branch's call must not count as another branch's retry, or
   * an execution looks idle while a branch sleeps before its retry. A failure ends when the same call begins
   * again, when its state catches it, or when the Map iteration or Parallel branch it is in fails.
   */
  retrying: Map<string, number>;
  abort: () => void;
  /** Set once it has ended or is being stopped: its tasks no longer run anything. */
  ended: boolean;
  /** Set by StopExecution. */
  stop?: { error?: string; cause?: string };
  /** Resolves once its end is recorded. */
  recorded: Promise<void>;
}

export class ExecutionAlreadyExists extends Error {
  override readonly name = 'ExecutionAlreadyExists';
}
export class ExecutionDoesNotExist extends Error {
  override readonly name = 'ExecutionDoesNotExist';
}
export class StateMachineDoesNotExist extends Error {
  override readonly name = 'StateMachineDoesNotExist';
}
export class InvalidArn extends Error {
  override readonly name = 'InvalidArn';
}
/** A ListExecutions `nextToken` this engine did not hand out (for these parameters). */
export class InvalidToken extends Error {
  override readonly name = 'InvalidToken';
}

/** What DescribeExecution reports. */
export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

/** One entry of ListExecutions. */
export type ExecutionListItem = Pick<
  ExecutionDescription,
  'executionArn' | 'stateMachineArn' | 'name' | 'status' | 'startDate' | 'stopDate'
>;

/** An execution's ARN, as AWS forms it from its state machine's. */
export const executionArnOf = (stateMachineArn: string, name: string) =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

/** The state machine and name of an execution ARN (`arn:aws:states:<region>:<account>:execution:<machine>:<name>`). */
export function parseExecutionArn(executionArn: string): { stateMachineArn: string; name: string } {
  const parts = String(executionArn).split(':');
  if (parts.length !== 8 || parts[0] !== 'arn' || parts[2] !== 'states' || parts[5] !== 'execution')
    throw new InvalidArn(`Invalid Arn: 'Resource type not valid in this context: ${executionArn}'`);
  if (!parts[6] || !parts[7]) throw new InvalidArn(`Invalid Arn: '${executionArn}'`);
  return { stateMachineArn: [...parts.slice(0, 5), 'stateMachine', parts[6]].join(':'), name: parts[7] };
}

function describeRecord(record: ExecutionRecord): ExecutionDescription {
  const name = record.name.slice(record.name.indexOf('/') + 1);
  const legacyError = record.endedError ?? undefined;
  const error = record.error ?? legacyError?.split(':')[0];
  const cause = record.cause ?? (record.error ? undefined : legacyError);
  return {
    executionArn: executionArnOf(record.stateMachineArn, name),
    stateMachineArn: record.stateMachineArn,
    name,
    status: record.status,
    startDate: new Date(record.startedAt),
    ...(record.status !== 'RUNNING' && record.stoppedAt ? { stopDate: new Date(record.stoppedAt) } : {}),
    input: record.input,
    ...(record.output != null ? { output: record.output } : {}),
    ...(error ? { error } : {}),
    ...(cause ? { cause } : {}),
  };
}

const errorName = (e: unknown) => String((e as { name?: unknown })?.name ?? 'Error');
const errorMessage = (e: unknown) => String((e as { message?: unknown })?.message ?? '');

/**
 * Step Functions on one machine: runs the synthesized ASL on aws-local-stepfunctions, calls the local Lambda
 * handlers, implements `.waitForTaskToken` with fresh tokens and AWS's error names, drives every timeout from the
 * local clock, and keeps a record of executions in DynamoDB so a restart resumes what was running. Besides the
 * app's `Workflows` port it answers the Step Functions API calls `sfn-endpoint.ts` serves over HTTP
 * (StartExecution, DescribeExecution, StopExecution, ListExecutions, SendTask*), and can inject Lambda's faults.
 */
export class LocalStepFunctions implements Workflows {
  /** Each hosted machine, with what the engine reads of its definition once: every state, and what each nests. */
  private readonly machines = new Map<
    string,
    {
      machine: StateMachine;
      states: [string, StateJson, string | undefined][];
      inside: Map<string, Set<string>>;
    }
  >();
  private readonly timers: ClockTimers;
  private readonly running = new Map<string, LiveExecution>();
  private readonly pending = new Map<string, PendingToken>();
  /** Settled tokens, remembered so a late or repeated send gets AWS's answer rather than InvalidToken. */
  private readonly settled = new Map<string, 'done' | 'timedOut' | 'closed'>();
  private lambdas: Record<string, LocalLambda> = {};
  private stopped = false;
  /**
   * Counts state transitions, Lambda invocations (handlers run), executions, failed executions, and injected
   * faults (all, and by kind), for tests and benchmarks.
   */
  readonly counters = {
    transitions: 0,
    invocations: 0,
    executions: 0,
    failed: 0,
    faults: 0,
    throttles: 0,
    timeouts: 0,
  };
  /** The faults injected into Lambda invocations from now on (none when undefined); tests may change it. */
  faults: FaultOptions | undefined;

  constructor(
    private readonly options: {
      db: Db;
      clock: LocalClock;
      /** The state machines this engine hosts, by ARN. */
      machines: Record<string, Json>;
      lifecycleArn: string;
      needFlowArn: string;
      /** Tests: pause this long between retries instead of the definition's backoff (real seconds otherwise). */
      retryIntervalMs?: number;
      /** Benchmarks: Wait states by name and the real milliseconds they take (the definition's time otherwise). */
      waitTimeOverrides?: Record<string, number>;
      /** Tests: inject Lambda's failure modes (throttling, timeouts) into Lambda tasks. */
      faults?: FaultOptions;
    },
  ) {
    for (const [arn, definition] of Object.entries(options.machines)) {
      const machine = new StateMachine(prepareDefinition(definition) as never, {
        validationOptions: { checkArn: false },
      });
      const states = [...statesOf(definition)];
      this.machines.set(arn, { machine, states, inside: nestedStates(states) });
    }
    this.timers = new ClockTimers(options.clock);
    this.faults = options.faults;
  }

  /** The handlers for the function ARNs (or names) the definitions name; replaces those registered before. */
  register(lambdas: Record<string, LocalLambda>): void {
    this.lambdas = lambdas;
  }

  async startLifecycle(input: LifecycleInput) {
    const name = lifecycleExecutionName(input);
    await this.startExecution(this.options.lifecycleArn, name, input);
    return { executionName: name };
  }

  async startNeed(input: NeedFlowInput) {
    const name = needExecutionName(input);
    await this.startExecution(this.options.needFlowArn, name, input);
    return { executionName: name };
  }

  /**
   * As StartExecution: the same name and input while running is a no-op that answers with the running execution;
   * otherwise a name in use (running with other input, or ended) is refused with ExecutionAlreadyExists.
   */
  async startExecution(
    stateMachineArn: string,
    name: string,
    input: unknown,
  ): Promise<{ executionArn: string; startDate: Date }> {
    if (!this.machines.has(stateMachineArn))
      throw new StateMachineDoesNotExist(`State Machine Does Not Exist: '${stateMachineArn}'`);
    const json = input === undefined ? '{}' : JSON.stringify(input);
    const key = executionKey(stateMachineArn, name);
    const executionArn = executionArnOf(stateMachineArn, name);
    const refused = () => new ExecutionAlreadyExists(`Execution Already Exists: '${executionArn}'`);
    const live = this.running.get(key);
    if (live && !live.ended) {
      if (live.input === json) return { executionArn, startDate: new Date(live.startedAt) };
      throw refused();
    }
    const startedAt = this.options.clock.now().toISOString();
    const record = { name: key, stateMachineArn, input: json, status: 'RUNNING' as const, startedAt };
    if (!(await putExecution(this.options.db, record))) {
      // Started meanwhile (or running here before a restart resumed it): the same input is the same execution.
      const existing = await getExecution(this.options.db, key);
      if (existing?.status === 'RUNNING' && existing.input === json)
        return { executionArn, startDate: new Date(existing.startedAt) };
      throw refused();
    }
    this.run(record);
    return { executionArn, startDate: new Date(startedAt) };
  }

  /** As DescribeExecution, from the record in the table. */
  async describeExecution(executionArn: string): Promise<ExecutionDescription> {
    const { stateMachineArn, name } = parseExecutionArn(executionArn);
    const record = await getExecution(this.options.db, executionKey(stateMachineArn, name));
    if (!record || record.stateMachineArn !== stateMachineArn)
      throw new ExecutionDoesNotExist(`Execution Does Not Exist: '${executionArn}'`);
    return describeRecord(record);
  }

  /**
   * As StopExecution: the execution ends as ABORTED with this error and cause, nothing more of it runs, and its
   * task tokens are closed (a send answers TaskTimedOut). Stopping an execution that has ended changes nothing.
   */
  async stopExecution(
    executionArn: string,
    details: { error?: string; cause?: string } = {},
  ): Promise<{ stopDate: Date }> {
    const { stateMachineArn, name } = parseExecutionArn(executionArn);
    const key = executionKey(stateMachineArn, name);
    const live = this.running.get(key);
    if (live && live.stateMachineArn === stateMachineArn) {
      if (!live.ended) {
        live.ended = true;
        live.stop = details;
        this.closeTokens(key);
        live.abort();
        const stoppedAt = this.options.clock.now().toISOString();
        await setExecutionStatus(this.options.db, key, 'ABORTED', { ...details, stoppedAt });
        if (this.running.get(key) === live) this.running.delete(key);
      } else {
        await live.recorded;
      }
    }
    const record = await getExecution(this.options.db, key);
    if (!record || record.stateMachineArn !== stateMachineArn)
      throw new ExecutionDoesNotExist(`Execution Does Not Exist: '${executionArn}'`);
    if (record.status === 'RUNNING') {
      // Recorded as running but not running here (its machine not hosted, or not resumed yet).
      const stoppedAt = this.options.clock.now().toISOString();
      if (await setExecutionStatus(this.options.db, key, 'ABORTED', { ...details, stoppedAt }))
        return { stopDate: new Date(stoppedAt) };
      return this.stopExecution(executionArn, details);
    }
    return { stopDate: new Date(record.stoppedAt ?? record.startedAt) };
  }

  /** As ListExecutions: a state machine's executions, newest first, optionally of one status, paged. */
  async listExecutions(query: {
    stateMachineArn: string;
    statusFilter?: ExecutionStatus;
    maxResults?: number;
    nextToken?: string;
  }): Promise<{ executions: ExecutionListItem[]; nextToken?: string }> {
    const { stateMachineArn, statusFilter } = query;
    if (!this.machines.has(stateMachineArn))
      throw new StateMachineDoesNotExist(`State Machine Does Not Exist: '${stateMachineArn}'`);
    let startKey: Record<string, unknown> | undefined;
    if (query.nextToken) {
      try {
        const token = JSON.parse(Buffer.from(query.nextToken, 'base64url').toString()) as {
          m: string;
          s: string | null;
          k: Record<string, unknown>;
        };
        if (token.m !== stateMachineArn || token.s !== (statusFilter ?? null) || typeof token.k !== 'object')
          throw new Error('another query');
        startKey = token.k;
      } catch {
        throw new InvalidToken(`Invalid Token: '${query.nextToken.slice(0, 64)}'`);
      }
    }
    const limit = Math.min(Math.max(Math.trunc(query.maxResults || 100), 1), 1000);
    const { records, nextKey } = await listExecutions(this.options.db, {
      stateMachineArn,
      status: statusFilter,
      limit,
      startKey,
    });
    const executions = records.map((r) => {
      const { executionArn, name, status, startDate, stopDate } = describeRecord(r);
      return { executionArn, stateMachineArn, name, status, startDate, ...(stopDate ? { stopDate } : {}) };
    });
    const nextToken = nextKey
      ? Buffer.from(JSON.stringify({ m: stateMachineArn, s: statusFilter ?? null, k: nextKey })).toString(
          'base64url',
        )
      : undefined;
    return { executions, ...(nextToken ? { nextToken } : {}) };
  }

  /** After a restart: run again every execution the table says is running, from what the table holds. */
  async resumeAll(): Promise<number> {
    const records = await runningExecutions(this.options.db);
    for (const r of records)
      if (!this.running.has(r.name) && this.machines.has(r.stateMachineArn)) this.run(r);
    return records.length;
  }

  private run(record: { name: string; stateMachineArn: string; input: string; startedAt: string }): void {
    const { name: key, stateMachineArn, input: inputJson, startedAt } = record;
    const hosted = this.machines.get(stateMachineArn);
    if (this.stopped || !hosted) return;
    this.counters.executions++;
    const name = key.slice(key.indexOf('/') + 1);
    const executionArn = executionArnOf(stateMachineArn, name);
    const input = JSON.parse(inputJson);
    let markRecorded = () => {};
    const entry: LiveExecution = {
      stateMachineArn,
      input: inputJson,
      startedAt,
      waits: 0,
      inflight: 0,
      retrying: new Map(),
      abort: () => {},
      ended: false,
      recorded: new Promise<void>((resolve) => {
        markRecorded = resolve;
      }),
    };
    // The first task can be called before run() returns.
    this.running.set(key, entry);
    let execution: ReturnType<StateMachine['run']>;
    try {
      execution = hosted.machine.run(input, {
        overrides: {
          taskResourceLocalHandlers: this.taskHandlers(key, entry, hosted.states),
          retryIntervalOverrides: this.retryOverrides(hosted.states),
          waitTimeOverrides: this.options.waitTimeOverrides,
        },
        context: {
          Execution: {
            Id: executionArn,
            Name: name,
            Input: input,
            StartTime: startedAt,
            LocalStartTime: startedAt,
          },
          StateMachine: { Id: stateMachineArn, Name: stateMachineArn.split(':').pop() },
        },
      } as never);
    } catch (error) {
      this.running.delete(key);
      throw error;
    }
    entry.abort = () => execution.abort();
    void this.followEvents(execution.eventLogs as AsyncGenerator<EngineEvent>, entry, hosted.inside);
    const finish = async (record: () => Promise<unknown>) => {
      try {
        // Stopping the stack is not an end: the execution resumes on restart. A stop records its own end.
        if (!this.stopped && !entry.stop) await record();
      } catch (error) {
        logger.error('local execution end not recorded', { execution: key, error: errorName(error) });
      } finally {
        if (this.running.get(key) === entry) this.running.delete(key);
        markRecorded();
      }
    };
    execution.result.then(
      (output: unknown) => {
        entry.ended = true;
        const json = JSON.stringify(output ?? null);
        return finish(() =>
          setExecutionStatus(this.options.db, key, 'SUCCEEDED', {
            // Beyond Step Functions' 256 KB the output is not kept (the item stays well inside DynamoDB's 400 KB).
            ...(json.length <= MAX_PAYLOAD_CHARS ? { output: json } : {}),
            stoppedAt: this.options.clock.now().toISOString(),
          }),
        );
      },
      (error: Error) => {
        entry.ended = true;
        return finish(async () => {
          this.counters.failed++;
          const timedOut = error.name === 'ExecutionTimeoutError';
          // The interpreter wraps the state's error; AWS reports the state's error name and cause.
          const inner = timedOut
            ? { name: 'States.Timeout', message: '' }
            : ((error.cause as Error) ?? error);
          logger.error('local execution failed', { execution: key, error: errorName(inner) });
          await setExecutionStatus(this.options.db, key, timedOut ? 'TIMED_OUT' : 'FAILED', {
            error: errorName(inner),
            cause: errorMessage(inner).slice(0, 32_768),
            stoppedAt: this.options.clock.now().toISOString(),
          });
        });
      },
    );
  }

  private retryOverrides(states: [string, StateJson, unknown][]): Record<string, number> | undefined {
    const ms = this.options.retryIntervalMs;
    if (ms === undefined) return undefined;
    // Every state that retries, the ones inside a Map's or a Parallel's branches too.
    return Object.fromEntries(states.filter(([, s]) => s.Retry).map(([name]) => [name, ms]));
  }

  /** Counts transitions, and ends the failures a state caught or a failed branch took with it. */
  private async followEvents(
    events: AsyncGenerator<EngineEvent>,
    live: LiveExecution,
    inside: Map<string, Set<string>>,
  ) {
    try {
      for await (const event of events) {
        if (event.type === 'StateEntered') this.counters.transitions++;
        else if (event.type === 'StateCaught' && event.state) forgetCaught(live.retrying, event.state.name);
        else if (
          (event.type === 'MapIterationFailed' || event.type === 'ParallelBranchFailed') &&
          event.parentState
        )
          forgetInside(live.retrying, inside.get(event.parentState.name));
      }
    } catch {
      /* the execution ended */
    }
  }

  private taskHandlers(
    execution: string,
    entry: LiveExecution,
    states: [string, StateJson, unknown][],
  ): Record<string, (input: Json) => Promise<unknown>> {
    const handlers: Record<string, (input: Json) => Promise<unknown>> = {};
    // Once an execution is stopped, the interpreter may still retry the state it was in: nothing more runs.
    const guarded =
      (handler: (input: Json) => Promise<unknown>) =>
      async (input: Json): Promise<unknown> => {
        if (entry.ended || this.stopped) throw new ExecutionStopped('the execution was stopped');
        return handler(input);
      };
    // Every Task state, those inside a Map's or a Parallel's branches too.
    for (const [stateName, state] of states) {
      if (state.Type !== 'Task') continue;
      const resource = String(state.Resource);
      if (resource.endsWith(':lambda:invoke')) {
        handlers[stateName] = guarded(async (p) => ({
          StatusCode: 200,
          Payload: await this.tracked(entry, callKey(stateName, p), () =>
            this.invoke(String(p.FunctionName), p.Payload),
          ),
        }));
      } else if (resource.endsWith(':lambda:invoke.waitForTaskToken')) {
        handlers[stateName] = guarded((p) => this.waitForToken(execution, entry, callKey(stateName, p), p));
      } else if (resource.endsWith(':states:startExecution')) {
        handlers[stateName] = guarded(async (p) => {
          await this.startExecution(String(p.StateMachineArn), String(p.Name), p.Input);
          return {};
        });
      } else if (resource.startsWith('arn:aws:lambda:')) {
        handlers[stateName] = guarded((p) => this.invoke(resource, p));
      }
    }
    return handlers;
  }

  /** The fault to inject into the next invocation, if any. */
  private nextFault(): LambdaFault | undefined {
    const faults = this.faults;
    if (!faults || !(faults.rate > 0)) return undefined;
    const random = faults.random ?? Math.random;
    if (!(random() < faults.rate)) return undefined;
    const kinds: readonly LambdaFault[] = faults.kinds?.length ? faults.kinds : ['throttle', 'timeout'];
    if (kinds.length === 1) return kinds[0];
    return kinds[Math.min(kinds.length - 1, Math.max(0, Math.floor(random() * kinds.length)))];
  }

  private async invoke(functionName: string, payload: unknown): Promise<unknown> {
    const handler = this.lambdas[functionName];
    if (!handler)
      throw new TaskFailure('Lambda.ResourceNotFoundException', `no local handler for ${functionName}`);
    const requestId = randomUUID();
    const fault = this.nextFault();
    if (fault === 'throttle') {
      this.counters.faults++;
      this.counters.throttles++;
      throw new TaskFailure(
        LAMBDA_THROTTLED_ERROR,
        `Rate Exceeded. (Service: Lambda, Status Code: 429, Request ID: ${requestId}) (injected)`,
      );
    }
    this.counters.invocations++;
    const call = () =>
      handler(structuredClone(payload), lambdaContext(functionName.split(':').pop() ?? 'local', requestId));
    if (fault !== 'timeout') return call();
    try {
      await call();
    } catch {
      /* the function's own result, success or error, is lost with the timeout */
    }
    this.counters.faults++;
    this.counters.timeouts++;
    const name = this.faults?.timeoutError ?? LAMBDA_TIMED_OUT_ERROR;
    throw new TaskFailure(
      name,
      JSON.stringify({
        errorType: name,
        errorMessage: `RequestId: ${requestId} Error: Task timed out after 30.00 seconds (injected)`,
      }),
    );
  }

  /** A Lambda call on an execution's behalf: counted while in flight; a failure counts until the next call begins. */
  private async tracked<T>(
    live: LiveExecution,
    key: string,
    call: () => Promise<T>,
    /** Whether a failure ends the state (a wait already answered or timed out has moved on without it). */
    failureEnds: () => boolean = () => true,
  ): Promise<T> {
    forget(live.retrying, key);
    live.inflight++;
    try {
      return await call();
    } catch (error) {
      if (failureEnds()) live.retrying.set(key, (live.retrying.get(key) ?? 0) + 1);
      throw error;
    } finally {
      live.inflight--;
    }
  }

  private waitForToken(
    execution: string,
    live: LiveExecution,
    key: string,
    parameters: Json,
  ): Promise<unknown> {
    const token = randomBytes(64).toString('base64url');
    const timeoutSeconds = Number(parameters[TIMEOUT_FIELD] ?? 0);
    const payload = fillToken(parameters.Payload, token);
    return new Promise((resolve, reject) => {
      const entry: PendingToken = { resolve, reject, execution };
      this.pending.set(token, entry);
      if (timeoutSeconds > 0) {
        entry.cancelTimer = this.timers.at(this.options.clock.now().getTime() + timeoutSeconds * 1000, () =>
          this.settle(token, 'timedOut', () => reject(new StatesTimeout('States.Timeout'))),
        );
      }
      const call = () => this.invoke(String(parameters.FunctionName), payload);
      this.tracked(live, key, call, () => this.pending.has(token)).then(
        () => {
          if (this.pending.has(token)) {
            entry.counted = true;
            live.waits++;
          }
        },
        (error: Error) => this.settle(token, 'done', () => reject(error)),
      );
    });
  }

  private settle(token: string, how: 'done' | 'timedOut' | 'closed', action: () => void): boolean {
    const entry = this.pending.get(token);
    if (!entry) return false;
    this.pending.delete(token);
    entry.cancelTimer?.();
    this.settled.set(token, how);
    if (this.settled.size > 100_000) this.settled.delete(this.settled.keys().next().value as string);
    const live = this.running.get(entry.execution);
    if (live && entry.counted) live.waits--;
    action();
    return true;
  }

  /** Close an execution's task tokens: its waits end, and a later send answers TaskTimedOut. */
  private closeTokens(execution: string): void {
    for (const [token, entry] of [...this.pending])
      if (entry.execution === execution)
        this.settle(token, 'closed', () => entry.reject(new ExecutionStopped('the execution was stopped')));
  }

  private answer(token: string): TokenResult {
    const past = this.settled.get(token);
    return past ? 'TaskTimedOut' : 'InvalidToken';
  }

  async sendTaskSuccess(token: string, output: unknown): Promise<TokenResult> {
    const entry = this.pending.get(token);
    if (!entry) return this.answer(token);
    this.settle(token, 'done', () => entry.resolve(output ?? {}));
    return 'delivered';
  }

  async sendTaskFailure(token: string, error: string, cause: string): Promise<TokenResult> {
    const entry = this.pending.get(token);
    if (!entry) return this.answer(token);
    this.settle(token, 'done', () => entry.reject(new TaskFailure(error, cause)));
    return 'delivered';
  }

  /** As SendTaskHeartbeat: this engine has no heartbeat timeouts, so it only says whether the token is open. */
  async sendTaskHeartbeat(token: string): Promise<TokenResult> {
    return this.pending.has(token) ? 'delivered' : this.answer(token);
  }

  /** Resolves once every running execution is waiting for a person (or none runs): for seeding and tests. */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // What else must settle first (the local sweep, which sends the lifecycle's reminders).
      for (const settle of this.alsoSettle) await settle();
      let busy = 0;
      for (const e of this.running.values()) if (!isWaiting(e)) busy++;
      if (busy === 0) {
        await new Promise((r) => setTimeout(r, 10));
        let again = 0;
        for (const e of this.running.values()) if (!isWaiting(e)) again++;
        if (again === 0) return;
      }
      if (Date.now() > deadline) {
        const retrying = [...this.running.values()].flatMap((e) => [...e.retrying.keys()]);
        const states = [...new Set(retrying.map(stateOfKey))];
        throw new Error(
          `local workflows still busy after ${timeoutMs} ms (${busy} running${states.length ? `, failed calls not retried in ${states.join(', ')}` : ''})`,
        );
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private readonly alsoSettle: (() => Promise<unknown>)[] = [];

  /** Make `idle` wait for this too, each time it looks (the local schedules' running sweep). */
  settleAlso(settle: () => Promise<unknown>): void {
    this.alsoSettle.push(settle);
  }

  get runningCount(): number {
    return this.running.size;
  }

  /** Stop without recording anything: what was running resumes on the next start. */
  stop(): void {
    this.stopped = true;
    this.timers.stop();
    for (const e of this.running.values()) {
      e.ended = true;
      e.abort();
    }
    this.running.clear();
    // End the waits too, so that nothing of the interpreter's stays behind.
    for (const [token, entry] of [...this.pending])
      this.settle(token, 'closed', () => entry.reject(new ExecutionStopped('the engine was stopped')));
  }
}
