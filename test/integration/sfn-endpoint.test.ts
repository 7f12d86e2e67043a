import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidArn,
  InvalidExecutionInput,
  InvalidName,
  InvalidOutput,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskTimedOut,
  ValidationException,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStepFunctions } from '#local/engine/engine.ts';
import { type SfnEndpoint, startSfnEndpoint } from '#local/engine/sfn-endpoint.ts';
import { LocalClock } from '#shared/clock/clock.ts';
import { sfnWorkflows } from '#shared/workflows/sfn.ts';
import { freshDb } from '../support/db.ts';

const MACHINE = 'arn:aws:states:local:000000000000:stateMachine:endpoint-test';
const OTHER = 'arn:aws:states:local:000000000000:stateMachine:endpoint-other';
const NOTIFY = 'arn:aws:lambda:local:000000000000:function:notify';

/** A Pass, a wait for a person (the token goes to a local function), a Succeed. */
const definition = (timeoutSeconds = 3600) => ({
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Parameters: { 'request.$': '$' }, Next: 'WaitForAnswer' },
    WaitForAnswer: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: NOTIFY,
        Payload: { 'token.$': '$$.Task.Token', 'execution.$': '$$.Execution.Name', 'request.$': '$.request' },
      },
      TimeoutSeconds: timeoutSeconds,
      ResultPath: '$.answer',
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
});

let db: Awaited<ReturnType<typeof freshDb>>;
let clock: LocalClock;
let engine: LocalStepFunctions;
let endpoint: SfnEndpoint;
let sfn: SFNClient;
/** The latest token handed to `notify`, by execution name, and how often it was called. */
const tokens = new Map<string, string>();
const calls = new Map<string, number>();

