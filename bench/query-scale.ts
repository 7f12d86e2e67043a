import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { bulkSeed } from '#infra/local/bulk-seed.ts';
import { ensureTable } from '#infra/local/dynamodb.ts';
import { systemClock } from '#shared/clock/clock.ts';
import { createDepartment, createStaff } from '#shared/organisation/create.ts';
import { openItems } from '#shared/store/board.ts';
import { createDb, type Db } from '#shared/store/db.ts';
import { getEnterpriseFile } from '#shared/store/enterprises.ts';
import { listStaff } from '#shared/store/organisation.ts';

export interface QueryFigure {
  query: string;
  returned: number;
  readUnits: number;
  medianMs: number;
  scanReadUnits: number;
  scanMs: number;
  scanReturned: number;
}

const system = { actor: { kind: 'system' as const }, channel: 'system' as const };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function timed<T>(runs: number, f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = await f();
    times.push(performance.now() - t0);
  }
  return { value, ms: median(times) };
}

/** Read the whole table and keep what matches: the baseline the indexes avoid. */
async function scan(db: Db, names: Record<string, string>, values: Record<string, unknown>, filter: string) {
  let units = 0;
  let found = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(
      new ScanCommand({
        TableName: db.table,
        FilterExpression: filter,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
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

/**
 * A zone of `enterprises` enterprises with 20 items each (tasks, needs), then the board's first page (zone and a
 * department) and one enterprise page: read units and latency, against scan-and-filter on the same data.
 */
export async function queryScale(
  dynamoEndpoint: string,
  enterprises: number,
  progress: (line: string) => void,
): Promise<{ items: number; openItems: number; seedSeconds: number; figures: QueryFigure[] }> {
  const table = `bench-scale-${Date.now()}`;
  await ensureTable(dynamoEndpoint, table);
  const db = createDb({ table, region: 'local', endpoint: dynamoEndpoint });
  const deps = { db, clock: systemClock };
  const departments = [];
  for (let d = 0; d < 5; d++)
    departments.push(await createDepartment(deps, { name: `招商${d + 1}局` }, system));
  for (let s = 0; s < 50; s++) {
    const d = departments[s % 5]!;
    await createStaff(
      deps,
      { name: `专员${s}`, email: `officer${s}@bench.example.cn`, role: 'officer', departmentId: d.id },
      system,
    );
  }
  const t0 = performance.now();
  let shown = 0;
  const seeded = await bulkSeed(
    db,
    await listStaff(db),
    { enterprises, closedTasks: 9, needs: 9, openEvery: 3 },
    new Date(),
    (written, total) => {
      const tenth = Math.floor((written / total) * 10);
      if (tenth > shown) {
        shown = tenth;
        progress(`query scale: seeding ${written.toLocaleString()} / ${total.toLocaleString()} items`);
      }
    },
  );
  const seedSeconds = (performance.now() - t0) / 1000;
  const department = departments[0]!.id;
  const runs = 15;
  const figures: QueryFigure[] = [];

  const zone = await timed(runs, () => openItems(db, { kind: 'zone' }, { limit: 50 }));
  const zoneScan = await timed(1, () => scan(db, { '#k': 'GSI1PK' }, { ':v': 'OPEN' }, '#k = :v'));
  figures.push({
    query: 'overdue board, zone, first page (50)',
    returned: zone.value.items.length,
    readUnits: zone.value.readUnits,
    medianMs: zone.ms,
    scanReadUnits: zoneScan.value.units,
    scanMs: zoneScan.ms,
    scanReturned: zoneScan.value.found,
  });
  progress('query scale: zone board measured');
  const dept = await timed(runs, () => openItems(db, { kind: 'department', id: department }, { limit: 50 }));
  const deptScan = await timed(1, () =>
    scan(db, { '#k': 'GSI2PK' }, { ':v': `DEPT#${department}#OPEN` }, '#k = :v'),
  );
  figures.push({
    query: 'overdue board, one department, first page (50)',
    returned: dept.value.items.length,
    readUnits: dept.value.readUnits,
    medianMs: dept.ms,
    scanReadUnits: deptScan.value.units,
    scanMs: deptScan.ms,
    scanReturned: deptScan.value.found,
  });
  progress('query scale: department board measured');
  const enterpriseId = zone.value.items[0]!.enterpriseId;
  const file = await timed(runs, () => getEnterpriseFile(db, enterpriseId));
  const fileScan = await timed(1, () => scan(db, { '#k': 'PK' }, { ':v': `ENT#${enterpriseId}` }, '#k = :v'));
  figures.push({
    query: 'enterprise page (all its items)',
    returned:
      1 +
      (file.value?.tasks.length ?? 0) +
      (file.value?.needs.length ?? 0) +
      (file.value?.timeline.length ?? 0),
    readUnits: file.value?.readUnits ?? 0,
    medianMs: file.ms,
    scanReadUnits: fileScan.value.units,
    scanMs: fileScan.ms,
    scanReturned: fileScan.value.found,
  });
  progress('query scale: enterprise page measured');
  db.doc.destroy();
  return { items: seeded.items, openItems: seeded.openItems, seedSeconds, figures };
}
