import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { DEFAULT_CLOCKS, getClocks } from '#shared/needs/clocks.ts';
import { needFigures } from '#shared/needs/figures.ts';
import { handOverNeed } from '#shared/needs/hand-over.ts';
import { needHandleLink } from '#shared/needs/links.ts';
import { dueInWorkingDays } from '#shared/needs/rules.ts';
import { getEnterpriseFile } from '#shared/store/enterprises.ts';
import { Client, type OutboxMail, outbox, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

let stack: Awaited<ReturnType<typeof testStack>>;
let zone: Zone;
// Mon 21 Sep 2026, 10:00 Shanghai.
const START = new Date('2026-09-21T02:00:00Z');

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
}, 60_000);
afterAll(async () => stack.drop());

const path = (url: string) => {
  const u = new URL(url, stack.url);
  return `${u.pathname}${u.search}`;
};
const refOf = (res: Response) => new URL(res.headers.get('location')!, 'http://x').searchParams.get('ref')!;
const mails = async (filter: (m: OutboxMail) => boolean) => (await outbox(stack.url)).filter(filter);
async function newest(filter: (m: OutboxMail) => boolean): Promise<OutboxMail> {
  const [mail] = await mails(filter);
  if (!mail) throw new Error('no such mail');
  return mail;
}

let n = 0;
async function enterprise() {
  n += 1;
  const email = `clocks${n}@ent.example.cn`;
  const e = await registerEnterprise(
    stack.deps,
    registration(zone, {
      name: `时限测试${n}号有限公司`,
      contacts: [{ name: '企业联系人', phone: '13900000001', email }],
      signedAt: '2026-09-01',
    }),
    system,
  );
  await stack.engine.idle();
  const portal = await newest((m) => m.to.includes(email) && m.links[0]!.includes('/portal?'));
  return { e, portal: path(portal.links[0]!) };
}

/**
 * Submit a need from the portal page, as the enterprise would. The needs here are the service officer's: with no
 * route each reaches the coordinator (the first active manager), who gives it to the officer at once.
 */
async function submitNeed(portal: string, fields: Record<string, string>) {
  const client = new Client(stack.url);
  await client.page(portal);
  const res = await client.submit('/portal', {
    t: new URL(portal, stack.url).searchParams.get('t')!,
    category: 'utilities',
    nature: 'help',
    title: '突发停电，生产线停工',
    description: '厂区今早突然停电，三条生产线全部停工，请协调供电公司尽快抢修。',
    urgency: 'urgent',
    contactName: '企业联系人',
    contactPhone: '13900000001',
    ...fields,
  });
  expect(res.status).toBe(303);
  await stack.engine.idle();
  const ref = refOf(res);
  const portalLink = stack.deps.links.verify(
    new URL(portal, stack.url).searchParams.get('t')!,
    'portal',
    stack.clock.now(),
  );
  if (!portalLink.ok) throw new Error('not a portal link');
  const need = await needByRef(portalLink.subject, ref);
  await handOverNeed(stack.deps, { enterpriseId: need.enterpriseId, needId: need.id }, zone.officer, system);
  await stack.engine.idle();
  return ref;
}

async function needByRef(enterpriseId: string, ref: string) {
  const file = (await getEnterpriseFile(stack.deps.db, enterpriseId))!;
  return file.needs.find((x) => x.ref === ref)!;
}

async function handle(link: string, form: Record<string, string>) {
  const client = new Client(stack.url);
  await client.page(link);
  const res = await client.submit('/need', { t: new URL(link, stack.url).searchParams.get('t')!, ...form });
  await stack.engine.idle();
  return res;
}

const officerCounts = async () =>
  (await needFigures(stack.deps)).staff.find((s) => s.id === zone.officer.id)!.counts;

