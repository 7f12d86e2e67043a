import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, stripKeys } from './db.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';

/** An execution's status, as DescribeExecution reports it. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/**
 * The local engine's record of executions, in the app's table, so that a restarted local stack resumes every
 * lifecycle that was running. Running executions are listed by a sparse index entry (GSI1); every execution of a
 * state machine, newest first, by another (GSI2, by state machine, sorted by start time).
 */
export interface ExecutionRecord {
  /** `<state machine name>/<execution name>`. */
  name: string;
  stateMachineArn: string;
  input: string;
  status: ExecutionStatus;
  startedAt: string;
  /** When it ended (ISO, local clock), once it has. */
  stoppedAt?: string;
  /** Its output (a JSON string), once it succeeded. */
  output?: string | null;
  /** Why it failed or was stopped: AWS's error name and cause. */
  error?: string | null;
  cause?: string | null;
  /** `<error>: <cause>`, as recorded before `error` and `cause` were. */
  endedError?: string | null;
}

/** How an execution ended. */
export interface ExecutionEnd {
  error?: string;
  cause?: string;
  output?: string;
  /** ISO time on the local clock. */
  stoppedAt?: string;
}

const record = (item: Record<string, unknown>) => stripKeys(item) as unknown as ExecutionRecord;

/** Record a new (running) execution. False if an execution of that name was already recorded. */
export async function putExecution(db: Db, execution: ExecutionRecord): Promise<boolean> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          ...keys.execution(execution.name),
          type: 'Execution',
          GSI1PK: keys.runningExecutions(),
          GSI1SK: execution.name,
          GSI2PK: keys.machineExecutions(execution.stateMachineArn),
          GSI2SK: `${execution.startedAt}#${execution.name}`,
          ...execution,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Record the end of a running execution (it leaves the running list). False if it was no longer running (an
 * execution ends once: a stop that raced its completion, or a second engine on the same table, changes nothing).
 */
export async function setExecutionStatus(
  db: Db,
  name: string,
  status: Exclude<ExecutionStatus, 'RUNNING'>,
  end: ExecutionEnd | string = {},
): Promise<boolean> {
  const details: ExecutionEnd = typeof end === 'string' ? { error: end } : end;
  const endedError =
    details.error === undefined ? null : details.cause ? `${details.error}: ${details.cause}` : details.error;
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.execution(name),
        UpdateExpression:
          'SET #status = :status, endedError = :endedError, #error = :error, #cause = :cause, #output = :output, ' +
          'stoppedAt = :stoppedAt REMOVE GSI1PK, GSI1SK',
        ConditionExpression: '#status = :running',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#error': 'error',
          '#cause': 'cause',
          '#output': 'output',
        },
        ExpressionAttributeValues: {
          ':status': status,
          ':running': 'RUNNING',
          ':endedError': endedError?.slice(0, 500) ?? null,
          ':error': details.error ?? null,
          ':cause': details.cause ?? null,
          ':output': details.output ?? null,
          ':stoppedAt': details.stoppedAt ?? new Date().toISOString(),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function getExecution(db: Db, name: string): Promise<ExecutionRecord | undefined> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.execution(name), ConsistentRead: true }),
  );
  return out.Item ? record(out.Item) : undefined;
}

/** Every execution recorded as running (what a restarted engine resumes). */
export async function runningExecutions(db: Db): Promise<ExecutionRecord[]> {
  const items = await queryAll(db, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.runningExecutions() },
  });
  return items.map(record);
}

/**
 * One page of a state machine's executions, newest first, optionally of one status: at most `limit` of them, and
 * where to go on from (an opaque key; undefined on the last page). Executions recorded before the GSI2 entry existed
 * are not listed.
 */
export async function listExecutions(
  db: Db,
  query: {
    stateMachineArn: string;
    status?: ExecutionStatus;
    limit: number;
    startKey?: Record<string, unknown>;
  },
): Promise<{ records: ExecutionRecord[]; nextKey?: Record<string, unknown> }> {
  const records: ExecutionRecord[] = [];
  let start = query.startKey;
  do {
    const out = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: {
          ':pk': keys.machineExecutions(query.stateMachineArn),
          ...(query.status ? { ':status': query.status } : {}),
        },
        ...(query.status
          ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }
          : {}),
        ScanIndexForward: false,
        Limit: query.limit - records.length,
        ExclusiveStartKey: start,
      }),
    );
    records.push(...(out.Items ?? []).map(record));
    start = out.LastEvaluatedKey;
  } while (start && records.length < query.limit);
  return { records, nextKey: start };
}
