import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { decideFundsReport } from '#shared/funds/decide.ts';
import { reportFunds } from '#shared/funds/report.ts';
import { ledgerImportsSettled } from '#shared/ledger/dispatch.ts';
import { previewLedger, rowEnterpriseId } from '#shared/ledger/import.ts';
import { runLedgerImport } from '#shared/ledger/job.ts';
import { reportOnTask } from '#shared/lifecycle/complete.ts';
import { metricTotals } from '#shared/metrics/metrics.ts';
import { createNeed } from '#shared/needs/create.ts';
import { handOverNeed } from '#shared/needs/hand-over.ts';
import { pipelineEnterprises } from '#shared/pipeline/pipeline.ts';
import { monthsOf } from '#shared/scoreboard/periods.ts';
import { readFirstSheet, toXlsx } from '#shared/spreadsheets/workbook.ts';
import { allOpenItemsOf } from '#shared/store/board.ts';
import { enterpriseIdsServedBy, getEnterpriseFile } from '#shared/store/enterprises.ts';
import { getImportBatch, saveImportBatch } from '#shared/store/imports.ts';
import { getStaff } from '#shared/store/organisation.ts';
import { getScores, ZERO_SCORES } from '#shared/store/scores.ts';
import { openTasksOf } from '#shared/store/tasks.ts';
import { Client, outbox, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;
let manager: Client;

// Mon 15 June 2026, 10:00 in Shanghai: the first half of the year.
const START = new Date('2026-06-15T02:00:00Z');

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
  manager = new Client(stack.url);
  await signIn(manager, zone.manager.email);
}, 60_000);
afterAll(async () => stack.drop());

