import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVALS } from '#shared/domain/lifecycle.ts';
import { NEED_CATEGORIES } from '#shared/domain/work-item.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { getApprovalRouting } from '#shared/lifecycle/approval-routing.ts';
import { reportOnTask } from '#shared/lifecycle/complete.ts';
import { createNeed } from '#shared/needs/create.ts';
import { handOverNeed } from '#shared/needs/hand-over.ts';
import { needHandleLink } from '#shared/needs/links.ts';
import { getCoordinatorId, getRouting, routeNeed, setNeedRoutingSettings } from '#shared/needs/routing.ts';
import { getEnterprise } from '#shared/store/enterprises.ts';
import { getNeed } from '#shared/store/needs.ts';
import { listDepartments, listStaff } from '#shared/store/organisation.ts';
import { Client, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

let stack: Awaited<ReturnType<typeof testStack>>;
let zone: Zone;
// Mon 21 Sep 2026, 10:00 Shanghai.
const START = new Date('2026-09-21T02:00:00Z');
const UNKNOWN = '01JZZZZZZZZZZZZZZZZZZZZZZZ';

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
}, 60_000);
afterAll(async () => stack.drop());

const [a, b] = [() => zone.departments[0]!, () => zone.departments[1]!];
/** The forms as the page sends them: a select for every row ('' for none). */
const needsForm = (chosen: Record<string, string>) => ({
  ...Object.fromEntries(NEED_CATEGORIES.map((c) => [c, ''])),
  coordinatorId: zone.manager.id,
  ...chosen,
});
const approvalsForm = (chosen: Record<string, string>) => ({
  ...Object.fromEntries(APPROVALS.map((a) => [a, ''])),
  ...chosen,
});
const need = { title: '协调', description: '需要协调。', contactName: '沈一鸣', contactPhone: '13800138001' };

async function signedIn(email: string) {
  const client = new Client(stack.url);
  await signIn(client, email);
  return client;
}

