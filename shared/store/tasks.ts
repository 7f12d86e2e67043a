import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Task } from '../domain/work-item.ts';
import { type Db, stripKeys } from './db.ts';
import { isConditionFailure } from './errors.ts';
import { keys, OPEN_INDEX_ATTRIBUTES, openItemIndexes } from './keys.ts';
import { type Guarded, putNew, updateItem } from './write.ts';

export function taskItem(db: Db, task: Task): Guarded {
  const indexes = task.status === 'open' ? openItemIndexes(task) : {};
  return {
    entity: 'task',
    id: task.id,
    reason: 'exists',
    item: putNew(db, { ...keys.task(task.enterpriseId, task.id), type: 'Task', ...indexes, ...task }),
  };
}

export async function getTask(db: Db, enterpriseId: string, taskId: string): Promise<Task | undefined> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.task(enterpriseId, taskId), ConsistentRead: true }),
  );
  return out.Item ? Task.parse(stripKeys(out.Item)) : undefined;
}

/** The task token of the execution waiting on this task, if one is waiting. It never leaves the server. */
export async function getWaitToken(
  db: Db,
  enterpriseId: string,
  taskId: string,
): Promise<string | undefined> {
  const out = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.task(enterpriseId, taskId),
      ProjectionExpression: 'waitToken',
      ConsistentRead: true,
    }),
  );
  return out.Item?.waitToken as string | undefined;
}

/**
 * Keep the token of the wait that was just entered, replacing the previous one. Only an open task takes a token:
 * false means the task was completed meanwhile, and the caller must release the wait itself.
 */
export async function setWaitToken(
  db: Db,
  enterpriseId: string,
  taskId: string,
  token: string,
  version?: number,
): Promise<boolean> {
  const checkVersion = version !== undefined;
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.task(enterpriseId, taskId),
        UpdateExpression: 'SET waitToken = :token',
        ConditionExpression: `attribute_exists(PK) AND #status = :open${checkVersion ? ' AND #v = :v' : ''}`,
        ExpressionAttributeNames: { '#status': 'status', ...(checkVersion ? { '#v': 'version' } : {}) },
        ExpressionAttributeValues: {
          ':token': token,
          ':open': 'open',
          ...(checkVersion ? { ':v': version } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Record that a notification went out; false if it already had (so it is never recorded twice). */
export function notifiedItem(db: Db, task: Task, key: string): Guarded {
  return {
    entity: 'task',
    id: task.id,
    reason: 'notified',
    item: {
      Update: {
        TableName: db.table,
        Key: keys.task(task.enterpriseId, task.id),
        UpdateExpression: 'SET notified = list_append(if_not_exists(notified, :empty), :key)',
        ConditionExpression: 'attribute_exists(PK) AND NOT contains(notified, :k)',
        ExpressionAttributeValues: { ':empty': [], ':key': [key], ':k': key },
      },
    },
  };
}

/**
 * Close an open task. The condition is the status, not the version: reminders may have touched the item, but
 * only an open task can be closed, so a second completion (a double click, a replayed link) fails with
 * ConflictError('not-open') and changes nothing. The task leaves the boards (its index keys go).
 */
export function closeTaskItem(
  db: Db,
  task: Task,
  change: { status: 'completed' | 'cancelled'; at: string; fields?: Record<string, unknown> },
): Guarded {
  return updateItem(db, {
    entity: 'task',
    id: task.id,
    key: keys.task(task.enterpriseId, task.id),
    set: { status: change.status, completedAt: change.at, ...change.fields },
    // The token stays: it is read after this write to release the waiting workflow (see tasks/complete.ts).
    remove: [...OPEN_INDEX_ATTRIBUTES],
    also: {
      expression: '#status = :open',
      names: { '#status': 'status' },
      values: { ':open': 'open' },
      reason: 'not-open',
    },
  });
}

/** Open tasks of one enterprise (reads only its TASK# items). */
export async function openTasksOf(db: Db, enterpriseId: string): Promise<Task[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :task)',
      FilterExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pk': keys.enterprisePartition(enterpriseId),
        ':task': 'TASK#',
        ':open': 'open',
      },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => Task.parse(stripKeys(i)));
}