beforeAll(async () => {
  db = await freshDb();
  clock = new LocalClock();
  engine = new LocalStepFunctions({
    db,
    clock,
    machines: { [MACHINE]: definition(), [OTHER]: definition(60) },
    lifecycleArn: MACHINE,
    needFlowArn: OTHER,
  });
  engine.register({
    [NOTIFY]: async (event) => {
      const { token, execution } = event as { token: string; execution: string };
      tokens.set(execution, token);
      calls.set(execution, (calls.get(execution) ?? 0) + 1);
      return { notified: true };
    },
  });
  endpoint = await startSfnEndpoint(engine);
  sfn = new SFNClient({
    endpoint: endpoint.url,
    region: 'local',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
}, 60_000);

afterAll(async () => {
  sfn?.destroy();
  engine?.stop();
  await endpoint?.close();
  await db?.drop();
});

async function waiting(name: string): Promise<string> {
  await engine.idle();
  const token = tokens.get(name);
  if (!token) throw new Error(`no token for ${name}`);
  return token;
}

const arnOf = (name: string, machine = MACHINE) =>
  `${machine.replace(':stateMachine:', ':execution:')}:${name}`;

describe('the local Step Functions endpoint (AWS JSON 1.0, through @aws-sdk/client-sfn)', () => {
  it('starts an execution, describes it, and completes it with SendTaskSuccess', async () => {
    const before = Date.now();
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'order-1', input: '{"order":1}' }),
    );
    expect(started.executionArn).toBe(arnOf('order-1'));
    expect(started.startDate).toBeInstanceOf(Date);
    expect(Math.abs(started.startDate!.getTime() - before)).toBeLessThan(5_000);

    const token = await waiting('order-1');
    let described = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(described).toMatchObject({
      executionArn: arnOf('order-1'),
      stateMachineArn: MACHINE,
      name: 'order-1',
      status: 'RUNNING',
      input: '{"order":1}',
    });
    expect(described.stopDate).toBeUndefined();
    expect(described.startDate?.getTime()).toBe(started.startDate?.getTime());

    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    await engine.idle();
    described = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(described.status).toBe('SUCCEEDED');
    expect(described.stopDate).toBeInstanceOf(Date);
    expect(JSON.parse(described.output!)).toEqual({ request: { order: 1 }, answer: { approved: true } });

    // The token is spent: AWS answers TaskTimedOut; a made-up token is InvalidToken.
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })),
    ).rejects.toBeInstanceOf(InvalidToken);
    await expect(sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }))).rejects.toBeInstanceOf(
      TaskTimedOut,
    );
  });

  it('is idempotent on the same name and input while running, and refuses a name in use otherwise', async () => {
    const first = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'order-2', input: '{"order":2}' }),
    );
    await waiting('order-2');
    const again = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'order-2', input: '{"order":2}' }),
    );
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate?.getTime()).toBe(first.startDate?.getTime());
    expect(calls.get('order-2')).toBe(1);
    const other = await sfn
      .send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'order-2', input: '{"order":3}' }))
      .catch((e: unknown) => e);
    expect(other).toBeInstanceOf(ExecutionAlreadyExists);
    expect((other as ExecutionAlreadyExists).name).toBe('ExecutionAlreadyExists');
    expect((other as ExecutionAlreadyExists).$metadata.httpStatusCode).toBe(400);

    // Ended: the name stays taken, whatever the input.
    await sfn.send(new SendTaskSuccessCommand({ taskToken: tokens.get('order-2')!, output: '{}' }));
    await engine.idle();
    await expect(
      sfn.send(
        new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'order-2', input: '{"order":2}' }),
      ),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('fails the execution with SendTaskFailure’s error and cause, and with States.Timeout on the local clock', async () => {
    await sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'order-3', input: '{}' }));
    const token = await waiting('order-3');
    await sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Refused', cause: 'no budget' }));
    await engine.idle();
    const failed = await sfn.send(new DescribeExecutionCommand({ executionArn: arnOf('order-3') }));
    expect(failed).toMatchObject({ status: 'FAILED', error: 'Refused', cause: 'no budget' });
    expect(failed.output).toBeUndefined();

    await sfn.send(new StartExecutionCommand({ stateMachineArn: OTHER, name: 'slow', input: '{}' }));
    const slowToken = await waiting('slow');
    clock.advance('PT61S');
    await engine.idle();
    const timedOut = await sfn.send(new DescribeExecutionCommand({ executionArn: arnOf('slow', OTHER) }));
    expect(timedOut).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: slowToken, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('stops an execution: ABORTED with the error and cause, its token closed, nothing more runs', async () => {
    await sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'order-4', input: '{}' }));
    const token = await waiting('order-4');
    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn: arnOf('order-4'), error: 'Cancelled', cause: 'by the test' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: arnOf('order-4') }));
    expect(described).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'by the test' });
    expect(described.stopDate?.getTime()).toBe(stopped.stopDate?.getTime());
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    // Stopping again changes nothing.
    const again = await sfn.send(new StopExecutionCommand({ executionArn: arnOf('order-4') }));
    expect(again.stopDate?.getTime()).toBe(stopped.stopDate?.getTime());
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.get('order-4')).toBe(1);
    expect(engine.runningCount).toBe(0);
  });

  it('lists a state machine’s executions, newest first, by status, in pages', async () => {
    for (const n of [1, 2, 3]) {
      await sfn.send(new StartExecutionCommand({ stateMachineArn: OTHER, name: `list-${n}`, input: '{}' }));
      await waiting(`list-${n}`);
      clock.advance('PT1S');
    }
    const all = await sfn.send(new ListExecutionsCommand({ stateMachineArn: OTHER }));
    expect(all.executions?.map((e) => e.name)).toEqual(['list-3', 'list-2', 'list-1', 'slow']);
    expect(all.nextToken).toBeUndefined();
    expect(all.executions?.[0]).toMatchObject({
      executionArn: arnOf('list-3', OTHER),
      stateMachineArn: OTHER,
      status: 'RUNNING',
    });
    expect(all.executions?.[0]?.startDate).toBeInstanceOf(Date);
    expect(all.executions?.[3]?.stopDate).toBeInstanceOf(Date);

    const running = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: OTHER, statusFilter: 'RUNNING', maxResults: 2 }),
    );
    expect(running.executions?.map((e) => e.name)).toEqual(['list-3', 'list-2']);
    expect(running.nextToken).toBeTruthy();
    const rest = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: OTHER,
        statusFilter: 'RUNNING',
        maxResults: 2,
        nextToken: running.nextToken,
      }),
    );
    expect(rest.executions?.map((e) => e.name)).toEqual(['list-1']);
    expect(rest.nextToken).toBeUndefined();

    const failed = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: OTHER, statusFilter: 'FAILED' }),
    );
    expect(failed.executions?.map((e) => e.name)).toEqual(['slow']);

    await expect(
      sfn.send(new ListExecutionsCommand({ stateMachineArn: OTHER, nextToken: 'bogus' })),
    ).rejects.toBeInstanceOf(InvalidToken);
    await expect(
      sfn.send(new ListExecutionsCommand({ stateMachineArn: MACHINE, nextToken: running.nextToken })),
    ).rejects.toBeInstanceOf(InvalidToken);
    for (const n of [1, 2, 3])
      await sfn.send(new StopExecutionCommand({ executionArn: arnOf(`list-${n}`, OTHER) }));
    const aborted = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: OTHER, statusFilter: 'ABORTED' }),
    );
    expect(aborted.executions).toHaveLength(3);
  });

  it('answers AWS’s named errors for what it refuses', async () => {
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: `${MACHINE}-nope`, name: 'x', input: '{}' })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: 'not-an-arn', name: 'x', input: '{}' })),
    ).rejects.toBeInstanceOf(InvalidArn);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'bad', input: '{nope' })),
    ).rejects.toBeInstanceOf(InvalidExecutionInput);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: MACHINE, name: 'a b', input: '{}' })),
    ).rejects.toBeInstanceOf(InvalidName);
    await expect(
      sfn.send(new DescribeExecutionCommand({ executionArn: arnOf('never-started') })),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(
      sfn.send(new StopExecutionCommand({ executionArn: arnOf('never-started') })),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn: MACHINE }))).rejects.toBeInstanceOf(
      InvalidArn,
    );
    await expect(sfn.send(new SendTaskSuccessCommand({ output: '{}' } as never))).rejects.toBeInstanceOf(
      ValidationException,
    );
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'x', output: 'not json' })),
    ).rejects.toBeInstanceOf(InvalidOutput);
    await expect(
      sfn.send(new ListExecutionsCommand({ stateMachineArn: MACHINE, statusFilter: 'WHATEVER' as never })),
    ).rejects.toBeInstanceOf(ValidationException);
    // A name is taken per state machine, not across them.
    await sfn.send(new StartExecutionCommand({ stateMachineArn: OTHER, name: 'order-1', input: '{}' }));
    await waiting('order-1');
  });

  it('speaks the wire protocol: 400 with __type and message, dates as epoch seconds', async () => {
    const post = (target: string, body: unknown) =>
      fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `AWSStepFunctions.${target}`,
          authorization: 'AWS4-HMAC-SHA256 Credential=whatever',
        },
        body: JSON.stringify(body),
      });
    const refused = await post('DescribeExecution', { executionArn: arnOf('nope') });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    const error = await refused.json();
    expect(error.__type).toBe('ExecutionDoesNotExist');
    expect(error.message).toContain(arnOf('nope'));

    const described = await (await post('DescribeExecution', { executionArn: arnOf('order-1') })).json();
    expect(typeof described.startDate).toBe('number');
    expect(typeof described.stopDate).toBe('number');
    expect(Math.abs(described.startDate * 1000 - Date.now())).toBeLessThan(60_000);

    const unknown = await post('CreateStateMachine', {});
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).__type).toBe('UnknownOperationException');
  });
});