async function download(client: Client, path: string) {
  const res = await client.request(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.xlsx"$/);
  return readFirstSheet(Buffer.from(await res.arrayBuffer()));
}

/** A download's first sheet, and the names of all its sheets. */
async function downloadAll(client: Client, path: string) {
  const res = await client.request(path);
  expect(res.status, path).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return { first: await readFirstSheet(bytes), names: workbook.worksheets.map((w) => w.name) };
}

describe('the department scoreboard', () => {
  it('counts projects brought in, contracted investment, funds and tasks in the same writes as the changes', async () => {
    const [lead] = zone.departments;
    const e = await registerEnterprise(
      stack.deps,
      registration(zone, { signedAt: '2026-03-02', contractedInvestment: 600, planned: {} }),
      system,
    );
    await stack.engine.idle();
    const [task] = await openTasksOf(stack.deps.db, e.id);
    const today = stack.deps.calendar.localDate(stack.clock.now());
    await reportOnTask(
      stack.deps,
      { enterpriseId: e.id, taskId: task!.id },
      { outcome: 'milestone', actualDate: today },
      { channel: 'web' },
    );
    // Funds in place come with their evidence (到位资金报送) and count once the lead department's head verifies.
    const funds = await reportFunds(
      stack.deps,
      e,
      { kind: 'funds', amount: 250, evidenceDate: today },
      { actor: { kind: 'staff', id: zone.officer.id }, channel: 'web' },
      [{ name: '回单.pdf', bytes: Buffer.from('%PDF-1.4') }],
    );
    await decideFundsReport(
      stack.deps,
      { enterpriseId: e.id, reportId: funds.id },
      { decision: 'verify' },
      { actor: { kind: 'staff', id: zone.head.id }, channel: 'web' },
    );
    await stack.engine.idle();
    // Per month: the signing in March (signed 2 March), the funds and the task done in June (today).
    const scores = await getScores(stack.deps.db, [lead!.id], monthsOf(2026));
    expect([...scores.keys()].sort()).toEqual([`${lead!.id}|2026-03`, `${lead!.id}|2026-06`]);
    expect(scores.get(`${lead!.id}|2026-03`)).toEqual({ ...ZERO_SCORES, broughtIn: 1, contracted: 600 });
    expect(scores.get(`${lead!.id}|2026-06`)).toEqual({
      ...ZERO_SCORES,
      fundsArrived: 250,
      tasksCompleted: 1,
      tasksOnTime: 1,
    });
    // The same events, as business metrics (CloudWatch EMF on AWS; in-memory totals here).
    expect(metricTotals()).toMatchObject({ TaskOpened: expect.any(Number), TaskCompleted: 1 });
    expect(metricTotals().TaskOpened).toBeGreaterThanOrEqual(2);
  });

  it('lets a manager set targets per indicator, then shows 双过半 and 序时进度 for each, and exports them', async () => {
    const [lead] = zone.departments;
    let page = await manager.page('/console/scoreboard');
    expect(page).toContain('<svg');
    expect(page).toContain('未设目标');
    // One line says how it is computed.
    expect(page).toContain('“双过半”按每项指标分别判断');
    // Bad input: field errors, nothing saved.
    const bad = await manager.submit('/console/scoreboard/targets', {
      departmentId: lead!.id,
      year: '2026',
      'values.contracted': '-5',
      'values.fundsArrived': 'abc',
    });
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain('id="f-values-contracted-error"');
    expect(badPage).toContain('id="f-values-fundsArrived-error"');
    expect(
      (await manager.page('/console/scoreboard?year=2026'))
        .match(/data-figure="halfway">([^<]*)</g)
        ?.every((m) => m.includes('未设目标')),
    ).toBe(true);
    const saved = await manager.submit('/console/scoreboard/targets', {
      departmentId: lead!.id,
      year: '2026',
      'values.contracted': '1000',
      'values.fundsArrived': '600',
      'values.broughtIn': '',
    });
    expect(saved.status).toBe(303);
    page = await manager.page('/console/scoreboard?year=2026&month=6&rank=fundsArrived');
    // The zone has a target only where every department has one: none yet, the other department has set none.
    expect(/data-indicators="zone">.*?data-indicator="contracted">(.*?)<\/tr>/s.exec(page)?.[1]).toContain(
      '未设目标',
    );
    await manager.page('/console/scoreboard');
    const other = await manager.submit('/console/scoreboard/targets', {
      departmentId: zone.departments[1]!.id,
      year: '2026',
      'values.contracted': '0',
      'values.fundsArrived': '0',
    });
    expect(other.status).toBe(303);
    page = await manager.page('/console/scoreboard?year=2026&month=6&rank=fundsArrived');
    // The zone's table (its targets: the lead's and zero): each indicator judged on its own, on 15 June (June open).
    const zoneTable = /data-indicators="zone">(.*?)<\/table>/s.exec(page)?.[1] ?? '';
    const line = (key: string) =>
      new RegExp(`data-indicator="${key}">(.*?)</tr>`, 's').exec(zoneTable)?.[1] ?? '';
    expect(line('contracted')).toContain('已过半'); // 600 of 1,000
    expect(line('contracted')).toContain('超序时'); // 600 against 500 by June
    expect(line('fundsArrived')).toContain('进行中'); // 250 of 600: not yet half, June not closed
    expect(line('fundsArrived')).toContain('滞后'); // 250 against 300 by June
    expect(line('broughtIn')).toContain('未设目标');
    // The ranking by funds, and the month-by-month view of funds.
    expect(page).toContain(`data-ranking="fundsArrived"`);
    expect(/data-monthly="fundsArrived">.*?data-month="2026-06">(.*?)<\/tr>/s.exec(page)?.[1]).toContain(
      '250',
    );

    const workbook = await downloadAll(manager, '/console/scoreboard.xlsx?year=2026&month=6');
    const sheet = workbook.first;
    expect(sheet.headers.slice(0, 4)).toEqual(['部门', '指标', '单位', '年度目标']);
    const leadRow = (indicator: string) =>
      sheet.rows.find((r) => r.values.部门 === lead!.name && r.values.指标 === indicator)?.values;
    expect(leadRow('合同投资额')).toMatchObject({
      年度目标: '1000',
      累计完成: '600',
      完成率: '60',
      '“双过半”': '已过半',
    });
    expect(leadRow('到位资金')).toMatchObject({ 年度目标: '600', 累计完成: '250', 序时进度: '滞后' });
    expect(sheet.rows.at(-1)?.values.部门).toBe('全区合计');
    expect(workbook.names).toHaveLength(3);
  });

  it('is for heads and managers; only managers set targets', async () => {
    const head = new Client(stack.url);
    await signIn(head, zone.head.email);
    expect(await head.page('/console/scoreboard')).not.toContain('/console/scoreboard/targets');
    const refused = await head.submit('/console/scoreboard/targets', {
      departmentId: zone.departments[0]!.id,
      year: '2026',
      'values.contracted': '1',
    });
    expect(refused.status).toBe(403);
    expect((await head.submit('/console/scoreboard/usd-rate', { year: '2026', usdRate: '7.1' })).status).toBe(
      403,
    );
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    expect((await officer.request('/console/scoreboard')).status).toBe(403);
    expect((await officer.request('/console/scoreboard.xlsx')).status).toBe(403);
  });
});

describe('exports', () => {
  it('downloads the board and the pipeline as .xlsx in the reader’s language', async () => {
    const board = await download(manager, '/console/board.xlsx?lang=en');
    expect(board.headers).toContain('Working days overdue');
    expect(board.rows.length).toBeGreaterThan(0);
    // The language chosen stays chosen (a cookie), for downloads too.
    const pipeline = await download(manager, '/console/pipeline.xlsx');
    // A row per stage, from talks (在谈) to 纳统.
    expect(pipeline.rows.map((r) => r.values.Enterprises)).toEqual([
      '0',
      '0',
      '1',
      '0',
      '0',
      '0',
      '0',
      '0',
      '0',
    ]);
  });
});

describe('importing a project ledger', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

  /** A ledger built on the downloaded template's headings, with the given rows (by heading). */
  async function ledger(rows: Record<string, string | number>[]) {
    const template = await download(manager, '/console/import/template.xlsx');
    const example = template.rows[0]!.values;
    return toXlsx([
      {
        name: '台账',
        columns: template.headers.map((header) => ({ header })),
        rows: rows.map((r) => template.headers.map((h) => (h in r ? r[h] : (example[h] ?? null)) as string)),
      },
    ]);
  }

  async function upload(bytes: Buffer, name = 'ledger.xlsx', type = XLSX) {
    await manager.page('/console/import');
    return manager.upload('/console/import', {}, [{ field: 'file', name, bytes, type }]);
  }

  beforeAll(async () => {
    await manager.page('/console/import?lang=zh-CN');
  });

  const officerEmail = () => zone.officer.email;
  const rows = (): Record<string, string | number>[] => [
    {
      项目名称: '导入一号科技有限公司',
      服务专员: officerEmail(),
      签约日期: '2026-03-01',
      '已注册（计划日期）': '2026-05-10',
      '已注册（实际日期）': '2026-05-08',
      '到位资金（万元）': 100,
    },
    { 项目名称: '导入二号材料有限公司', 服务专员: officerEmail(), 签约日期: '2026-03-01' },
    {
      项目名称: '导入三号生物有限公司',
      服务专员: officerEmail(),
      签约日期: '2026-03-01',
      '已注册（实际日期）': '2026-04-01',
      '已落实场地（实际日期）': '2026-05-01',
    },
  ];

  it('reports every problem row by row and imports nothing when any row is wrong', async () => {
    const before = await pipelineCount();
    const bad = rows();
    bad[0]!.服务专员 = 'nobody@zone.example.cn';
    bad[1]!.签约日期 = '2026-13-01';
    bad[2]!['已落实场地（实际日期）'] = '';
    bad[2]!['已开工（实际日期）'] = '2026-05-02';
    const res = await upload(await ledger(bad));
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('data-ledger-error="2:officer"');
    expect(page).toContain('data-ledger-error="3:signedAt"');
    expect(page).toContain('data-ledger-error="4:actual.constructionStarted"');
    expect(page).toContain('没有导入任何项目');
    expect(page).not.toContain('/confirm');
    expect(await pipelineCount()).toBe(before);
  });

  it('refuses a file that is not a spreadsheet', async () => {
    const res = await upload(Buffer.from('name,investor\n'), 'ledger.csv', 'text/csv');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('不是可读取的 .xlsx 文件');
  });

  it('previews a good ledger, imports it on confirmation with stages, funds and lifecycles, once', async () => {
    const before = await pipelineCount();
    const res = await upload(await ledger(rows()));
    const page = await res.text();
    expect(res.status, page.slice(0, 500)).toBe(200);
    expect((page.match(/data-ledger-row=/g) ?? []).length).toBe(3);
    expect(await pipelineCount()).toBe(before); // a preview stores nothing but the file
    manager.lastHtml = page;
    const confirm = /action="(\/console\/import\/[0-9A-Z]+\/confirm)"/.exec(page)![1]!;
    const done = await manager.submit(confirm, {});
    expect(done.status).toBe(303);
    const batchId = /\/console\/import\/([0-9A-Z]+)\/confirm/.exec(confirm)![1]!;
    expect(done.headers.get('location')).toBe(`/console/import/${batchId}`);
    // Imported in the background: its page shows the result once it has run.
    await ledgerImportsSettled();
    expect(await manager.page(`/console/import/${batchId}`)).toContain('导入完成：共 3 个项目');
    await stack.engine.idle();
    expect(await pipelineCount()).toBe(before + 3);
    const imported = (await pipelineEnterprises(stack.deps)).filter((e) => e.name.startsWith('导入'));
    expect(Object.fromEntries(imported.map((e) => [e.name, [e.stage, e.fundsInPlace]]))).toEqual({
      导入一号科技有限公司: ['registered', 100],
      导入二号材料有限公司: ['signed', 0],
      导入三号生物有限公司: ['siteSecured', 0],
    });
    // One task each; the project whose site is secured has its five approvals open, in parallel.
    for (const e of imported)
      expect(await openTasksOf(stack.deps.db, e.id)).toHaveLength(e.stage === 'siteSecured' ? 5 : 1);
    // Funds already in place start the enterprise's funds-over-time line.
    const first = imported.find((e) => e.name === '导入一号科技有限公司')!;
    const enterprisePage = await manager.page(`/console/enterprises/${first.id}`);
    expect(enterprisePage).toMatch(/data-funds="2026-05-08"><td>2026-05-08<\/td><td>100<\/td>/);
    expect(enterprisePage).toContain('到位资金随时间变化');
    // Confirming again (a double click, a retry) adds nothing.
    const again = await manager.submit(confirm, {});
    expect(again.headers.get('location')).toBe(`/console/import/${batchId}`);
    await ledgerImportsSettled();
    expect(await pipelineCount()).toBe(before + 3);
  });

  it('finishes an import that failed part-way, without duplicates', async () => {
    const bytes = await ledger(
      ['续导甲有限公司', '续导乙有限公司'].map((name) => ({ 项目名称: name, 服务专员: officerEmail() })),
    );
    const by = { actor: { kind: 'staff' as const, id: zone.manager.id }, channel: 'import' as const };
    const check = await previewLedger(stack.deps, { name: 'l.xlsx', bytes }, by);
    // As if the first run stopped after the first row.
    const first = check.rows[0]!;
    await registerEnterprise(stack.deps, first.input, by, {
      progress: first.progress,
      id: rowEnterpriseId(check.batch!.id, first.row),
    });
    const batch = check.batch!;
    await saveImportBatch(stack.deps.db, batch, {
      ...batch,
      status: 'importing',
      confirmedBy: zone.manager.id,
    });
    const outcome = await runLedgerImport(stack.deps, { batchId: batch.id });
    expect(outcome).toMatchObject({ status: 'imported', imported: 2 });
    expect(await getImportBatch(stack.deps.db, batch.id)).toMatchObject({ status: 'imported' });
    await stack.engine.idle();
    const names = (await pipelineEnterprises(stack.deps))
      .map((e) => e.name)
      .filter((n) => n.startsWith('续导'));
    expect(names.sort()).toEqual(['续导乙有限公司', '续导甲有限公司']);
  });
});

