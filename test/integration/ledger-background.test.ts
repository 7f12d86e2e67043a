import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { ledgerImportsSettled } from '#shared/ledger/dispatch.ts';
import { previewLedger, rowEnterpriseId } from '#shared/ledger/import.ts';
import { JOB_PACE, runLedgerImport } from '#shared/ledger/job.ts';
import { createStaff } from '#shared/organisation/create.ts';
import { pipelineEnterprises } from '#shared/pipeline/pipeline.ts';
import { readFirstSheet, toXlsx } from '#shared/spreadsheets/workbook.ts';
import { getEnterprise } from '#shared/store/enterprises.ts';
import { getImportBatch, saveImportBatch } from '#shared/store/imports.ts';
import { Client, signIn } from '../support/client.ts';
import { makeZone, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/**
 * Issue 17 item 4: a ledger in the zones' columns, people by name, checked whole in the request and imported in the
 * background with its progress on the batch and its page; nothing imported on any error; a re-run resumes.
 */

type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;
let manager: Client;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const saved = { ...JOB_PACE };

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-11-25T02:00:00Z') });
  zone = await makeZone(stack.deps);
  manager = new Client(stack.url);
  await signIn(manager, zone.manager.email);
  // Small steps, quickly: progress every 10 rows, 40 rows a second (60 rows take about 1.5 s).
  Object.assign(JOB_PACE, { progressEvery: 10, rowsPerSecond: 40 });
}, 60_000);
afterAll(async () => {
  Object.assign(JOB_PACE, saved);
  await ledgerImportsSettled();
  await stack.engine.idle();
  await stack.drop();
});

/** A ledger on the downloaded template's headings: `n` rows in the zone's words, people by name. */
async function ledger(
  prefix: string,
  n: number,
  change: (i: number) => Record<string, string | number> = () => ({}),
) {
  await manager.page('/console/import?lang=zh-CN');
  const res = await manager.request('/console/import/template.xlsx');
  const template = await readFirstSheet(Buffer.from(await res.arrayBuffer()));
  const example = template.rows[0]!.values;
  const rows = Array.from({ length: n }, (_, i) => ({
    ...example,
    序号: i + 1,
    项目名称: `${prefix}${i + 1}号有限公司`,
    首谈部门: zone.departments[0]!.name,
    首谈人: zone.head.name,
    服务专员: zone.officer.name,
    签约日期: '2026-03-01',
    '到位资金（万元）': 100,
    到位日期: '2026-04-15',
    ...change(i),
  }));
  return toXlsx([
    {
      name: '台账',
      columns: template.headers.map((header) => ({ header })),
      rows: rows.map((r) => template.headers.map((h) => (r as Record<string, string | number>)[h] ?? null)),
    },
  ]);
}

async function upload(bytes: Buffer) {
  await manager.page('/console/import');
  return manager.upload('/console/import', {}, [{ field: 'file', name: 'ledger.xlsx', bytes, type: XLSX }]);
}

const named = async (prefix: string) =>
  (await pipelineEnterprises(stack.deps)).filter((e) => e.name.startsWith(prefix));

const by = () => ({ actor: { kind: 'staff' as const, id: zone.manager.id }, channel: 'import' as const });

