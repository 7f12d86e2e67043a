import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reassignOfficer } from '#shared/enterprises/manage.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { handOverNeed } from '#shared/needs/hand-over.ts';
import { createStaff } from '#shared/organisation/create.ts';
import { setAway } from '#shared/organisation/substitute.ts';
import { getEnterpriseFile } from '#shared/store/enterprises.ts';
import { getTask } from '#shared/store/tasks.ts';
import { Client, type OutboxMail, outbox } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/**
 * Issue 14, items 3 and 4: a link acts only for the person it was issued to, and only while they hold the item; and
 * nobody approves their own request.
 */
let stack: Awaited<ReturnType<typeof testStack>>;
let zone: Zone;
// Mon 21 Sep 2026, 10:00 Shanghai.
const START = new Date('2026-09-21T02:00:00Z');

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
}, 60_000);
afterAll(async () => stack.drop());

const today = () => stack.deps.calendar.localDate(stack.clock.now());
const path = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
const tokenOf = (link: string) => new URL(link, stack.url).searchParams.get('t')!;

async function newest(filter: (m: OutboxMail) => boolean): Promise<OutboxMail> {
  const mail = (await outbox(stack.url)).find(filter);
  if (!mail) throw new Error('no such mail');
  return mail;
}

async function enterprise(name: string, contactEmail: string, overrides: Record<string, unknown> = {}) {
  const e = await registerEnterprise(
    stack.deps,
    registration(zone, {
      name,
      contacts: [{ name: '企业联系人', phone: '13900000001', email: contactEmail }],
      signedAt: '2026-09-01',
      ...overrides,
    }),
    system,
  );
  await stack.engine.idle();
  const portal = await newest((m) => m.to.includes(contactEmail) && m.links[0]!.includes('/portal?'));
  return { e, portal: path(portal.links[0]!) };
}

/** A need from the portal, as the enterprise sends it; its reference number. */
async function submitNeed(portal: string, title: string): Promise<string> {
  const client = new Client(stack.url);
  await client.page(portal);
  const res = await client.submit('/portal', {
    t: tokenOf(portal),
    category: 'permits',
    title,
    description: '需要协调审批部门，尽快办理。',
    urgency: 'normal',
    contactName: '企业联系人',
    contactPhone: '13900000001',
  });
  expect(res.status).toBe(303);
  await stack.engine.idle();
  return new URL(res.headers.get('location')!, 'http://x').searchParams.get('ref')!;
}

/**
 * Give a submitted need to the person a test needs as its owner: with no route it reached the coordinator (the first
 * active manager), who hands it on; the new owner is mailed their own link.
 */
async function giveTo(enterpriseId: string, ref: string, owner: { id: string; departmentId: string }) {
  const need = await needByRef(enterpriseId, ref);
  await handOverNeed(stack.deps, { enterpriseId, needId: need.id }, owner, system);
  await stack.engine.idle();
}

/** Post to a link's page as a browser would, with an anonymous page's CSRF token (links need no session). */
async function post(route: '/need' | '/task', link: string, form: Record<string, string>) {
  const client = new Client(stack.url);
  await client.page('/signin');
  const res = await client.submit(route, { t: tokenOf(link), ...form });
  await stack.engine.idle();
  return res;
}

const mailTo = (email: string, has: string) =>
  newest((m) => m.to.includes(email) && (m.subject.includes(has) || m.text.includes(has)));

async function needByRef(enterpriseId: string, ref: string) {
  return (await getEnterpriseFile(stack.deps.db, enterpriseId))!.needs.find((n) => n.ref === ref)!;
}

