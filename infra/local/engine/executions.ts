import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '#shared/store/db.ts';
import { isConditionFailure } from '#shared/store/errors.ts';
import { queryAll } from '#shared/store/query.ts';

/**
 * The local engine's record of executions, in the app's table, so that a restarted local stack resumes every
 * lifecycle that was running. Running executions are listed by a sparse index entry.
 */
export interface ExecutionRecord {
  /** `<state machine name>/<execution name>`. */
  name: string;
  stateMachineArn: string;
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  startedAt: string;
}

const key = (name: string) => ({ PK: `EXEC#${name}`, SK: 'EXEC' });

/** False if an execution of that name was already recorded. */
export async function recordStart(db: Db, record: ExecutionRecord): Promise<boolean> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          ...key(record.name),
          type: 'Execution',
          GSI1PK: 'EXEC#RUNNING',
          GSI1SK: record.name,
          ...record,
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

export async function recordEnd(
  db: Db,
  name: string,
  status: 'SUCCEEDED' | 'FAILED',
  error?: string,
): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: key(name),
      UpdateExpression: 'SET #status = :status, endedError = :error REMOVE GSI1PK, GSI1SK',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': status, ':error': error ?? null },
    }),
  );
}

export async function getExecution(db: Db, name: string): Promise<ExecutionRecord | undefined> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: key(name), ConsistentRead: true }),
  );
  return out.Item as ExecutionRecord | undefined;
}

export async function runningExecutions(db: Db): Promise<ExecutionRecord[]> {
  return (await queryAll(db, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': 'EXEC#RUNNING' },
  })) as unknown as ExecutionRecord[];
}
