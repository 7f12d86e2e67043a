import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '#shared/domain/ids.ts';
import type { Task } from '#shared/domain/work-item.ts';
import { keys } from '#shared/store/keys.ts';
import { closeTaskItem, getTask, getWaitToken, setWaitToken, taskItem } from '#shared/store/tasks.ts';
import { transact, writeItem } from '#shared/store/write.ts';
import { freshDb } from '../support/db.ts';

let db: Awaited<ReturnType<typeof freshDb>>;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(() => db.drop());

async function openTask(): Promise<Task> {
  const enterpriseId = newId();
  const task: Task = {
    id: newId(),
    enterpriseId,
    enterpriseName: '等待测试有限公司',
    industryChain: '集成电路',
    stage: 'signed',
    kind: 'tracking',
    milestone: 'registered',
    status: 'open',
    officerId: newId(),
    departmentId: newId(),
    dueAt: '2026-12-31T10:00:00.000Z',
    openedAt: '2026-12-01T02:00:00.000Z',
    notified: [],
    version: 1,
  };
  await transact(db, [taskItem(db, task)]);
  return task;
}

const rawTask = async (t: Task) =>
  (await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.task(t.enterpriseId, t.id) }))).Item;

describe('a wait’s task token, kept off the indexed task item', () => {
  it('is stored beside the task: the task item (on three boards) is not written, the token reads back', async () => {
    const task = await openTask();
    const before = await rawTask(task);
    expect(await setWaitToken(db, task.enterpriseId, task.id, 'token-1', task.version)).toBe(true);
    expect(await rawTask(task)).toEqual(before);
    expect(await getWaitToken(db, task.enterpriseId, task.id)).toBe('token-1');
    // The next wait replaces it.
    expect(await setWaitToken(db, task.enterpriseId, task.id, 'token-2', task.version)).toBe(true);
    expect(await getWaitToken(db, task.enterpriseId, task.id)).toBe('token-2');
  });

  it('says false (the wait releases itself) for a task completed or changed since the wait planned, or missing', async () => {
    const task = await openTask();
    expect(await setWaitToken(db, task.enterpriseId, task.id, 'x', task.version + 1)).toBe(false);
    await writeItem(db, closeTaskItem(db, task, { status: 'completed', at: '2026-12-02T02:00:00.000Z' }));
    expect(await setWaitToken(db, task.enterpriseId, task.id, 'y')).toBe(false);
    expect(await setWaitToken(db, task.enterpriseId, newId(), 'z')).toBe(false);
  });

  it('reads a task that still carries a token from before as the task alone', async () => {
    const task = await openTask();
    const raw = (await rawTask(task)) as Record<string, unknown>;
    await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...raw, waitToken: 'old' } }));
    expect(await getTask(db, task.enterpriseId, task.id)).toEqual(task);
    expect(await getWaitToken(db, task.enterpriseId, task.id)).toBeUndefined();
  });
});