describe('the settings hub', () => {
  it('is linked from the navigation for heads and managers, not for officers', async () => {
    const manager = await signedIn(zone.manager.email);
    expect(await manager.page('/console')).toContain('href="/console/settings"');
    const head = await signedIn(zone.head.email);
    expect(await head.page('/console')).toContain('href="/console/settings"');
    const officer = await signedIn(zone.officer.email);
    expect(await officer.page('/console')).not.toContain('href="/console/settings"');
    expect((await officer.request('/console/settings')).status).toBe(403);
  }, 60_000);

  it('before the page was ever saved, says who acts as coordinator by default — and that one owns unrouted needs', async () => {
    const manager = await signedIn(zone.manager.email);
    const page = await manager.page('/console/settings');
    expect(page).toContain(`尚未指定协调人：由第一位在职管理员${zone.manager.name}担任协调人`);
    expect(page).not.toContain('仍会交给企业的服务专员');
    const head = await signedIn(zone.head.email);
    expect(await head.page('/console/settings')).toContain(`协调人：${zone.manager.name}`);
    const e = await registerEnterprise(stack.deps, registration(zone, { name: '默认协调有限公司' }), system);
    await stack.engine.idle();
    const unrouted = await createNeed(stack.deps, e, { ...need, category: 'hiring' }, system);
    expect(unrouted).toMatchObject({
      ownerId: zone.manager.id,
      ownerDepartmentId: zone.manager.departmentId,
    });
  }, 60_000);

  it('lets a manager save the needs routing and the coordinator, audited', async () => {
    const manager = await signedIn(zone.manager.email);
    const page = await manager.page('/console/settings');
    expect(page).toContain('诉求分派');
    expect(page).toContain('审批分派');
    expect(page).toContain('href="/console/settings/need-clocks"');
    // The coordinator's select offers the active managers, the first one chosen by default.
    expect(page).toMatch(new RegExp(`<option value="${zone.manager.id}" selected`));
    const saved = await manager.submit('/console/settings/need-routing', needsForm({ land: a().id }));
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/console/settings?saved=needs');
    expect(await getRouting(stack.deps)).toEqual({ land: a().id });
    expect(await getCoordinatorId(stack.deps)).toBe(zone.manager.id);
    const audit = await stack.deps.db.doc.send(
      new QueryCommand({
        TableName: stack.deps.db.table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'AUDIT#settings#needRouting' },
      }),
    );
    expect(audit.Items).toEqual([
      expect.objectContaining({
        action: 'settings.routingChanged',
        actor: { kind: 'staff', id: zone.manager.id },
        details: { table: { land: a().id }, coordinatorId: zone.manager.id },
      }),
    ]);
    const after = await manager.page('/console/settings?saved=needs');
    expect(after).toContain('已保存');
    expect(after).toMatch(new RegExp(`name="land"[^]*?<option value="${a().id}" selected`));
  }, 60_000);

  it('refuses an unknown department or a coordinator who is not a manager with field errors, storing nothing', async () => {
    const manager = await signedIn(zone.manager.email);
    await manager.page('/console/settings');
    const bad = await manager.submit(
      '/console/settings/need-routing',
      needsForm({ land: UNKNOWN, hiring: b().id }),
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('找不到该部门');
    const notManager = await manager.submit(
      '/console/settings/need-routing',
      needsForm({ hiring: b().id, coordinatorId: zone.officer.id }),
    );
    expect(notManager.status).toBe(400);
    expect(await notManager.text()).toContain('协调人必须是一名在职的管理员');
    expect(await getRouting(stack.deps)).toEqual({ land: a().id });
    expect(await getCoordinatorId(stack.deps)).toBe(zone.manager.id);
    const badApproval = await manager.submit(
      '/console/settings/approval-routing',
      approvalsForm({ planningPermit: UNKNOWN }),
    );
    expect(badApproval.status).toBe(400);
    // A post that is not the page's form (rows missing) clears nothing.
    expect((await manager.submit('/console/settings/need-routing', {})).status).toBe(400);
    expect((await manager.submit('/console/settings/approval-routing', {})).status).toBe(400);
    expect(await getApprovalRouting(stack.deps)).toEqual({});
    // Without the page's CSRF token nothing is saved either.
    const forged = await manager.request('/console/settings/need-routing', { form: { land: b().id } });
    expect(forged.status).toBe(403);
    expect(await getRouting(stack.deps)).toEqual({ land: a().id });
  }, 60_000);

  it('lets a manager save the approvals routing', async () => {
    const manager = await signedIn(zone.manager.email);
    await manager.page('/console/settings');
    const saved = await manager.submit(
      '/console/settings/approval-routing',
      approvalsForm({ planningPermit: a().id }),
    );
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/console/settings?saved=approvals');
    expect(await getApprovalRouting(stack.deps)).toEqual({ planningPermit: a().id });
    expect(await manager.page('/console/settings?saved=approvals')).toMatch(
      new RegExp(`name="planningPermit"[^]*?<option value="${a().id}" selected`),
    );
  }, 60_000);

  it('shows a head the tables read-only, and refuses their posts', async () => {
    const head = await signedIn(zone.head.email);
    const page = await head.page('/console/settings');
    expect(page).toContain('只有管理员可以修改');
    expect(page).not.toContain('<select');
    expect(page).not.toContain('action="/console/settings/need-routing"');
    // The tables as they are, in words.
    expect(page).toContain(a().name);
    const refused = await head.submit('/console/settings/need-routing', needsForm({ land: b().id }));
    expect(refused.status).toBe(403);
    const refusedApprovals = await head.submit(
      '/console/settings/approval-routing',
      approvalsForm({ energy: b().id }),
    );
    expect(refusedApprovals.status).toBe(403);
    expect(await getRouting(stack.deps)).toEqual({ land: a().id });
    expect(await getApprovalRouting(stack.deps)).toEqual({ planningPermit: a().id });
  }, 60_000);
});

describe('the coordinator', () => {
  // As the settings page saved it above (set again here, so that these tests also run on their own).
  beforeAll(async () => {
    await setNeedRoutingSettings(
      stack.deps,
      { table: { land: zone.departments[0]!.id }, coordinatorId: zone.manager.id },
      system,
    );
  });

  it('owns a need with no route, not the service officer', async () => {
    const e = await registerEnterprise(stack.deps, registration(zone, { name: '协调一号有限公司' }), system);
    await stack.engine.idle();
    const unrouted = await createNeed(stack.deps, e, { ...need, category: 'hiring' }, system);
    expect(unrouted).toMatchObject({
      ownerId: zone.manager.id,
      ownerDepartmentId: zone.manager.departmentId,
    });
    const routed = await createNeed(stack.deps, e, { ...need, category: 'land' }, system);
    expect(routed.ownerId).toBe(zone.head.id);
  }, 60_000);

  it('gets a need raised from a task when the routed head is the one who raised it', async () => {
    const e = await registerEnterprise(stack.deps, registration(zone, { name: '协调二号有限公司' }), system);
    await stack.engine.idle();
    const owner = await routeNeed(stack.deps, e, 'land', undefined, zone.head.id);
    expect(owner.ownerId).toBe(zone.manager.id);
    // Raised by someone else, it stays with the routed department's head.
    expect((await routeNeed(stack.deps, e, 'land', undefined, zone.officer.id)).ownerId).toBe(zone.head.id);
  }, 60_000);

  it('gives a need a head raises on the enterprise’s behalf to the coordinator, not back to that head', async () => {
    const e = await registerEnterprise(
      stack.deps,
      registration(zone, { name: '协调五号有限公司', serviceOfficerId: zone.head.id }),
      system,
    );
    await stack.engine.idle();
    const raised = await createNeed(
      stack.deps,
      e,
      { ...need, category: 'land' },
      { actor: { kind: 'staff', id: zone.head.id }, channel: 'web' },
    );
    expect(raised.ownerId).toBe(zone.manager.id);
  }, 60_000);

  it('gives a need an officer raises from their task to the routed department, or the coordinator — never back to them', async () => {
    const e = await registerEnterprise(stack.deps, registration(zone, { name: '协调三号有限公司' }), system);
    await stack.engine.idle();
    const report = async (category: string, title: string) => {
      const enterprise = (await getEnterprise(stack.deps.db, e.id))!;
      const result = await reportOnTask(
        stack.deps,
        { enterpriseId: e.id, taskId: enterprise.openTaskId! },
        { outcome: 'blocker', category, title, description: '需要其他部门协助。' },
        { channel: 'email-link', actor: { kind: 'staff', id: zone.officer.id } },
      );
      await stack.engine.idle();
      expect(result.kind).toBe('blocker');
      return (result as { need: { ownerId?: string } }).need;
    };
    expect((await report('land', '用地受阻')).ownerId).toBe(zone.head.id);
    const other = await report('other', '其他受阻');
    expect(other.ownerId).toBe(zone.manager.id);
    expect(other.ownerId).not.toBe(zone.officer.id);
  }, 60_000);
});

