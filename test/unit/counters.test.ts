import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '#shared/store/db.ts';
import { scoreItems } from '#shared/store/scores.ts';
import { addToCounters } from '#shared/store/stats.ts';
import { type Guarded, putNew, transact } from '#shared/store/write.ts';

type Item = NonNullable<TransactWriteCommand['input']['TransactItems']>[number];

/** A Db that records every request and answers each with `answer` (no DynamoDB). */
function stubDb(answer: (n: number) => unknown = () => ({})) {
  const sent: unknown[] = [];
  const send = vi.fn(async (command: unknown) => {
    const out = answer(sent.length);
    sent.push(command);
    if (out instanceof Error) throw out;
    return out ?? {};
  });
  return { db: { table: 'stub', doc: { send } } as unknown as Db, sent };
}

const transactItems = (command: unknown): Item[] => {
  expect(command).toBeInstanceOf(TransactWriteCommand);
  return (command as TransactWriteCommand).input.TransactItems ?? [];
};
const partitionOf = (i: Item) =>
  String((i.Put?.Item ?? i.Update?.Key ?? i.Delete?.Key ?? i.ConditionCheck?.Key)?.PK);

const db0 = { table: 'stub' } as Db;
const business: Guarded = {
  entity: 'task',
  id: 't1',
  reason: 'exists',
  item: putNew(db0, { PK: 'ENT#e1', SK: 'TASK#t1' }),
};
const counters = (db: Db) => [
  ...scoreItems(db, [
    { departmentId: 'd1', period: '2026-H2', add: { tasksCompleted: 1, tasksOnTime: 1 } },
    { departmentId: 'd1', period: '2026-H2', add: { fundsArrived: 300 } },
    { departmentId: 'd2', period: '2026-H2', add: { fundsArrived: 0 } },
  ]),
  ...addToCounters(db, 'DEPT', 'd1', { opened: 1 }),
  ...addToCounters(db, 'STAFF', 's1', { opened: 1 }),
];

beforeEach(() => {
  vi.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('counters leave the business transaction', () => {
  it('writes one new pending item instead of the counter updates, then applies it after the commit', async () => {
    const { db, sent } = stubDb();
    await transact(db, [business, ...counters(db)]);
    expect(sent).toHaveLength(2);

    const [first, second] = sent.map(transactItems) as [Item[], Item[]];
    expect(first.map(partitionOf).filter((pk) => pk.startsWith('STATS#'))).toEqual([]);
    expect(first).toHaveLength(2);
    const pending = first[1]?.Put;
    expect(pending?.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(pending?.Item?.PK).toBe('COUNTQ');
    expect(String(pending?.Item?.SK)).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z#[0-9A-Z]{26}$/);

    // Applied: every counter's adds in one update per item (zeros left out), and the pending item deleted with them.
    const updates = second.filter((i) => i.Update).map((i) => i.Update);
    expect(updates.map((u) => `${u?.Key?.PK}|${u?.Key?.SK}`).sort()).toEqual([
      'STATS#DEPT#d1|NEEDS',
      'STATS#DEPT#d1|PERIOD#2026-H2',
      'STATS#STAFF#s1|NEEDS',
    ]);
    const scores = updates.find((u) => u?.Key?.SK === 'PERIOD#2026-H2');
    expect(scores?.UpdateExpression).toMatch(/^ADD /);
    expect(Object.values(scores?.ExpressionAttributeValues ?? {}).sort()).toEqual([1, 1, 300]);
    expect(second.filter((i) => i.Delete)).toEqual([
      {
        Delete: {
          TableName: 'stub',
          Key: { PK: 'COUNTQ', SK: pending?.Item?.SK },
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
    ]);
  });

  it('leaves a transaction without counters as it was', async () => {
    const { db, sent } = stubDb();
    await transact(db, [business]);
    expect(sent.map(transactItems)).toEqual([[business.item]]);
  });

  it('retries applying on a TransactionConflict; an already applied item (its delete fails) is not an error', async () => {
    const conflict = new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }, { Code: 'None' }],
    });
    const applied = new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
    });
    const { db, sent } = stubDb((n) => [{}, conflict, conflict, applied][n]);
    await transact(db, [business, ...addToCounters(db, 'DEPT', 'd1', { opened: 1 })]);
    expect(sent).toHaveLength(4);
  });

  it('a business change that committed is not failed by its counters failing: they wait for the sweep', async () => {
    const { db, sent } = stubDb((n) => (n === 0 ? {} : new Error('connection reset')));
    await expect(transact(db, [business, ...counters(db)])).resolves.toBeUndefined();
    expect(sent).toHaveLength(2);
  });
});