describe('a normal need', () => {
  it('keeps today’s clocks and no urgency marks', async () => {
    const { e, portal } = await enterprise();
    const ref = await submitNeed(portal, { urgency: 'normal', category: 'land' });
    const need = await needByRef(e.id, ref);
    const now = stack.clock.now();
    expect(need.firstContactBy).toBeUndefined();
    expect(need.nature).toBe('help');
    expect(need.resolveBy).toBe(stack.deps.calendar.addWorkingDays(stack.deps.calendar.localDate(now), 15));
    // Signed for by close of business the next working day, as before.
    expect(need.dueAt).toBe(dueInWorkingDays(stack.deps.calendar, now, 1).toISOString());
    const mail = await newest((m) => m.subject.includes(ref));
    expect(mail.subject).toMatch(/^【诉求】/);
    expect(await new Client(stack.url).page(path(mail.links[0]!))).not.toContain('data-urgent="true"');
  }, 60_000);
});

describe('an urgent need from the portal', () => {
  it('gets the short clocks, says it is urgent to its owner, and is chased for its first contact', async () => {
    const before = await officerCounts();
    const { e, portal } = await enterprise();
    const ref = await submitNeed(portal, { nature: 'complaint' });
    const need = await needByRef(e.id, ref);
    // The local clock runs: the need came in a few seconds after 10:00 on Monday.
    const came = new Date(need.createdAt);
    expect(came.getTime() - START.getTime()).toBeLessThan(60_000);
    expect(need).toMatchObject({
      urgency: 'urgent',
      nature: 'complaint',
      // About 11:00: one working hour.
      firstContactBy: stack.deps.calendar.addWorkingHours(came, 1).toISOString(),
      // Two working hours to sign for (past 12:00 by the seconds, so the lunch break is skipped).
      dueAt: stack.deps.calendar.addWorkingHours(came, 2).toISOString(),
      resolveBy: '2026-09-24', // three working days, not the utilities category's ten
    });
    expect(need.firstContactBy!.slice(0, 16)).toBe('2026-09-21T03:00');
    // The enterprise is promised the urgent clocks, in Shanghai time: first contact within the hour, sign-for once
    // the lunch break is over.
    const submitted = await new Client(stack.url).page(`${portal}&ref=${ref}`);
    expect(submitted).toContain('2026-09-21 11:00 前会有专人先行联系您，2026-09-21 13:30 前签收');
    const ownerMail = await newest((m) => m.to.includes(zone.officer.email) && m.subject.includes(ref));
    expect(ownerMail.subject).toMatch(/^【紧急】【诉求】/);
    const link = path(ownerMail.links[0]!);
    const page = await new Client(stack.url).page(link);
    expect(page).toContain('data-urgent="true"');
    expect(page).toContain('value="firstContact"');
    expect(page).toContain('投诉');

    // 11:00: not called yet → the owner is reminded; one working hour later (12:00, told when office hours resume
    // at 13:30) → the head; three working hours later (15:30, the lunch break not counted) → the managers.
    const chase = (m: OutboxMail) => m.subject.includes(ref) && m.subject.includes('先行联系');
    stack.clock.advance('PT1H');
    await stack.engine.idle();
    let sent = await mails(chase);
    expect(sent.map((m) => m.to[0])).toEqual([zone.officer.email]);
    expect(sent[0]!.subject).toMatch(/^【紧急】【先行联系】/);
    stack.clock.advance('PT1H');
    await stack.engine.idle();
    expect((await mails(chase)).length).toBe(1);
    stack.clock.advance('PT2H'); // 14:00
    await stack.engine.idle();
    sent = await mails(chase);
    expect(sent.map((m) => m.to[0]).sort()).toEqual([zone.head.email, zone.officer.email].sort());
    expect(sent.find((m) => m.to.includes(zone.head.email))!.subject).toContain('【先行联系督办】');
    stack.clock.advance('PT1H'); // 15:00: not yet
    await stack.engine.idle();
    expect((await mails(chase)).length).toBe(2);
    stack.clock.advance('PT30M'); // 15:30
    await stack.engine.idle();
    sent = await mails(chase);
    expect(sent.map((m) => m.to[0]).sort()).toEqual(
      [zone.head.email, zone.manager.email, zone.officer.email].sort(),
    );
    const timeline = (await getEnterpriseFile(stack.deps.db, e.id))!.timeline.filter(
      (a) => a.subject.id === need.id && a.details?.phase === 'firstContact',
    );
    expect(timeline.map((a) => a.details?.kind).sort()).toEqual(['due', 'head', 'managers']);

    // The owner records the call (late), once; the chase stops.
    expect(
      (await handle(link, { action: 'firstContact', note: '已电话联系，抢修队 16:00 到场' })).status,
    ).toBe(303);
    const again = await handle(link, { action: 'firstContact', note: '' });
    expect(new URL(again.headers.get('location')!, 'http://x').searchParams.get('done')).toBe('stale');
    const recorded = await needByRef(e.id, ref);
    expect(recorded.firstContactAt! > recorded.firstContactBy!).toBe(true); // late
    expect(recorded.firstContactAt! <= stack.clock.now().toISOString()).toBe(true);
    expect(recorded.firstContactNote).toBe('已电话联系，抢修队 16:00 到场');
    // Counted once, when the need ends (here: explained as outside the remit), against its last owner.
    expect((await officerCounts()).firstContactDue - before.firstContactDue).toBe(0);
    await handle(link, { action: 'explain', explanation: '属供电公司抢修范围，已转告。' });
    const after = await officerCounts();
    expect(after.firstContactDue - before.firstContactDue).toBe(1);
    expect(after.firstContacted - before.firstContacted).toBe(1);
    expect(after.firstContactOnTime - before.firstContactOnTime).toBe(0);
    const count = (await mails(chase)).length;
    stack.clock.advance('P1D');
    await stack.engine.idle();
    expect((await mails(chase)).length).toBe(count);
  }, 60_000);

  it('counts a first contact made in time, and sends no chase', async () => {
    const before = await officerCounts();
    const { e, portal } = await enterprise();
    const ref = await submitNeed(portal, {});
    const link = path((await newest((m) => m.subject.includes(ref))).links[0]!);
    expect((await handle(link, { action: 'firstContact' })).status).toBe(303);
    expect((await needByRef(e.id, ref)).firstContactAt).toBeDefined();
    stack.clock.advance('PT5H');
    await stack.engine.idle();
    expect(await mails((m) => m.subject.includes(ref) && m.subject.includes('先行联系'))).toEqual([]);
    await handle(link, { action: 'explain', explanation: '属供电公司抢修范围，已转告。' });
    const after = await officerCounts();
    expect(after.firstContactOnTime - before.firstContactOnTime).toBe(1);
  }, 60_000);

  it('gets the longer clock when its owner signs for it as complex', async () => {
    const { e, portal } = await enterprise();
    const ref = await submitNeed(portal, {});
    const created = await needByRef(e.id, ref);
    // Evening by now: the owner's mail waits for office hours, so open the owner's link directly.
    const link = path(needHandleLink(stack.deps, created, zone.officer.id));
    const today = stack.deps.calendar.localDate(stack.clock.now());
    const far = stack.deps.calendar.addWorkingDays(
      stack.deps.calendar.localDate(new Date(created.createdAt)),
      7,
    );
    expect(created.resolveBy! < far).toBe(true);
    expect(
      (await handle(link, { action: 'signFor', committedDate: far, complexity: 'complex' })).status,
    ).toBe(303);
    expect(await needByRef(e.id, ref)).toMatchObject({
      complexity: 'complex',
      resolveBy: far,
      committedDate: far,
    });
    expect(today <= far).toBe(true);
  }, 60_000);
});

