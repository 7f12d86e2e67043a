import { spawn } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  LAMBDA_THROTTLED_ERROR,
  LAMBDA_TIMED_OUT_ERROR,
  type LocalLambda,
  LocalStepFunctions,
  taskFailure,
} from '#local/engine/engine.ts';
import { LocalClock } from '#shared/clock/clock.ts';
import { freshDb } from '../support/db.ts';

const FN = 'arn:aws:lambda:local:000000000000:function:step';
const CHILD = 'arn:aws:lambda:local:000000000000:function:child';
const WAITER = 'arn:aws:lambda:local:000000000000:function:waiter';
const machine = (name: string) => `arn:aws:states:local:000000000000:stateMachine:${name}`;
const RETRY = [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, MaxAttempts: 5, BackoffRate: 1 }];

const step = (extra: Record<string, unknown> = {}, functionName = FN) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: functionName, 'Payload.$': '$' },
  ResultSelector: { 'result.$': '$.Payload' },
  ...extra,
});

const MACHINES = {
  /** A Lambda step retried on States.TaskFailed, as every step of the app's workflows is. */
  [machine('retried')]: { StartAt: 'Step', States: { Step: { ...step({ Retry: RETRY }), End: true } } },
  /** The same step without a Retry. */
  [machine('bare')]: { StartAt: 'Step', States: { Step: { ...step(), End: true } } },
  /** Faults caught by their own names, as on AWS. */
  [machine('caught')]: {
    StartAt: 'Step',
    States: {
      Step: {
        ...step({
          Catch: [
            { ErrorEquals: [LAMBDA_THROTTLED_ERROR], ResultPath: '$.caught', Next: 'Throttled' },
            { ErrorEquals: [LAMBDA_TIMED_OUT_ERROR], ResultPath: '$.caught', Next: 'TimedOut' },
            { ErrorEquals: ['Custom.Refused'], ResultPath: '$.caught', Next: 'Refused' },
          ],
        }),
        End: true,
      },
      Throttled: { Type: 'Pass', Result: 'throttled', End: true },
      TimedOut: { Type: 'Pass', Result: 'timed out', End: true },
      Refused: { Type: 'Pass', Result: 'refused', End: true },
    },
  },
  /** A wait for a token whose function call is retried. */
  [machine('waits')]: {
    StartAt: 'Wait',
    States: {
      Wait: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: WAITER, Payload: { 'token.$': '$$.Task.Token' } },
        Retry: RETRY,
        End: true,
      },
    },
  },
  /** A step run by a function in another process. */
  [machine('child')]: {
    StartAt: 'Step',
    States: {
      Step: {
        ...step({ Retry: RETRY, Catch: [{ ErrorEquals: ['Custom.Refused'], Next: 'Refused' }] }, CHILD),
        End: true,
      },
      Refused: { Type: 'Pass', Result: 'refused', End: true },
    },
  },
};

/** A Lambda handler run by a separate Node process: the event on stdin, the result (or an error) on stdout. */
const childProcessLambda: LocalLambda = (event) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [
      '-e',
      `let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const e=JSON.parse(s);
       process.stdout.write(JSON.stringify(e.refuse?{errorType:'Custom.Refused',errorMessage:'no'}:{doubled:e.n*2,pid:process.pid}))})`,
    ]);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(taskFailure('Lambda.Unknown', `exit ${code}`));
      const result = JSON.parse(out);
      if (result.errorType) reject(taskFailure(result.errorType, result.errorMessage));
      else resolve(result);
    });
    child.stdin.end(JSON.stringify(event));
  });

let db: Awaited<ReturnType<typeof freshDb>>;
let engine: LocalStepFunctions;
let ran: unknown[];
let tokens: string[];

beforeAll(async () => {
  db = await freshDb();
  engine = new LocalStepFunctions({
    db,
    clock: new LocalClock(),
    machines: MACHINES,
    lifecycleArn: machine('retried'),
    needFlowArn: machine('bare'),
    retryIntervalMs: 1,
  });
  engine.register({
    [FN]: async (event) => {
      ran.push(event);
      if ((event as { refuse?: boolean }).refuse) throw taskFailure('Custom.Refused', 'no');
      return { ok: true, n: (event as { n: number }).n };
    },
    [WAITER]: async (event) => {
      tokens.push((event as { token: string }).token);
      return {};
    },
    [CHILD]: childProcessLambda,
  });
}, 60_000);

afterAll(async () => {
  engine?.stop();
  await db?.drop();
});

beforeEach(() => {
  ran = [];
  tokens = [];
  engine.faults = undefined;
  for (const k of Object.keys(engine.counters)) engine.counters[k as keyof typeof engine.counters] = 0;
});

/** Faults on the first `n` invocations, none after. */
const firstCalls = (n: number, kinds: ('throttle' | 'timeout')[]) => {
  let calls = 0;
  return { rate: 0.5, kinds, random: () => (calls++ < n ? 0 : 1) };
};

let counter = 0;
async function execute(name: string, input: Record<string, unknown> = { n: 1 }) {
  const arn = machine(name);
  const { executionArn } = await engine.startExecution(arn, `run-${++counter}`, input);
  await engine.idle();
  return engine.describeExecution(executionArn);
}