async function pipelineCount() {
  return (await pipelineEnterprises(stack.deps)).length;
}

describe('substitutes and hand-overs', () => {
  it('sends an away officer’s new tasks and needs to the substitute they named, and back after', async () => {
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    await officer.page('/console/me');
    const today = stack.deps.calendar.localDate(stack.clock.now());
    const bad = await officer.submit('/console/me/away', {
      from: today,
      to: '2026-01-01',
      substituteId: zone.otherOfficer.id,
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="f-to-error"');
    expect((await getStaff(stack.deps.db, zone.officer.id))?.away).toBeUndefined();

    const ok = await officer.submit('/console/me/away', {
      from: today,
      to: stack.deps.calendar.addWorkingDays(today, 5),
      substituteId: zone.otherOfficer.id,
    });
    expect(ok.status).toBe(303);
    const e = await registerEnterprise(
      stack.deps,
      registration(zone, { name: '代理期间签约有限公司' }),
      system,
    );
    await stack.engine.idle();
    const [task] = await openTasksOf(stack.deps.db, e.id);
    expect(task?.officerId).toBe(zone.otherOfficer.id);
    expect((await outbox(stack.url)).find((m) => m.subject.includes('代理期间签约'))?.to).toEqual([
      zone.otherOfficer.email,
    ]);
    // A need with no route is the coordinator's (the first active manager, not away), not the service officer's.
    const need = await createNeed(stack.deps, e, needInput, system);
    expect(need.ownerId).toBe(zone.manager.id);

    // Back from leave: the next enterprise's task is the officer's own again.
    await officer.page('/console/me');
    expect((await officer.submit('/console/me/away', {})).status).toBe(303);
    const back = await registerEnterprise(
      stack.deps,
      registration(zone, { name: '返岗后签约有限公司' }),
      system,
    );
    await stack.engine.idle();
    expect((await openTasksOf(stack.deps.db, back.id))[0]?.officerId).toBe(zone.officer.id);
  });

  it('hands all of one officer’s work to another, each new owner emailed, every move audited', async () => {
    const e = await registerEnterprise(stack.deps, registration(zone, { name: '交接测试有限公司' }), system);
    await stack.engine.idle();
    // The officer holds a need too: with no route it reached the coordinator, who gave it to them.
    const need = await createNeed(stack.deps, e, needInput, system);
    await handOverNeed(stack.deps, { enterpriseId: e.id, needId: need.id }, zone.officer, system);
    await stack.engine.idle();
    const before = await allOpenItemsOf(stack.deps.db, zone.officer.id);
    expect(before.length).toBeGreaterThanOrEqual(3);
    const served = await enterpriseIdsServedBy(stack.deps.db, zone.officer.id);

    // A head may hand over only within the department.
    const head = new Client(stack.url);
    await signIn(head, zone.head.email);
    await head.page('/console/staff');
    const refused = await head.submit('/console/staff/hand-over', {
      fromId: zone.officer.id,
      toId: zone.otherOfficer.id,
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('id="f-toId-error"');
    expect(await allOpenItemsOf(stack.deps.db, zone.officer.id)).toHaveLength(before.length);

    const sent = (await outbox(stack.url)).length;
    await manager.page('/console/staff');
    const res = await manager.submit('/console/staff/hand-over', {
      fromId: zone.officer.id,
      toId: zone.otherOfficer.id,
    });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!, stack.url);
    expect(location.searchParams.get('enterprises')).toBe(String(served.length));
    await stack.engine.idle();
    expect(await allOpenItemsOf(stack.deps.db, zone.officer.id)).toEqual([]);
    expect(await enterpriseIdsServedBy(stack.deps.db, zone.officer.id)).toEqual([]);
    const after = await allOpenItemsOf(stack.deps.db, zone.otherOfficer.id);
    for (const item of before) expect(after.map((a) => a.id)).toContain(item.id);
    const mails = (await outbox(stack.url)).slice(0, (await outbox(stack.url)).length - sent);
    expect(mails.length).toBeGreaterThanOrEqual(before.length);
    expect(mails.every((m) => m.to.includes(zone.otherOfficer.email))).toBe(true);
    const file = await getEnterpriseFile(stack.deps.db, e.id);
    const actions = file!.timeline.map((a) => a.action);
    expect(actions).toContain('enterprise.reassigned');
    expect(actions).toContain('need.handedOver');
    // The board of the person who left, as a manager sees it: empty.
    expect(await manager.page(`/console?officer=${zone.officer.id}`)).toContain('data-empty');
  });
});

const needInput = {
  category: 'permits',
  title: '施工许可咨询',
  description: '请协助办理施工许可。',
  contactName: '沈一鸣',
  contactPhone: '13800138001',
};

describe('a need on an enterprise’s behalf', () => {
  it('shows an officer what was wrong with the form, keeping what they typed, and stores nothing', async () => {
    const e = await registerEnterprise(stack.deps, registration(zone), system);
    await stack.engine.idle();
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    const shown = await officer.request(`/console/enterprises/${e.id}`);
    expect(shown.status).toBe(200);
    officer.lastHtml = await shown.text();
    const res = await officer.submit(`/console/enterprises/${e.id}/need`, {
      category: 'land',
      title: '',
      description: '需要一块 20 亩的工业用地',
    });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('class="field-error"');
    expect(page).toContain('需要一块 20 亩的工业用地');
    expect((await getEnterpriseFile(stack.deps.db, e.id))?.needs).toEqual([]);
  });
});