describe('the app’s own Step Functions adapter against the endpoint', () => {
  it('starts workflows idempotently and maps token answers to results', async () => {
    const workflows = sfnWorkflows({ lifecycle: MACHINE, needFlow: OTHER }, sfn);
    const input = { enterpriseId: '01JADAPTERENTERPRISE00000', generation: 1 };
    expect(await workflows.startLifecycle(input)).toEqual({ executionName: `${input.enterpriseId}-g1` });
    await workflows.startLifecycle(input); // the same name and input: a no-op, as on AWS
    const token = await waiting(`${input.enterpriseId}-g1`);
    expect(calls.get(`${input.enterpriseId}-g1`)).toBe(1);

    expect(await workflows.sendTaskSuccess(token, { done: true })).toBe('delivered');
    expect(await workflows.sendTaskSuccess(token, { done: true })).toBe('TaskTimedOut');
    expect(await workflows.sendTaskFailure('made-up', 'E', 'c')).toBe('InvalidToken');
    await engine.idle();
    const described = await engine.describeExecution(arnOf(`${input.enterpriseId}-g1`));
    expect(described.status).toBe('SUCCEEDED');
    await expect(workflows.startLifecycle({ ...input })).rejects.toBeInstanceOf(ExecutionAlreadyExists);

    const need = { enterpriseId: input.enterpriseId, needId: '01JADAPTERNEED00000000000', generation: 1 };
    await workflows.startNeed(need);
    const needToken = await waiting(`${need.needId}-g1`);
    expect(await workflows.sendTaskFailure(needToken, 'Withdrawn', 'by the enterprise')).toBe('delivered');
    await engine.idle();
    expect(await engine.describeExecution(arnOf(`${need.needId}-g1`, OTHER))).toMatchObject({
      status: 'FAILED',
      error: 'Withdrawn',
    });
  });
});