describe('fault injection in Lambda tasks', () => {
  it('throttling: the handler never runs, a Retry on States.TaskFailed carries the execution through', async () => {
    engine.faults = firstCalls(3, ['throttle']);
    const done = await execute('retried', { n: 21 });
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ result: { ok: true, n: 21 } });
    expect(ran).toHaveLength(1);
    expect(engine.counters).toMatchObject({ faults: 3, throttles: 3, timeouts: 0, invocations: 1 });
  });

  it('timeouts: the handler runs and its result is lost, so a retried step runs again', async () => {
    engine.faults = firstCalls(2, ['timeout']);
    const done = await execute('retried', { n: 2 });
    expect(done.status).toBe('SUCCEEDED');
    expect(ran).toHaveLength(3); // twice for nothing, then the result that counts
    expect(engine.counters).toMatchObject({ faults: 2, throttles: 0, timeouts: 2, invocations: 3 });
  });

  it('without a Retry the execution fails with the fault’s error name', async () => {
    engine.faults = { rate: 1, kinds: ['throttle'] };
    const throttled = await execute('bare');
    expect(throttled).toMatchObject({ status: 'FAILED', error: 'Lambda.TooManyRequestsException' });
    expect(ran).toHaveLength(0);

    engine.faults = { rate: 1, kinds: ['timeout'] };
    const timedOut = await execute('bare', { n: 5 });
    expect(timedOut).toMatchObject({ status: 'FAILED', error: 'Sandbox.Timedout' });
    expect(JSON.parse(timedOut.cause!)).toMatchObject({ errorType: 'Sandbox.Timedout' });
    expect(ran).toEqual([{ n: 5 }]); // it ran: its effects happened
    expect(engine.counters.faults).toBe(2);
  });

  it('a Catch matches each fault by its own name', async () => {
    engine.faults = { rate: 1, kinds: ['throttle'] };
    expect(JSON.parse((await execute('caught')).output!)).toBe('throttled');
    engine.faults = { rate: 1, kinds: ['timeout'] };
    expect(JSON.parse((await execute('caught')).output!)).toBe('timed out');
    engine.faults = { rate: 1, kinds: ['timeout'], timeoutError: 'Lambda.Unknown' };
    expect(await execute('bare')).toMatchObject({ status: 'FAILED', error: 'Lambda.Unknown' });
    engine.faults = undefined;
    expect(JSON.parse((await execute('caught', { refuse: true })).output!)).toBe('refused');
  });

  it('chooses among the kinds with `random`, and injects nothing at rate 0', async () => {
    const sequence = [0, 0.9, 0, 0.1];
    engine.faults = { rate: 0.5, random: () => sequence.shift() ?? 1 };
    expect((await execute('retried')).status).toBe('SUCCEEDED');
    expect(engine.counters).toMatchObject({ faults: 2, timeouts: 1, throttles: 1 });
    engine.faults = { rate: 0 };
    expect((await execute('bare')).status).toBe('SUCCEEDED');
    expect(engine.counters.faults).toBe(2);
  });

  it('hits the function call of a wait for a token too: the retried wait hands out a fresh token', async () => {
    engine.faults = firstCalls(1, ['timeout']);
    const { executionArn } = await engine.startExecution(machine('waits'), `run-${++counter}`, {});
    await engine.idle();
    expect(tokens).toHaveLength(2);
    expect(engine.counters.timeouts).toBe(1);
    // The first call's token is closed with its failed attempt; the second is the live one.
    expect(await engine.sendTaskSuccess(tokens[0]!, {})).toBe('TaskTimedOut');
    expect(await engine.sendTaskSuccess(tokens[1]!, { answered: true })).toBe('delivered');
    await engine.idle();
    const done = await engine.describeExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ answered: true });
  });

  it('runs a function in another process like an in-process one, faults and error names included', async () => {
    engine.faults = firstCalls(1, ['throttle']);
    const done = await execute('child', { n: 21 });
    expect(done.status).toBe('SUCCEEDED');
    const { result } = JSON.parse(done.output!);
    expect(result.doubled).toBe(42);
    expect(result.pid).not.toBe(process.pid);
    expect(engine.counters).toMatchObject({ throttles: 1, invocations: 1 });
    expect(JSON.parse((await execute('child', { refuse: true })).output!)).toBe('refused');
  });

  it('is not idle while one branch of a Map sleeps before its retry, though another branch calls and waits', async () => {
    // One engine whose retries sleep long enough to be seen (the Map's inner step gets the override too).
    const own = new LocalStepFunctions({
      db,
      clock: new LocalClock(),
      machines: {
        [machine('branches')]: {
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map',
              ItemsPath: '$.items',
              ItemProcessor: {
                StartAt: 'Step',
                States: {
                  Step: { ...step({ Retry: RETRY }), Next: 'Wait' },
                  Wait: {
                    Type: 'Task',
                    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
                    Parameters: { FunctionName: WAITER, Payload: { 'token.$': '$$.Task.Token' } },
                    End: true,
                  },
                },
              },
              End: true,
            },
          },
        },
      },
      lifecycleArn: machine('branches'),
      needFlowArn: machine('branches'),
      retryIntervalMs: 400,
    });
    own.register({
      [FN]: async (event) => {
        ran.push(event);
        return {};
      },
      [WAITER]: async (event) => {
        tokens.push((event as { token: string }).token);
        return {};
      },
    });
    try {
      own.faults = firstCalls(1, ['throttle']);
      const started = Date.now();
      await own.startExecution(machine('branches'), `run-${++counter}`, { items: [{ n: 1 }, { n: 2 }] });
      await own.idle();
      // Both branches wait: the throttled one was retried (after the override's 400 ms, not RETRY's 1 s).
      expect(tokens).toHaveLength(2);
      expect(ran).toHaveLength(2);
      expect(own.counters.throttles).toBe(1);
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      own.stop();
    }
  });
});
