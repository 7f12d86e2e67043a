import { randomBytes, randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import type { LocalClock } from '#shared/clock/clock.ts';
import { logger } from '#shared/log/logger.ts';
import type { Db } from '#shared/store/db.ts';
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
import { recordEnd, recordStart, runningExecutions } from './executions.ts';
import { ClockTimers } from './timers.ts';

export type LocalLambda = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

const TOKEN_PLACEHOLDER = '__LOCAL_TASK_TOKEN__';
/** aws-local-stepfunctions overwrites $$.Execution.StartTime with real time; ours is on the local clock. */
const START_TIME_PATH = '$$.Execution.LocalStartTime';
const TIMEOUT_FIELD = '__localTimeoutSeconds';

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
      delete state.TimeoutSeconds;
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

interface PendingToken {
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  cancelTimer?: () => void;
  execution: string;
}

export class ExecutionAlreadyExists extends Error {
  override readonly name = 'ExecutionAlreadyExists';
}

/**
 * Step Functions on one machine: runs the synthesized ASL on aws-local-stepfunctions, calls the local Lambda
 * handlers, implements `.waitForTaskToken` with fresh tokens and AWS's error names, drives every timeout from the
 * local clock, and keeps a record of executions in DynamoDB so a restart resumes what was running.
 */
export class LocalStepFunctions implements Workflows {
  private readonly machines = new Map<string, { machine: StateMachine; definition: Json }>();
  private readonly timers: ClockTimers;
  private readonly running = new Map<string, { input: string; waiting: boolean; abort: () => void }>();
  private readonly pending = new Map<string, PendingToken>();
  /** Settled tokens, remembered so a late or repeated send gets AWS's answer rather than InvalidToken. */
  private readonly settled = new Map<string, 'done' | 'timedOut'>();
  private lambdas: Record<string, LocalLambda> = {};
  private stopped = false;
  /** Counts state transitions, Lambda invocations and executions, for tests and benchmarks. */
  readonly counters = { transitions: 0, invocations: 0, executions: 0, failed: 0 };

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
    },
  ) {
    for (const [arn, definition] of Object.entries(options.machines)) {
      const machine = new StateMachine(prepareDefinition(definition) as never, {
        validationOptions: { checkArn: false },
      });
      this.machines.set(arn, { machine, definition });
    }
    this.timers = new ClockTimers(options.clock);
  }

  /** The handlers for the function ARNs the definition names. */
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

  /** As StartExecution: the same name and input while running is a no-op; otherwise a reused name is refused. */
  async startExecution(stateMachineArn: string, name: string, input: unknown): Promise<void> {
    if (!this.machines.has(stateMachineArn)) throw new Error(`StateMachineDoesNotExist: ${stateMachineArn}`);
    const json = JSON.stringify(input);
    const key = executionKey(stateMachineArn, name);
    const live = this.running.get(key);
    if (live) {
      if (live.input === json) return;
      throw new ExecutionAlreadyExists(`execution ${name} exists with another input`);
    }
    const startedAt = this.options.clock.now().toISOString();
    const record = { name: key, stateMachineArn, input: json, status: 'RUNNING' as const, startedAt };
    if (!(await recordStart(this.options.db, record))) {
      throw new ExecutionAlreadyExists(`execution ${name} already exists`);
    }
    this.run(record);
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
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const input = JSON.parse(inputJson);
    const execution = hosted.machine.run(input, {
      overrides: {
        taskResourceLocalHandlers: this.taskHandlers(key, hosted.definition),
        retryIntervalOverrides: this.retryOverrides(hosted.definition),
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
    const entry = { input: inputJson, waiting: false, abort: () => execution.abort() };
    this.running.set(key, entry);
    void this.countTransitions(execution.eventLogs);
    execution.result.then(
      async () => {
        if (!this.stopped) await recordEnd(this.options.db, key, 'SUCCEEDED');
        this.running.delete(key);
      },
      async (error: Error) => {
        // Stopping the stack is not a failure: the execution resumes on restart.
        if (!this.stopped) {
          this.counters.failed++;
          logger.error('local execution failed', { execution: key, error: error.name });
          await recordEnd(this.options.db, key, 'FAILED', `${error.name}: ${error.message}`.slice(0, 500));
        }
        this.running.delete(key);
      },
    );
  }

  private retryOverrides(definition: Json): Record<string, number> | undefined {
    const ms = this.options.retryIntervalMs;
    if (ms === undefined) return undefined;
    const states = (definition as { States: Record<string, Json> }).States;
    return Object.fromEntries(
      Object.entries(states)
        .filter(([, s]) => s.Retry)
        .map(([name]) => [name, ms]),
    );
  }

  private async countTransitions(events: AsyncGenerator<{ type: string }>): Promise<void> {
    try {
      for await (const event of events) if (event.type === 'StateEntered') this.counters.transitions++;
    } catch {
      /* the execution ended */
    }
  }

  private taskHandlers(
    execution: string,
    definition: Json,
  ): Record<string, (input: Json) => Promise<unknown>> {
    const states = (definition as { States: Record<string, Json> }).States;
    const handlers: Record<string, (input: Json) => Promise<unknown>> = {};
    const collect = (all: Record<string, Json>) => {
      for (const [stateName, state] of Object.entries(all)) {
        if (state.Type === 'Parallel')
          for (const b of state.Branches as { States: Record<string, Json> }[]) collect(b.States);
        if (state.Type !== 'Task') continue;
        const resource = String(state.Resource);
        if (resource.endsWith(':lambda:invoke')) {
          handlers[stateName] = async (p) => ({
            StatusCode: 200,
            Payload: await this.invoke(String(p.FunctionName), p.Payload),
          });
        } else if (resource.endsWith(':lambda:invoke.waitForTaskToken')) {
          handlers[stateName] = (p) => this.waitForToken(execution, p);
        } else if (resource.endsWith(':states:startExecution')) {
          handlers[stateName] = async (p) => {
            await this.startExecution(String(p.StateMachineArn), String(p.Name), p.Input);
            return {};
          };
        } else if (resource.startsWith('arn:aws:lambda:')) {
          handlers[stateName] = (p) => this.invoke(resource, p);
        }
      }
    };
    collect(states);
    return handlers;
  }

  private async invoke(functionName: string, payload: unknown): Promise<unknown> {
    const handler = this.lambdas[functionName];
    if (!handler)
      throw new TaskFailure('Lambda.ResourceNotFoundException', `no local handler for ${functionName}`);
    this.counters.invocations++;
    return handler(
      structuredClone(payload),
      lambdaContext(functionName.split(':').pop() ?? 'local', randomUUID()),
    );
  }

  private waitForToken(execution: string, parameters: Json): Promise<unknown> {
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
      this.invoke(String(parameters.FunctionName), payload).then(
        () => {
          const live = this.running.get(execution);
          if (live && this.pending.has(token)) live.waiting = true;
        },
        (error: Error) => this.settle(token, 'done', () => reject(error)),
      );
    });
  }

  private settle(token: string, how: 'done' | 'timedOut', action: () => void): boolean {
    const entry = this.pending.get(token);
    if (!entry) return false;
    this.pending.delete(token);
    entry.cancelTimer?.();
    this.settled.set(token, how);
    if (this.settled.size > 100_000) this.settled.delete(this.settled.keys().next().value as string);
    const live = this.running.get(entry.execution);
    if (live) live.waiting = false;
    action();
    return true;
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

  /** Resolves once every running execution is waiting for a person (or none runs): for seeding and tests. */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let busy = 0;
      for (const e of this.running.values()) if (!e.waiting) busy++;
      if (busy === 0) {
        await new Promise((r) => setTimeout(r, 10));
        let again = 0;
        for (const e of this.running.values()) if (!e.waiting) again++;
        if (again === 0) return;
      }
      if (Date.now() > deadline)
        throw new Error(`local workflows still busy after ${timeoutMs} ms (${busy} running)`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  get runningCount(): number {
    return this.running.size;
  }

  /** Stop without recording anything: what was running resumes on the next start. */
  stop(): void {
    this.stopped = true;
    this.timers.stop();
    for (const e of this.running.values()) e.abort();
    this.running.clear();
    this.pending.clear();
  }
}