describe('links are bound to their holder', () => {
  it("after a reassignment the old officer's task link is refused and names the new holder", async () => {
    const { e } = await enterprise('改派链接有限公司', 'moved-task@ent.example.cn');
    const oldLink = path(
      (
        await newest((m) => m.to.includes(zone.officer.email) && m.links.some((l) => l.includes('/task?')))
      ).links.find((l) => l.includes('/task?'))!,
    );
    expect((await fetch(`${stack.url}${oldLink}`)).status).toBe(200);
    await reassignOfficer(stack.deps, e.id, { serviceOfficerId: zone.otherOfficer.id }, system);
    await stack.engine.idle();

    const page = await fetch(`${stack.url}${oldLink}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain(zone.otherOfficer.name);
    const file = (await getEnterpriseFile(stack.deps.db, e.id))!;
    const task = file.tasks.find((t) => t.status === 'open')!;
    const res = await post('/task', oldLink, { outcome: 'milestone', 'milestone.actualDate': today() });
    expect(res.status).toBe(410);
    expect((await getTask(stack.deps.db, e.id, task.id))!.status).toBe('open');

    // The new officer's own link works, and the report is theirs.
    const mail = await newest(
      (m) => m.to.includes(zone.otherOfficer.email) && m.links.some((l) => l.includes('/task?')),
    );
    const newLink = path(mail.links.find((l) => l.includes('/task?'))!);
    expect(
      (await post('/task', newLink, { outcome: 'milestone', 'milestone.actualDate': today() })).status,
    ).toBe(303);
    const after = (await getEnterpriseFile(stack.deps.db, e.id))!;
    const completed = after.timeline.find((a) => a.action === 'task.completed' && a.subject.id === task.id);
    expect(completed?.actor).toEqual({ kind: 'staff', id: zone.otherOfficer.id });
  }, 60_000);

  it("after a hand-over the previous owner's need link is refused and names the new owner", async () => {
    const { e, portal } = await enterprise('移交诉求有限公司', 'moved-need@ent.example.cn');
    const ref = await submitNeed(portal, '施工许可协调');
    await giveTo(e.id, ref, zone.officer);
    const oldLink = path((await mailTo(zone.officer.email, ref)).links[0]!);
    const need = await needByRef(e.id, ref);
    await handOverNeed(stack.deps, { enterpriseId: e.id, needId: need.id }, zone.otherOfficer, system);
    await stack.engine.idle();

    const page = await fetch(`${stack.url}${oldLink}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain(zone.otherOfficer.name);
    expect((await post('/need', oldLink, { action: 'signFor', committedDate: today() })).status).toBe(410);
    // Nor does it download the enterprise's files any more.
    const files = new URLSearchParams({ t: tokenOf(oldLink), n: need.id, a: 'any' });
    expect((await fetch(`${stack.url}/attachments?${files}`)).status).toBe(410);
    expect((await needByRef(e.id, ref)).status).toBe('routed');
    const newLink = path((await mailTo(zone.otherOfficer.email, ref)).links[0]!);
    expect((await post('/need', newLink, { action: 'signFor', committedDate: today() })).status).toBe(303);
    const signed = (await getEnterpriseFile(stack.deps.db, e.id))!.timeline.find(
      (a) => a.action === 'need.signedFor' && a.subject.id === need.id,
    );
    expect(signed?.actor).toEqual({ kind: 'staff', id: zone.otherOfficer.id });
  }, 60_000);

  it("a head's link for an extension decision acts on nothing the head does not decide", async () => {
    const { e, portal } = await enterprise('审批链接有限公司', 'approver@ent.example.cn');
    const ref = await submitNeed(portal, '消防验收');
    await giveTo(e.id, ref, zone.officer);
    const ownerLink = path((await mailTo(zone.officer.email, ref)).links[0]!);
    await post('/need', ownerLink, { action: 'signFor', committedDate: today() });
    const far = stack.deps.calendar.addWorkingDays(today(), 15);
    await post('/need', ownerLink, { action: 'extend', extendTo: far, reason: '等待专家评审' });
    const headLink = path((await mailTo(zone.head.email, ref)).links[0]!);
    // Not the owner: the head's link answers nothing in the officer's name.
    expect((await post('/need', headLink, { action: 'resolve', answer: '已办结' })).status).toBe(410);
    expect((await needByRef(e.id, ref)).status).toBe('committed');
    expect((await post('/need', headLink, { action: 'decideExtension', approve: 'yes' })).status).toBe(303);
    // Having decided, the head still reads the need (without the owner's forms).
    const after = await fetch(`${stack.url}${headLink}`);
    expect(after.status).toBe(200);
    expect(await after.text()).not.toContain('name="answer"');
  }, 60_000);
});

describe('nobody approves their own request', () => {
  it('a head who owns a need cannot approve their own extension: it goes to a manager', async () => {
    const { e, portal } = await enterprise('自批延期有限公司', 'self-ext@ent.example.cn', {
      serviceOfficerId: zone.head.id,
    });
    const ref = await submitNeed(portal, '规划许可');
    await giveTo(e.id, ref, zone.head);
    const link = path((await mailTo(zone.head.email, ref)).links[0]!);
    await post('/need', link, { action: 'signFor', committedDate: today() });
    const far = stack.deps.calendar.addWorkingDays(today(), 15); // within one more resolution clock
    expect((await post('/need', link, { action: 'extend', extendTo: far, reason: '自行延长' })).status).toBe(
      303,
    );
    expect((await post('/need', link, { action: 'decideExtension', approve: 'yes' })).status).toBe(403);
    let need = await needByRef(e.id, ref);
    expect(need.extension).toMatchObject({ status: 'pending', requestedBy: zone.head.id });
    expect(need.committedDate).toBe(today());

    const managerMail = await mailTo(zone.manager.email, ref);
    expect(managerMail.subject).toContain('申请延期');
    const heads = (await outbox(stack.url)).filter(
      (m) => m.to.includes(zone.head.email) && m.subject.includes(ref) && m.subject.includes('申请延期'),
    );
    expect(heads).toEqual([]);
    expect(
      (await post('/need', path(managerMail.links[0]!), { action: 'decideExtension', approve: 'no' })).status,
    ).toBe(303);
    need = await needByRef(e.id, ref);
    expect(need.extension).toMatchObject({ status: 'refused', decidedBy: zone.manager.id });
  }, 60_000);

  it('a manager who owns and returns a need cannot decide it themselves', async () => {
    const { e, portal } = await enterprise('自退自决有限公司', 'self-return@ent.example.cn', {
      serviceOfficerId: zone.manager.id,
    });
    const ref = await submitNeed(portal, '用地指标');
    const link = path((await mailTo(zone.manager.email, ref)).links[0]!);
    // The zone's only manager: nobody else could decide the return, so it is refused rather than left stuck.
    const alone = await post('/need', link, { action: 'return', reason: '不属于本部门' });
    expect(alone.status).toBe(400);
    expect(await alone.text()).toContain('目前没有可以审批此申请的人员');
    const second = await createStaff(
      stack.deps,
      {
        name: '第二管理者',
        email: 'manager2@zone.example.cn',
        role: 'manager',
        departmentId: zone.manager.departmentId,
      },
      system,
    );
    expect((await post('/need', link, { action: 'return', reason: '不属于本部门' })).status).toBe(303);
    expect((await needByRef(e.id, ref)).status).toBe('returned');
    expect((await post('/need', link, { action: 'decide', decision: '自行办结' })).status).toBe(403);
    expect(
      (await post('/need', link, { action: 'reroute', departmentId: zone.departments[0]!.id })).status,
    ).toBe(403);
    expect((await needByRef(e.id, ref)).status).toBe('returned');
    // The other manager decides it.
    const other = path((await mailTo(second.email, ref)).links[0]!);
    expect((await post('/need', other, { action: 'decide', decision: '由招商一局协调办理' })).status).toBe(
      303,
    );
    expect((await needByRef(e.id, ref)).status).toBe('closed');
  }, 60_000);
});

describe('a substitute acts with their own link', () => {
  // Last in the file: it moves the clock.
  it("while the owner is away, the substitute's reminder link signs for the need, recorded as the substitute", async () => {
    const away = { actor: { kind: 'staff' as const, id: zone.otherOfficer.id }, channel: 'web' as const };
    const { e, portal } = await enterprise('代办诉求有限公司', 'substitute@ent.example.cn', {
      serviceOfficerId: zone.otherOfficer.id,
    });
    const ref = await submitNeed(portal, '代办事项');
    await giveTo(e.id, ref, zone.otherOfficer);
    expect((await needByRef(e.id, ref)).ownerId).toBe(zone.otherOfficer.id);
    await setAway(
      stack.deps,
      zone.otherOfficer.id,
      { from: today(), to: stack.deps.calendar.addWorkingDays(today(), 5), substituteId: zone.officer.id },
      away,
    );
    try {
      stack.clock.advance('P1D');
      await stack.engine.idle();
      const link = path((await mailTo(zone.officer.email, ref)).links[0]!);
      expect((await post('/need', link, { action: 'signFor', committedDate: today() })).status).toBe(303);
      const signed = (await getEnterpriseFile(stack.deps.db, e.id))!.timeline.find(
        (a) => a.action === 'need.signedFor',
      );
      expect(signed?.actor).toEqual({ kind: 'staff', id: zone.officer.id });
    } finally {
      await setAway(stack.deps, zone.otherOfficer.id, {}, away);
    }
  }, 60_000);
});
