import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { readFirstSheet, toXlsx } from '#shared/spreadsheets/workbook.ts';
import { getEnterprise } from '#shared/store/enterprises.ts';
import { getScores } from '#shared/store/scores.ts';
import { Client, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/**
 * Issue 14, item 8: a department head reads and writes within their department only — registrations (form, API,
 * domain), reassignments, the pipeline and its export, the scoreboard and its export, the needs figures. And (item 4)
 * nobody re-plans the enterprise they serve themselves.
 */
let stack: Awaited<ReturnType<typeof testStack>>;
let zone: Zone;
let own: Enterprise;
let other: Enterprise;
let servedByHead: Enterprise;
const head = new Client('');
const manager = new Client('');

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-11-25T02:00:00Z') });
  zone = await makeZone(stack.deps);
  own = await registerEnterprise(stack.deps, registration(zone, { name: '本部门甲有限公司' }), system);
  other = await registerEnterprise(
    stack.deps,
    registration(zone, {
      name: '他部门乙有限公司',
      serviceOfficerId: zone.otherOfficer.id,
      lead: { departmentId: zone.manager.departmentId, staffId: zone.manager.id },
    }),
    system,
  );
  servedByHead = await registerEnterprise(
    stack.deps,
    registration(zone, { name: '负责人自服丙有限公司', serviceOfficerId: zone.head.id }),
    system,
  );
  await stack.engine.idle();
  Object.assign(head, new Client(stack.url));
  Object.assign(manager, new Client(stack.url));
  await signIn(head, zone.head.email);
  await signIn(manager, zone.manager.email);
}, 60_000);
afterAll(async () => stack.drop());

const FORBIDDEN = '您没有权限访问此页面。';
const [A, B] = [() => zone.departments[0]!.id, () => zone.departments[1]!.id];
const form = (overrides: Record<string, string>) => ({
  name: '越权登记有限公司',
  investor: '越权集团',
  industryChain: '集成电路',
  contractedInvestment: '999999',
  signedAt: '2026-11-20',
  'lead.departmentId': A(),
  'lead.staffId': zone.head.id,
  serviceOfficerId: zone.officer.id,
  'contacts.0.name': '联系人',
  'contacts.0.phone': '13800138001',
  'contacts.0.email': 'scope@ent.example.cn',
  ...overrides,
});
const scoresOf = async (departmentId: string) =>
  (await getScores(stack.deps.db, [departmentId], ['2026-11'])).get(`${departmentId}|2026-11`);

describe('registrations', () => {
  it("a head cannot credit another department's scoreboard or load its officers; nothing is stored", async () => {
    const before = await scoresOf(B());
    await head.page('/console/enterprises/new');
    expect(head.lastHtml).not.toContain(zone.otherOfficer.name);
    const credited = await head.submit(
      '/console/enterprises',
      form({ 'lead.departmentId': B(), 'lead.staffId': zone.manager.id }),
    );
    expect(credited.status).toBe(400);
    expect(await credited.text()).toContain('只能选择本部门');
    await head.page('/console/enterprises/new');
    const served = await head.submit(
      '/console/enterprises',
      form({ serviceOfficerId: zone.otherOfficer.id }),
    );
    expect(served.status).toBe(400);
    expect(await scoresOf(B())).toEqual(before);
  });

  it('the same rule holds for any staff caller of the use case (the API, the ledger import)', async () => {
    const by = { actor: { kind: 'staff' as const, id: zone.head.id }, channel: 'api' as const };
    const input = registration(zone, {
      lead: { departmentId: B(), staffId: zone.manager.id },
      serviceOfficerId: zone.otherOfficer.id,
    });
    const refused = await registerEnterprise(stack.deps, input, by).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).fields.map((f) => f.path).sort()).toEqual([
      'lead.departmentId',
      'serviceOfficerId',
    ]);
    // A manager may register for any department.
    const byManager = { actor: { kind: 'staff' as const, id: zone.manager.id }, channel: 'api' as const };
    const ok = await registerEnterprise(
      stack.deps,
      { ...input, name: '管理员跨部门登记有限公司' },
      byManager,
    );
    expect(ok.lead.departmentId).toBe(B());
    await stack.engine.idle();
  });

  it("a head's ledger import names the rows that reach another department, and imports nothing", async () => {
    const res = await head.request('/console/import/template.xlsx');
    const template = await readFirstSheet(Buffer.from(await res.arrayBuffer()));
    const example = template.rows[0]!.values;
    const row = (r: Record<string, string>) =>
      template.headers.map((h) => (h in r ? r[h] : (example[h] ?? null)) as string);
    const bytes = await toXlsx([
      {
        name: '台账',
        columns: template.headers.map((header) => ({ header })),
        rows: [
          row({
            项目名称: '导入本部门有限公司',
            服务专员: zone.officer.email,
            首谈部门: '招商一局',
            首谈人: zone.head.email,
          }),
          row({
            项目名称: '导入越权甲有限公司',
            服务专员: zone.otherOfficer.email,
            首谈部门: '招商一局',
            首谈人: zone.head.email,
          }),
          row({
            项目名称: '导入越权乙有限公司',
            服务专员: zone.officer.email,
            首谈部门: '企业服务局',
            首谈人: zone.manager.email,
          }),
        ],
      },
    ]);
    await head.page('/console/import');
    const preview = await head.upload('/console/import', {}, [
      { field: 'file', name: 'ledger.xlsx', bytes, type: 'application/octet-stream' },
    ]);
    expect(preview.status).toBe(400);
    const page = await preview.text();
    expect(page).toContain('data-ledger-error="3:officer"');
    expect(page).toContain('data-ledger-error="4:leadDepartment"');
    expect(page).not.toContain('data-ledger-error="2:');
    expect(page).not.toContain('action="/console/import/');
  });

  it('a head registers within their own department', async () => {
    await head.page('/console/enterprises/new');
    expect((await head.submit('/console/enterprises', form({ name: '本部门登记有限公司' }))).status).toBe(
      303,
    );
    await stack.engine.idle();
  });
});