describe('the demo zone', () => {
  it('is seeded with a needs routing table and a coordinator', async () => {
    const demo = await testStack({ clockStart: START, seed: true });
    try {
      const table = await getRouting(demo.deps);
      const staff = await listStaff(demo.deps.db);
      const names = new Map((await listDepartments(demo.deps.db)).map((d) => [d.id, d.name]));
      expect(names.get(table.permits!)).toBe('经济发展局');
      expect(names.get(table.land!)).toBe('规划建设局');
      expect(names.get(table.utilities!)).toBe('规划建设局');
      expect(names.get(table.hiring!)).toBe('企业服务局');
      expect(table.financing && table.incentives).toBeTruthy();
      const coordinatorId = await getCoordinatorId(demo.deps);
      expect(staff.find((s) => s.id === coordinatorId)).toMatchObject({ role: 'manager', active: true });
    } finally {
      await demo.drop();
    }
  }, 120_000);
});

describe('the coordinator sends an unrouted need on', () => {
  const path = (url: string) => {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  };
  async function post(link: string, form: Record<string, string>) {
    const client = new Client(stack.url);
    await client.request(link).then((r) => r.text().then((html) => (client.lastHtml = html)));
    // A page with no form left (a link that moved on): the CSRF token from the sign-in form.
    if (!client.lastHtml.includes('name="_csrf"')) await client.page('/signin');
    const res = await client.submit('/need', { t: new URL(link, stack.url).searchParams.get('t')!, ...form });
    await stack.engine.idle();
    return res;
  }

  it('to a department, whose head then owns it for good (no return)', async () => {
    await setNeedRoutingSettings(stack.deps, { table: {}, coordinatorId: zone.manager.id }, system);
    const e = await registerEnterprise(stack.deps, registration(zone, { name: '协调四号有限公司' }), system);
    await stack.engine.idle();
    const unrouted = await createNeed(stack.deps, e, { ...need, category: 'financing' }, system);
    await stack.engine.idle();
    expect(unrouted.ownerId).toBe(zone.manager.id);
    const link = path(needHandleLink(stack.deps, unrouted, zone.manager.id));
    const page = await new Client(stack.url).page(link);
    expect(page).toContain('name="action" value="forward"');
    // Someone who is not a manager cannot send a need on, even one they hold.
    const officers = await createNeed(stack.deps, e, { ...need, category: 'other' }, system);
    await handOverNeed(
      stack.deps,
      { enterpriseId: e.id, needId: officers.id },
      { id: zone.otherOfficer.id, departmentId: zone.otherOfficer.departmentId },
      system,
    );
    await stack.engine.idle();
    const officerLink = path(needHandleLink(stack.deps, officers, zone.otherOfficer.id));
    expect(await new Client(stack.url).page(officerLink)).not.toContain('value="forward"');
    expect((await post(officerLink, { action: 'forward', departmentId: a().id })).status).toBe(403);

    expect((await post(link, { action: 'forward', departmentId: a().id })).status).toBe(303);
    const forwarded = (await getNeed(stack.deps.db, e.id, unrouted.id))!;
    expect(forwarded).toMatchObject({ status: 'routed', ownerId: zone.head.id, reroutedBy: zone.manager.id });
    const headLink = path(needHandleLink(stack.deps, unrouted, zone.head.id));
    const refused = await post(headLink, { action: 'return', reason: '不归我们' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('改派决定为最终决定');
    // The coordinator's old link no longer sends it anywhere.
    expect((await post(link, { action: 'forward', departmentId: b().id })).status).not.toBe(303);
    expect((await getNeed(stack.deps.db, e.id, unrouted.id))!.ownerId).toBe(zone.head.id);
  }, 60_000);
});