describe('the board', () => {
  it('puts urgent needs first, marked, even when a normal item is due earlier', async () => {
    const { e, portal } = await enterprise();
    const normal = await needByRef(e.id, await submitNeed(portal, { urgency: 'normal', title: '一般诉求' }));
    stack.clock.advance('P2D'); // the normal need is overdue now, due long before the urgent one below
    const urgent = await needByRef(e.id, await submitNeed(portal, { title: '紧急诉求' }));
    expect(normal.dueAt! < urgent.dueAt!).toBe(true);
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    const html = await officer.page('/console?kind=need&limit=200');
    const order = [...html.matchAll(/data-item="([^"]+)"( data-urgent="true")?/g)].map((m) => ({
      id: m[1],
      urgent: !!m[2],
    }));
    const firstNormal = order.findIndex((r) => !r.urgent);
    const lastUrgent = order.map((r) => r.urgent).lastIndexOf(true);
    expect(order.some((r) => r.id === urgent.id && r.urgent)).toBe(true);
    expect(order.some((r) => r.id === normal.id && !r.urgent)).toBe(true);
    expect(lastUrgent).toBeLessThan(firstNormal);
  }, 60_000);
});

describe('the clock settings', () => {
  const cells = (over: Record<string, string> = {}) => {
    const form: Record<string, string> = {};
    for (const [nature, rows] of Object.entries(DEFAULT_CLOCKS))
      for (const [urgency, row] of Object.entries(rows))
        for (const [column, value] of Object.entries(row))
          form[`${nature}.${urgency}.${column}`] = String(value);
    return { ...form, ...over };
  };

  it('are set by a manager on the console page; a new urgent need gets them', async () => {
    const manager = new Client(stack.url);
    await signIn(manager, zone.manager.email);
    const page = await manager.page('/console/settings/need-clocks');
    expect(page).toContain('name="help.urgent.signForHours"');
    expect(page).toContain('value="2"');
    const res = await manager.submit(
      '/console/settings/need-clocks',
      cells({ 'help.urgent.signForHours': '3' }),
    );
    expect(res.status).toBe(303);
    expect((await getClocks(stack.deps)).help.urgent.signForHours).toBe(3);
    expect(await manager.page(res.headers.get('location')!)).toContain('办理时限已保存');
    const { e, portal } = await enterprise();
    const need = await needByRef(e.id, await submitNeed(portal, {}));
    expect(need.dueAt).toBe(stack.deps.calendar.addWorkingHours(new Date(need.createdAt), 3).toISOString());
    const events = (await getEnterpriseFile(stack.deps.db, e.id))!.timeline.map((a) => a.action);
    expect(events).toContain('need.opened');
  }, 60_000);

  it('refuse bad cells with field errors and store nothing', async () => {
    const stored = await getClocks(stack.deps);
    const manager = new Client(stack.url);
    await signIn(manager, zone.manager.email);
    await manager.page('/console/settings/need-clocks');
    const res = await manager.submit(
      '/console/settings/need-clocks',
      cells({ 'help.urgent.firstContactHours': '5', 'consult.normal.resolveSimpleDays': '0' }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="f-help-urgent-firstContactHours-error"[^>]*>先行联系时限不得长于签收时限/);
    expect(html).toMatch(/id="f-consult-normal-resolveSimpleDays-error"[^>]*>至少为 1/);
    expect(html).toContain('value="5"'); // what was typed is kept
    expect(await getClocks(stack.deps)).toEqual(stored);
    // Without the CSRF token nothing is stored either.
    const forged = await manager.request('/console/settings/need-clocks', {
      form: cells({ 'help.urgent.signForHours': '4' }),
    });
    expect(forged.status).toBe(403);
    expect(await getClocks(stack.deps)).toEqual(stored);
  }, 60_000);

  it('are shown to a head read-only, who cannot set them (page or API); officers do not see them', async () => {
    const stored = await getClocks(stack.deps);
    const head = new Client(stack.url);
    await signIn(head, zone.head.email);
    const page = await head.page('/console/settings/need-clocks');
    expect(page).toContain('只有管理员可以修改办理时限');
    expect(page).not.toContain('name="help.urgent.signForHours"');
    const res = await head.submit(
      '/console/settings/need-clocks',
      cells({ 'help.urgent.signForHours': '4' }),
    );
    expect(res.status).toBe(403);
    const api = await head.request('/api/v1/settings/need-clocks', {
      method: 'PUT',
      json: stored,
      headers: { 'x-csrf-token': /name="_csrf" value="([^"]+)"/.exec(page)![1]! },
    });
    expect(api.status).toBe(403);
    expect((await head.request('/api/v1/settings/need-clocks')).status).toBe(200);
    expect(await getClocks(stack.deps)).toEqual(stored);
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    expect((await officer.request('/console/settings/need-clocks')).status).toBe(403);
  }, 60_000);

  it('are read and set through the JSON API by a manager, with 400 and nothing stored on bad input', async () => {
    const manager = new Client(stack.url);
    await signIn(manager, zone.manager.email);
    await manager.page('/console');
    const headers = { 'x-csrf-token': /name="_csrf" value="([^"]+)"/.exec(manager.lastHtml)![1]! };
    const read = await manager.request('/api/v1/settings/need-clocks');
    expect(read.status).toBe(200);
    const table = (await read.json()) as typeof DEFAULT_CLOCKS;
    const bad = await manager.request('/api/v1/settings/need-clocks', {
      method: 'PUT',
      json: {
        ...table,
        consult: { ...table.consult, normal: { ...table.consult.normal, signForHours: 100 } },
      },
      headers,
    });
    expect(bad.status).toBe(400);
    expect(await getClocks(stack.deps)).toEqual(table);
    const next = {
      ...table,
      suggestion: { ...table.suggestion, normal: { ...table.suggestion.normal, resolveSimpleDays: 10 } },
    };
    const ok = await manager.request('/api/v1/settings/need-clocks', { method: 'PUT', json: next, headers });
    expect(ok.status).toBe(200);
    expect((await getClocks(stack.deps)).suggestion.normal.resolveSimpleDays).toBe(10);
  }, 60_000);

  it('answer any malformed table with 400 (never 500) and store nothing', async () => {
    const stored = await getClocks(stack.deps);
    const manager = new Client(stack.url);
    await signIn(manager, zone.manager.email);
    await manager.page('/console');
    const headers = { 'x-csrf-token': /name="_csrf" value="([^"]+)"/.exec(manager.lastHtml)![1]! };
    const row = stored.help.urgent;
    const bodies: unknown[] = [
      null,
      [],
      'help',
      42,
      {},
      { ...stored, help: null },
      { ...stored, help: { normal: stored.help.normal } },
      { ...stored, help: { ...stored.help, urgent: { ...row, signForHours: -1 } } },
      { ...stored, help: { ...stored.help, urgent: { ...row, signForHours: 1e308 } } },
      { ...stored, help: { ...stored.help, urgent: { ...row, signForHours: '2; DROP' } } },
      { ...stored, help: { ...stored.help, urgent: { ...row, signForHours: [2] } } },
      { ...stored, help: { ...stored.help, urgent: { ...row, extra: 1 } } },
      JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(stored).slice(1)}`),
    ];
    for (const json of bodies) {
      const res = await manager.request('/api/v1/settings/need-clocks', { method: 'PUT', json, headers });
      expect(res.status, JSON.stringify(json)?.slice(0, 80)).toBe(400);
    }
    const page = await manager.page('/console/settings/need-clocks');
    const form = await manager.submit('/console/settings/need-clocks', {
      'help.urgent.signForHours': '２',
      'help.__proto__.x': '1',
      'constructor.prototype.y': '1',
    });
    expect(form.status).toBe(400);
    expect(page).toContain('name="help.urgent.signForHours"');
    expect(await getClocks(stack.deps)).toEqual(stored);
  }, 60_000);
});