describe('reassignments and re-plans', () => {
  it('a head reassigns only to the officers of their department, never to a manager or another department', async () => {
    const page = await head.page(`/console/enterprises/${own.id}`);
    expect(page).not.toContain(`value="${zone.manager.id}"`);
    expect(page).not.toContain(`value="${zone.otherOfficer.id}"`);
    for (const to of [zone.manager.id, zone.otherOfficer.id]) {
      await head.page(`/console/enterprises/${own.id}`);
      const res = await head.submit(`/console/enterprises/${own.id}/reassign`, { serviceOfficerId: to });
      expect(res.status).toBe(400);
    }
    expect((await getEnterprise(stack.deps.db, own.id))!.serviceOfficerId).toBe(zone.officer.id);
  });

  it('a head reads an enterprise their department brought in but another serves, and does not manage it', async () => {
    const broughtIn = await registerEnterprise(
      stack.deps,
      registration(zone, { name: '本部门引进他部门服务有限公司', serviceOfficerId: zone.otherOfficer.id }),
      system,
    );
    await stack.engine.idle();
    const page = await head.page(`/console/enterprises/${broughtIn.id}`);
    expect(page).not.toContain('/reassign"');
    for (const [action, body] of [
      ['reassign', { serviceOfficerId: zone.officer.id }],
      ['plan', { 'planned.registered': '2027-06-30' }],
      ['pause', { reason: '越权暂停' }],
    ] as const) {
      await head.page(`/console/enterprises/${broughtIn.id}`);
      const res = await head.submit(`/console/enterprises/${broughtIn.id}/${action}`, body);
      expect(res.status, action).toBe(403);
      expect(await res.text()).toContain(FORBIDDEN);
    }
    expect(await getEnterprise(stack.deps.db, broughtIn.id)).toMatchObject({
      serviceOfficerId: zone.otherOfficer.id,
      status: 'active',
    });
  });

  it('nobody re-plans the enterprise they serve: a head serving one asks a manager', async () => {
    await head.page(`/console/enterprises/${servedByHead.id}`);
    const refused = await head.submit(`/console/enterprises/${servedByHead.id}/plan`, {
      'planned.registered': '2027-06-30',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('不能调整自己服务企业的计划节点');
    expect((await getEnterprise(stack.deps.db, servedByHead.id))!.milestones.registered.planned).toBe(
      '2026-12-10',
    );
    await manager.page(`/console/enterprises/${servedByHead.id}`);
    const res = await manager.submit(`/console/enterprises/${servedByHead.id}/plan`, {
      'planned.registered': '2027-01-15',
    });
    expect(res.status).toBe(303);
    expect((await getEnterprise(stack.deps.db, servedByHead.id))!.milestones.registered.planned).toBe(
      '2027-01-15',
    );
    await stack.engine.idle();
  });
});

async function sheetText(res: Response): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  const cells: string[] = [];
  book.eachSheet((sheet) =>
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value ?? '')))),
  );
  return cells.join('\n');
}

describe('what a head reads', () => {
  it("the pipeline and its export show the head's department, not the others", async () => {
    const page = await head.page('/console/pipeline?stage=signed');
    expect(page).toContain(own.name);
    expect(page).not.toContain(other.name);
    const xlsx = await sheetText(await head.request('/console/pipeline.xlsx'));
    expect(xlsx).toContain(own.name);
    expect(xlsx).not.toContain(other.name);
    // A manager sees the zone.
    expect(await manager.page('/console/pipeline?stage=signed')).toContain(other.name);
    expect(await sheetText(await manager.request('/console/pipeline.xlsx'))).toContain(other.name);
  });

  it("the scoreboard and its export show the head's department only", async () => {
    const [nameA, nameB] = ['招商一局', '企业服务局'];
    const page = await head.page('/console/scoreboard');
    expect(page).toContain(nameA);
    expect(page).not.toContain(nameB);
    const xlsx = await sheetText(await head.request('/console/scoreboard.xlsx'));
    expect(xlsx).toContain(nameA);
    expect(xlsx).not.toContain(nameB);
    expect(await manager.page('/console/scoreboard')).toContain(nameB);
  });

  it('the needs figures API gives a head their department and its people', async () => {
    const res = await head.request('/api/v1/figures/needs');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { departments: { id: string }[]; staff: { id: string }[] };
    expect(body.departments.map((d) => d.id)).toEqual([A()]);
    expect(body.staff.map((s) => s.id).sort()).toEqual([zone.head.id, zone.officer.id].sort());
    const all = (await (await manager.request('/api/v1/figures/needs')).json()) as typeof body;
    expect(all.departments.map((d) => d.id).sort()).toEqual([A(), B()].sort());
  });
});
