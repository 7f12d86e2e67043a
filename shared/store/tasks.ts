import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Task } from '../domain/work-item.ts';
import { type Db, stripKeys } from './db.ts';
import { keys, openItemIndexes } from './keys.ts';
import { getWaitToken as getStoredToken, putWaitToken } from './wait-tokens.ts';
import { fieldChanges, type Guarded, putNew, updateItem } from './write.ts';

/** An open task is on the zone's, its department's and its officer's boards; any other task on none. */
function boardKeys(task: Task): Record<string, string> {
  return task.status === 'open' ? openItemIndexes(task) : {};
}

export function taskItem(db: Db, task: Task): Guarded {
  const indexes = boardKeys(task);
  return {
    entity: 'task',
    id: task.id,
    reason: 'exists',
    item: putNew(db, { ...keys.task(task.enterpriseId, task.id), type: 'Task', ...indexes, ...task }),
  };
}

/** What a change of a task is checked against, besides the task existing. */
export interface TaskExpectation {
  /**
   * Nobody wrote the task since it was read (its version; the default). Leave it out only where the status is the
   * whole rule, e.g. closing an open task.
   */
  version?: boolean;
  /** The task is still open. Fails with ConflictError('not-open') (the reason given for either condition). */
  open?: boolean;
}

/**
 * A task moved from the state it was read in (`before`) to `after`: only what differs is written, and its board
 * entries follow (moved with its due date or officer, gone once it is no longer open). Fails with ConflictError
 * ('version', or 'not-open' when the task must still be open) if the task is no longer as expected.
 */
/**
 * Fields tasks no longer have. `extensions` held every progress report until they became items of their own
 * (`task-moves.ts`): on a task reported on some 250 times it reached DynamoDB's 400 KB item limit, where nothing more
 * could be written to the task, its completion included. Every change of a task drops it (the reports' history is in
 * the task's audit events, `task.extended`), so such a task can be completed again.
 */
const LEGACY_FIELDS = ['extensions'];

export function taskChange(db: Db, before: Task, after: Task, expect: TaskExpectation = {}): Guarded {
  const fields = fieldChanges(before, after, ['id', 'enterpriseId', 'version']);
  const board = fieldChanges(boardKeys(before), boardKeys(after));
  return updateItem(db, {
    entity: 'task',
    id: before.id,
    key: keys.task(before.enterpriseId, before.id),
    ...(expect.version === false ? {} : { expectedVersion: before.version }),
    set: { ...fields.set, ...board.set },
    remove: [...fields.remove, ...board.remove, ...LEGACY_FIELDS],
    ...(expect.open
      ? {
          also: {
            expression: '#st = :open',
            names: { '#st': 'status' },
            values: { ':open': 'open' },
            reason: 'not-open',
          },
        }
      : {}),
  });
}

/**
 * Touch a task: nothing but its version moves on, so a wait that read it before (and keeps its token only if the
 * task is unchanged) re-plans.
 */
export function touchTask(db: Db, task: Task): Guarded {
  return taskChange(db, task, task, { version: false });
}

/** A task together with the token of the execution waiting on it (two consistent reads). */
export async function getTaskAndToken(
  db: Db,
  enterpriseId: string,
  taskId: string,
): Promise<{ task: Task; waitToken?: string } | undefined> {
  const task = await getTask(db, enterpriseId, taskId);
  if (!task) return undefined;
  const waitToken = await getWaitToken(db, enterpriseId, taskId);
  return { task, ...(waitToken ? { waitToken } : {}) };
}

export async function getTask(db: Db, enterpriseId: string, taskId: string): Promise<Task | undefined> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.task(enterpriseId, taskId), ConsistentRead: true }),
  );
  if (!out.Item) return undefined;
  // A token kept on the task itself before it had an item of its own is no part of the task.
  const { waitToken: _legacy, ...item } = stripKeys(out.Item);
  return Task.parse(item);
}

/** The task token of the execution waiting on this task, if one is waiting. It never leaves the server. */
export function getWaitToken(db: Db, enterpriseId: string, taskId: string): Promise<string | undefined> {
  return getStoredToken(db, enterpriseId, keys.task(enterpriseId, taskId));
}