describe('a ledger imported in the background', () => {
  it('checks every row, then imports 60 rows off the request with progress on the batch and its page', async () => {
    const res = await upload(await ledger('后台', 60));
    const page = await res.text();
    expect(res.status, page.slice(0, 400)).toBe(200);
    expect((page.match(/data-ledger-row=/g) ?? []).length).toBe(60);
    manager.lastHtml = page;
    const confirm = /action="(\/console\/import\/([0-9A-Z]+)\/confirm)"/.exec(page)!;
    const batchId = confirm[2]!;
    const done = await manager.submit(confirm[1]!, {});
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/console/import/${batchId}`);

    // While it runs: the page says x / 60 and refreshes itself; the batch's count goes up in steps of 10.
    const seen = new Set<number>();
    let running = '';
    for (let i = 0; i < 200; i++) {
      const batch = await getImportBatch(stack.deps.db, batchId);
      if (batch?.status === 'imported') break;
      seen.add(batch!.imported);
      if (!running && batch!.imported > 0)
        running = await manager.page(`/console/import/${batchId}?lang=zh-CN`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await ledgerImportsSettled();
    const between = [...seen].filter((n) => n > 0 && n < 60);
    expect(between.length, [...seen].join(',')).toBeGreaterThanOrEqual(2);
    expect(between.every((n) => n % 10 === 0)).toBe(true);
    expect(running).toMatch(/<head>.*<meta http-equiv="refresh" content="3".*<\/head>/s);
    expect(running).toMatch(/正在导入：\d+ \/ 60（\d+%）/);
    expect(running).toMatch(/<progress value="\d+" max="60"/);

    const batch = await getImportBatch(stack.deps.db, batchId);
    expect(batch).toMatchObject({ status: 'imported', imported: 60, rows: 60 });
    const finished = await manager.page(`/console/import/${batchId}`);
    expect(finished).not.toContain('http-equiv="refresh"');
    expect(finished).toContain('导入完成：共 60 个项目');

    await stack.engine.idle();
    const imported = await named('后台');
    expect(imported).toHaveLength(60);
    // In order: row 2 is the first project; each row's enterprise has the id fixed by the batch and the row.
    const first = await getEnterprise(stack.deps.db, rowEnterpriseId(batchId, 2));
    expect(first).toMatchObject({
      name: '后台1号有限公司',
      lead: { departmentId: zone.departments[0]!.id, staffId: zone.head.id },
      serviceOfficerId: zone.officer.id,
      fundsInPlace: 100,
      profile: { fundsOrigin: 'outOfProvince', investorTags: ['china500', 'listed'], landMu: 120.5 },
    });
    // Confirming again changes nothing.
    manager.lastHtml = finished;
    expect((await manager.submit(confirm[1]!, {})).headers.get('location')).toBe(
      `/console/import/${batchId}`,
    );
    await ledgerImportsSettled();
    expect(await named('后台')).toHaveLength(60);
  });

  it('refuses rows naming a project already in the system, so the same ledger imported again imports nothing', async () => {
    // The first test imported 后台1号有限公司…后台60号有限公司; a full-width or spaced spelling is the same project.
    const res = await upload(
      await ledger(
        '后台',
        3,
        (i): Record<string, string> => (i === 2 ? { 项目名称: ' 后台３号有限公司 ' } : {}),
      ),
    );
    expect(res.status).toBe(400);
    const page = await res.text();
    for (const row of [2, 3, 4]) expect(page).toContain(`data-ledger-error="${row}:name"`);
    expect(page).toContain('系统中已有此项目（后台3号有限公司），请勿重复导入');
    expect(page).not.toContain('/confirm');
    expect((await named('后台')).length).toBe(60);
  });

  it('imports nothing when one row is wrong, naming the row and column (people by name)', async () => {
    const res = await upload(
      await ledger(
        '错一行',
        12,
        (i): Record<string, string> =>
          i === 7 ? { 服务专员: '不存在的人' } : i === 3 ? { 资金来源: '火星' } : {},
      ),
    );
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('data-ledger-error="9:officer"');
    expect(page).toContain('该部门没有名为“不存在的人”（或此邮箱）的在职人员');
    expect(page).toContain('data-ledger-error="5:fundsOrigin"');
    expect(page).toContain('没有导入任何项目');
    expect(page).not.toContain('/confirm');
    await ledgerImportsSettled();
    expect(await named('错一行')).toEqual([]);
  });

  it('stops before registering anything when the ledger no longer checks clean in the background', async () => {
    const service = zone.departments[1]!;
    const bytes = await ledger('变了', 5, () => ({
      服务部门: service.name,
      服务专员: zone.otherOfficer.name,
    }));
    const check = await previewLedger(stack.deps, { name: 'l.xlsx', bytes }, by());
    const batch = check.batch!;
    // Confirmed; then, before the job runs, a second 孙悦 joins the service department: the name is ambiguous.
    await saveImportBatch(stack.deps.db, batch, {
      ...batch,
      status: 'importing',
      confirmedBy: zone.manager.id,
    });
    const namesake = await createStaff(
      stack.deps,
      {
        name: zone.otherOfficer.name,
        email: 'sun.yue2@zone.example.cn',
        role: 'officer',
        departmentId: service.id,
      },
      system,
    );
    const after = await runLedgerImport(stack.deps, { batchId: batch.id });
    expect(after).toMatchObject({ status: 'failed', failure: 'rejected', imported: 0 });
    expect(after?.problems?.map((p) => `${p.row}:${p.column}:${p.message}`)).toEqual(
      [2, 3, 4, 5, 6].map((row) => `${row}:officer:ledger.person.ambiguous`),
    );
    expect(await named('变了')).toEqual([]);
    const page = await manager.page(`/console/import/${batch.id}?lang=zh-CN`);
    expect(page).toContain('导入中断：导入前复查台账时发现错误');
    expect(page).toContain('data-ledger-error="2:officer"');
    expect(page).toContain(`该部门有多位同名人员（${zone.otherOfficer.email}, ${namesake.email}）`);
    expect(page).toContain('从中断处继续导入');
  });

  it('resumes a run that stopped part-way: after the rows recorded, without duplicates', async () => {
    const bytes = await ledger('续跑', 25);
    const check = await previewLedger(stack.deps, { name: 'l.xlsx', bytes }, by());
    const batch = check.batch!;
    // As if a run registered 13 rows and recorded 10 before its function stopped.
    for (const row of check.rows.slice(0, 13)) {
      await registerEnterprise(stack.deps, row.input, by(), {
        progress: row.progress,
        id: rowEnterpriseId(batch.id, row.row),
      });
    }
    await saveImportBatch(stack.deps.db, batch, {
      ...batch,
      status: 'importing',
      confirmedBy: zone.manager.id,
      imported: 10,
      updatedAt: stack.clock.now().toISOString(),
    });
    // The page shows where it is; the run has not stalled yet.
    const progress = await manager.page(`/console/import/${batch.id}`);
    expect(progress).toMatch(/正在导入：10 \/ 25（40%）/);
    expect(progress).toContain('http-equiv="refresh"');
    // The reader may turn the refreshing off (a time limit they can turn off).
    expect(progress).toContain(`href="/console/import/${batch.id}?refresh=off"`);
    const still = await manager.page(`/console/import/${batch.id}?refresh=off`);
    expect(still).not.toContain('http-equiv="refresh"');
    expect(still).toMatch(/正在导入：10 \/ 25（40%）/);
    const after = await runLedgerImport(stack.deps, { batchId: batch.id });
    expect(after).toMatchObject({ status: 'imported', imported: 25 });
    const names = (await named('续跑')).map((e) => e.name);
    expect(names).toHaveLength(25);
    expect(new Set(names).size).toBe(25);
  });

  it('records an error as failed, and continues from the import page when asked', async () => {
    const bytes = await ledger('断点', 15);
    const check = await previewLedger(stack.deps, { name: 'l.xlsx', bytes }, by());
    const batch = check.batch!;
    await saveImportBatch(stack.deps.db, batch, {
      ...batch,
      status: 'importing',
      confirmedBy: zone.manager.id,
    });
    const get = vi.spyOn(stack.deps.files, 'get').mockRejectedValueOnce(new Error('storage unavailable'));
    await expect(runLedgerImport(stack.deps, { batchId: batch.id })).rejects.toThrow('storage unavailable');
    get.mockRestore();
    expect(await getImportBatch(stack.deps.db, batch.id)).toMatchObject({
      status: 'failed',
      failure: 'error',
    });
    const page = await manager.page(`/console/import/${batch.id}?lang=zh-CN`);
    expect(page).toContain('导入中断：系统出错');
    const res = await manager.submit(`/console/import/${batch.id}/confirm`, {});
    expect(res.status).toBe(303);
    await ledgerImportsSettled();
    expect(await getImportBatch(stack.deps.db, batch.id)).toMatchObject({ status: 'imported', imported: 15 });
    expect(await named('断点')).toHaveLength(15);
  });
});

describe('the 台账 export', () => {
  it('exports in the import’s columns and words, people by name, and the export checks clean again', async () => {
    const res = await manager.request('/console/import/ledger.xlsx?lang=zh-CN');
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const sheet = await readFirstSheet(bytes);
    expect(sheet.headers.slice(0, 5)).toEqual(['序号', '项目名称', '投资方', '项目类型', '行业']);
    const row = sheet.rows.find((r) => r.values.项目名称 === '后台1号有限公司')!.values;
    expect(row).toMatchObject({
      首谈部门: zone.departments[0]!.name,
      首谈人: zone.head.name,
      服务部门: zone.departments[0]!.name,
      服务专员: zone.officer.name,
      资金来源: '省外',
      投资方类型: '中国500强、上市公司',
      '总投资（万元）': '50000',
      '用地（亩）': '120.5',
    });
    // The exported file, uploaded, reads clean but for one thing: each project is already in the system, so it is
    // refused, row by row, rather than imported a second time.
    const again = await upload(bytes);
    const page = await again.text();
    expect(again.status, page.slice(0, 400)).toBe(400);
    const problems = [...page.matchAll(/data-ledger-error="(\d+):([a-zA-Z]*)"/g)];
    expect(problems.length).toBe(sheet.rows.length);
    expect(problems.every((m) => m[2] === 'name')).toBe(true);
    expect(page).toContain('系统中已有此项目（后台1号有限公司）');
    expect(page).not.toContain('/confirm');
  });
});
