import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkSeed } from '#local/bulk-seed.ts';
import { openItems } from '#shared/store/board.ts';
import { getEnterpriseFile } from '#shared/store/enterprises.ts';
import { listStaff } from '#shared/store/organisation.ts';
import { freshDb } from '../support/db.ts';
import { makeZone, manualClock, type Zone } from '../support/fixtures.ts';

type TestDb = Awaited<ReturnType<typeof freshDb>>;
let db: TestDb;
let zone: Zone;
let seeded: { items: number; openItems: number };
const now = new Date('2026-11-25T02:00:00Z');

beforeAll(async () => {
  db = await freshDb();
  zone = await makeZone({ db, clock: manualClock(now.toISOString()) });
  seeded = await bulkSeed(
    db,
    await listStaff(db),
    { enterprises: 1500, closedTasks: 3, needs: 4, openEvery: 2 },
    now,
  );
}, 120_000);
afterAll(async () => db.drop());

/** What reading every item of the table and filtering costs: the baseline the indexes avoid. */
async function scanUnits(filter: Record<string, unknown>): Promise<{ units: number; found: number }> {
  let units = 0;
  let found = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(
      new ScanCommand({
        TableName: db.table,
        FilterExpression: Object.keys(filter)
          .map((_k, i) => `#k${i} = :v${i}`)
          .join(' AND '),
        ExpressionAttributeNames: Object.fromEntries(Object.keys(filter).map((k, i) => [`#k${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(Object.values(filter).map((v, i) => [`:v${i}`, v])),
        ExclusiveStartKey: start,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    units += out.ConsumedCapacity?.CapacityUnits ?? 0;
    found += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return { units, found };
}

describe('the boards at scale (DynamoDB Local, ReturnConsumedCapacity)', () => {
  it('reads a page for the price of the page, not of the table', async () => {
    expect(seeded.items).toBe(1500 * 9);
    const pages = [];
    for (const limit of [25, 50, 100]) {
      const page = await openItems(db, { kind: 'zone' }, { limit });
      expect(page.items).toHaveLength(limit);
      pages.push(page.readUnits);
    }
    const [u25, u50, u100] = pages as [number, number, number];
    // Each open item is well under 1 KB: a page of 50 costs a handful of read units however large the table.
    expect(u50).toBeLessThanOrEqual(10);
    // Twice the page, about twice the units (rounding to 4 KB steps aside).
    expect(u100 / u50).toBeGreaterThan(1.5);
    expect(u100 / u50).toBeLessThan(2.5);
    expect(u50).toBeGreaterThan(u25);

    const scan = await scanUnits({ GSI1PK: 'OPEN' });
    expect(scan.found).toBe(seeded.openItems);
    // The scan-and-filter baseline pays for the whole table to show the same first page.
    expect(scan.units / u50).toBeGreaterThan(100);
  });

  it('keeps the order (most overdue first) and pages through with a cursor, for a department and an officer', async () => {
    const first = await openItems(db, { kind: 'department', id: zone.officer.departmentId }, { limit: 50 });
    const second = await openItems(
      db,
      { kind: 'department', id: zone.officer.departmentId },
      { limit: 50, cursor: first.next },
    );
    const dues = [...first.items, ...second.items].map((i) => i.dueAt ?? '');
    expect(dues).toEqual([...dues].sort());
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(100);
    expect(second.readUnits).toBeLessThanOrEqual(10);
    const mine = await openItems(db, { kind: 'officer', id: zone.officer.id }, { limit: 50 });
    expect(
      mine.items.every((i) => (i.itemType === 'task' ? i.officerId : i.ownerId) === zone.officer.id),
    ).toBe(true);
    expect(mine.readUnits).toBeLessThanOrEqual(10);
  });

  it('reads one enterprise page from its own partition only', async () => {
    const [item] = (await openItems(db, { kind: 'zone' }, { limit: 1 })).items;
    const file = await getEnterpriseFile(db, item!.enterpriseId);
    expect(file?.tasks).toHaveLength(4);
    expect(file?.needs).toHaveLength(4);
    expect(file!.readUnits).toBeLessThanOrEqual(4);
  });
});
