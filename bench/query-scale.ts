import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { bulkSeed } from '#local/bulk-seed.ts';
import { ensureTable } from '#local/dynamodb.ts';
import { systemClock } from '#shared/clock/clock.ts';
import { createDepartment, createStaff } from '#shared/organisation/create.ts';
import { isOnBoard, openItems } from '#shared/store/board.ts';
import { createDb, type Db } from '#shared/store/db.ts';
import { getEnterpriseFile, isInEnterpriseFile } from '#shared/store/enterprises.ts';
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

/**
 * The scan-and-filter baseline: read the whole table once and keep what each query wants. A Scan reads (and is
 * billed for) every item whatever its filter, so one timed pass is the baseline of all three queries.
 */
async function scanOnce(db: Db, wanted: Record<string, (item: Record<string, unknown>) => boolean>) {
  let units = 0;
  const found = Object.fromEntries(Object.keys(wanted).map((k) => [k, 0]));
  const t0 = performance.now();
  // A parallel scan (four segments at once), as AWS advises for large tables: the fastest a scan gets.
  const SEGMENTS = 4;
  await Promise.all(
    Array.from({ length: SEGMENTS }, async (_, segment) => {
      let start: Record<string, unknown> | undefined;
      do {
        const out = await db.doc.send(
          new ScanCommand({
            TableName: db.table,
            Segment: segment,
            TotalSegments: SEGMENTS,
            ExclusiveStartKey: start,
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        units += out.ConsumedCapacity?.CapacityUnits ?? 0;
        for (const item of out.Items ?? [])
          for (const [k, f] of Object.entries(wanted)) if (f(item)) found[k]! += 1;
        start = out.LastEvaluatedKey;
      } while (start);
    }),
  );
  return { units, found, ms: performance.now() - t0 };
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
  const dept = await timed(runs, () => openItems(db, { kind: 'department', id: department }, { limit: 50 }));
  const enterpriseId = zone.value.items[0]!.enterpriseId;
  const file = await timed(runs, () => getEnterpriseFile(db, enterpriseId));
  progress('query scale: index queries measured; scanning the whole table once for the baseline');
  const scan = await scanOnce(db, {
    zone: (i) => isOnBoard(i, { kind: 'zone' }),
    department: (i) => isOnBoard(i, { kind: 'department', id: department }),
    enterprise: (i) => isInEnterpriseFile(i, enterpriseId),
  });
  figures.push(
    {
      query: 'overdue board, zone, first page (50)',
      returned: zone.value.items.length,
      readUnits: zone.value.readUnits,
      medianMs: zone.ms,
      scanReadUnits: scan.units,
      scanMs: scan.ms,
      scanReturned: scan.found.zone ?? 0,
    },
    {
      query: 'overdue board, one department, first page (50)',
      returned: dept.value.items.length,
      readUnits: dept.value.readUnits,
      medianMs: dept.ms,
      scanReadUnits: scan.units,
      scanMs: scan.ms,
      scanReturned: scan.found.department ?? 0,
    },
    {
      query: 'enterprise page (all its items)',
      returned:
        1 +
        (file.value?.tasks.length ?? 0) +
        (file.value?.needs.length ?? 0) +
        (file.value?.timeline.length ?? 0),
      readUnits: file.value?.readUnits ?? 0,
      medianMs: file.ms,
      scanReadUnits: scan.units,
      scanMs: scan.ms,
      scanReturned: scan.found.enterprise ?? 0,
    },
  );
  progress(`query scale: scan baseline measured (${Math.round(scan.ms / 1000)} s)`);
  db.doc.destroy();
  return { items: seeded.items, openItems: seeded.openItems, seedSeconds, figures };
}