/**
 * Keep the token of the wait that was just entered, replacing the previous one, then read the task: only an open task
 * (at the version the wait planned for, if given) keeps a wait. False means the task was completed or changed
 * meanwhile, and the caller must release the wait itself. The token is an item of its own (`wait-tokens.ts`), so
 * a wait writes one small item, not the task and its three board indexes.
 */
export async function setWaitToken(
  db: Db,
  enterpriseId: string,
  taskId: string,
  token: string,
  version?: number,
): Promise<boolean> {
  const key = keys.task(enterpriseId, taskId);
  await putWaitToken(db, enterpriseId, key, token);
  const out = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: key,
      ProjectionExpression: '#status, #v',
      ExpressionAttributeNames: { '#status': 'status', '#v': 'version' },
      ConsistentRead: true,
    }),
  );
  if (out.Item?.status !== 'open') return false;
  return version === undefined || out.Item.version === version;
}

/** Record that a notification went out; false if it already had (so it is never recorded twice). */
/** Record that a notification went (once: the condition), with any it settles beside it (`settles`). */
export function notifiedItem(db: Db, task: Task, key: string, settles: string[] = []): Guarded {
  return {
    entity: 'task',
    id: task.id,
    reason: 'notified',
    item: {
      Update: {
        TableName: db.table,
        Key: keys.task(task.enterpriseId, task.id),
        UpdateExpression: 'SET notified = list_append(if_not_exists(notified, :empty), :key) REMOVE #legacy',
        ConditionExpression: 'attribute_exists(PK) AND NOT contains(notified, :k)',
        ExpressionAttributeNames: { '#legacy': 'extensions' },
        ExpressionAttributeValues: { ':empty': [], ':key': [key, ...settles], ':k': key },
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
  // The token stays: it is read after this write to release the waiting workflow (see lifecycle/complete.ts).
  const closed = { ...task, ...change.fields, status: change.status, completedAt: change.at } as Task;
  return taskChange(db, task, closed, { version: false, open: true });
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

/**
 * When the enterprise's latest aftercare visit was completed (the server's time of the report, not the visit date
 * the officer typed, which they could backdate), if any: read from its TASK# items only, projected to what the
 * answer needs.
 */
export async function lastVisitCompletedAt(db: Db, enterpriseId: string): Promise<string | undefined> {
  let latest: string | undefined;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :task)',
        FilterExpression: '#kind = :visit AND #status = :completed',
        ProjectionExpression: '#kind, #status, completedAt',
        ExpressionAttributeNames: { '#kind': 'kind', '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': keys.enterprisePartition(enterpriseId),
          ':task': 'TASK#',
          ':visit': 'visit',
          ':completed': 'completed',
        },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of out.Items ?? []) {
      const at = typeof item.completedAt === 'string' ? item.completedAt : undefined;
      if (at && (!latest || at > latest)) latest = at;
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return latest;
}

/** The task an enterprise's approval has (or had), if any. */
export async function approvalTaskId(
  db: Db,
  enterpriseId: string,
  approval: string,
): Promise<string | undefined> {
  const out = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.approvalSlot(enterpriseId, approval),
      ConsistentRead: true,
    }),
  );
  return typeof out.Item?.taskId === 'string' ? out.Item.taskId : undefined;
}

/**
 * An approval's task, written with its slot: only if the slot is empty (or still names `replacing`, a task no
 * longer open), so two iterations or retries at once open one task, never two.
 */
export function approvalTaskItems(db: Db, task: Task, replacing?: string): Guarded[] {
  const approval = task.approval as string;
  const key = keys.approvalSlot(task.enterpriseId, approval);
  const slot: Guarded = replacing
    ? {
        entity: 'task',
        id: task.id,
        reason: 'exists',
        item: {
          Update: {
            TableName: db.table,
            Key: key,
            UpdateExpression: 'SET taskId = :id',
            ConditionExpression: 'taskId = :old',
            ExpressionAttributeValues: { ':id': task.id, ':old': replacing },
          },
        },
      }
    : {
        entity: 'task',
        id: task.id,
        reason: 'exists',
        item: putNew(db, { ...key, type: 'ApprovalSlot', taskId: task.id }),
      };
  return [slot, taskItem(db, task)];
}
