import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import { exitProject } from '#shared/enterprises/exit.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { portalLink } from '#shared/needs/portal.ts';
import { getEnterprise, getEnterpriseFile } from '#shared/store/enterprises.ts';
import { fundsReportsOf, pendingFundsReports } from '#shared/store/funds-reports.ts';
import { getScores, ZERO_SCORES } from '#shared/store/scores.ts';
import { Client, type OutboxMail, outbox, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

let stack: Awaited<ReturnType<typeof testStack>>;
let zone: Zone;
let e: Enterprise;
let officer: Client;
let head: Client;
let manager: Client;
let lead: string;

// Mon 15 June 2026, 10:00 in Shanghai: May's reports closed on Fri 5 June (its fifth working day).
const START = new Date('2026-06-15T02:00:00Z');
const PDF = Buffer.from('%PDF-1.4 bank receipt');
const pdf = (name = '银行回单.pdf') => ({ field: 'attachments', name, bytes: PDF, type: 'application/pdf' });
const path = (url: string) => {
  const u = new URL(url, 'http://x');
  return `${u.pathname}${u.search}`;
};
const mails = async (filter: (m: OutboxMail) => boolean) => (await outbox(stack.url)).filter(filter);

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
  lead = zone.head.departmentId;
  e = await registerEnterprise(
    stack.deps,
    registration(zone, {
      name: '到位资金测试有限公司',
      signedAt: '2026-03-02',
      planned: {},
      profile: { fundsOrigin: 'outOfProvince' },
    }),
    system,
  );
  await stack.engine.idle();
  officer = new Client(stack.url);
  head = new Client(stack.url);
  manager = new Client(stack.url);
  await signIn(officer, zone.officer.email);
  await signIn(head, zone.head.email);
  await signIn(manager, zone.manager.email);
}, 60_000);
afterAll(async () => stack.drop());

/** Report from the console's form as `client`; returns the response. */
async function report(client: Client, fields: Record<string, string>, files = [pdf()]) {
  await client.page(`/console/funds/new?e=${e.id}`);
  return client.upload('/console/funds', { e: e.id, ...fields }, files);
}

async function reportId(res: Response): Promise<string> {
  expect(res.status, await res.clone().text()).toBe(303);
  const location = res.headers.get('location') ?? '';
  expect(location).toMatch(new RegExp(`^/console/funds/${e.id}/[0-9A-Z]{26}\\?done=reported$`));
  return location.split('/')[4]!.split('?')[0]!;
}

async function decide(client: Client, id: string, form: Record<string, string>) {
  await client.page(`/console/funds/${e.id}/${id}`);
  return client.submit(`/console/funds/${e.id}/${id}`, form);
}

const scores = async (period: string) =>
  (await getScores(stack.deps.db, [lead], [period])).get(`${lead}|${period}`) ?? ZERO_SCORES;

describe('funds in place reported with evidence (到位资金报送)', () => {
  it('the officer reports with a file; pending until the head verifies; then it counts in the evidence month', async () => {
    const id = await reportId(
      await report(officer, { kind: 'funds', amount: '300', evidenceDate: '2026-06-10', note: '首笔' }),
    );
    const [stored] = (await fundsReportsOf(stack.deps.db, e.id)).filter((r) => r.id === id);
    expect(stored).toMatchObject({
      status: 'pending',
      kind: 'funds',
      amount: 300,
      evidenceDate: '2026-06-10',
      late: false,
      leadDepartmentId: lead,
      reportedBy: { kind: 'staff', id: zone.officer.id },
    });
    expect(stored!.evidence).toHaveLength(1);
    // Nothing counts while pending.
    expect((await scores('2026-06')).fundsArrived).toBe(0);
    expect((await getEnterprise(stack.deps.db, e.id))?.fundsInPlace).toBe(0);

    // The head is told, and finds it on the list of reports to verify.
    const told = await mails((m) => m.to.includes(zone.head.email) && m.subject.includes('待核实'));
    expect(told).toHaveLength(1);
    expect(told[0]!.links[0]).toContain(`/console/funds/${e.id}/${id}`);
    const list = await head.page('/console/funds');
    expect(list).toContain(`data-report="${id}"`);
    // The evidence downloads for the head, under a name we make.
    const file = await head.request(`/console/funds/${e.id}/${id}/evidence?a=${stored!.evidence[0]!.id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PDF);

    const res = await decide(head, id, { decision: 'verify' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/console/funds/${e.id}/${id}?done=verified`);
    await stack.engine.idle();
    // Counted for the lead department in June (the evidence month), by origin too (省外 is also 市外).
    expect(await scores('2026-06')).toMatchObject({
      fundsArrived: 300,
      outOfProvinceFunds: 300,
      outOfCityFunds: 300,
      fundsArrivedLate: 0,
    });
    const file2 = await getEnterpriseFile(stack.deps.db, e.id);
    expect(file2?.enterprise.fundsInPlace).toBe(300);
    expect(file2?.funds.map((f) => [f.asOf, f.total])).toEqual([['2026-06-10', 300]]);
    expect(file2?.timeline.map((a) => a.action)).toEqual(
      expect.arrayContaining(['funds.reported', 'funds.verified']),
    );
    expect((await pendingFundsReports(stack.deps.db, { kind: 'department', id: lead })).items).toEqual([]);
    // A second decision changes nothing.
    const again = await decide(head, id, { decision: 'verify' });
    expect(again.status).toBe(303);
    expect((await scores('2026-06')).fundsArrived).toBe(300);
  });

  it('a report whose month closed is late (逾期补报), flagged, and lands in the Late counters', async () => {
    const id = await reportId(
      await report(officer, { kind: 'capital', amount: '120', evidenceDate: '2026-05-20' }),
    );
    const page = await head.page(`/console/funds/${e.id}/${id}`);
    expect(page).toContain('data-late-notice');
    expect(page).toContain('逾期补报');
    expect(await head.page('/console/funds')).toMatch(new RegExp(`data-report="${id}" data-late="true"`));
    expect((await decide(head, id, { decision: 'verify' })).status).toBe(303);
    await stack.engine.idle();
    const may = await scores('2026-05');
    expect(may.capitalPaidLate).toBe(120);
    expect(may.capitalPaid).toBe(0);
    // Registered capital is not funds in place.
    expect((await getEnterprise(stack.deps.db, e.id))?.fundsInPlace).toBe(300);
    // The enterprise page lists it, flagged.
    const enterprisePage = await officer.page(`/console/enterprises/${e.id}`);
    expect(enterprisePage).toMatch(new RegExp(`data-report="${id}" data-late="true"`));
    expect(enterprisePage).toContain(`/console/funds/new?e=${e.id}`);
  });

  it('the reporter cannot verify their own report; an officer cannot verify at all', async () => {
    const id = await reportId(
      await report(head, { kind: 'funds', amount: '50', evidenceDate: '2026-06-12' }),
    );
    const own = await decide(head, id, { decision: 'verify' });
    expect(own.status).toBe(400);
    expect(await own.text()).toContain('不能核实自己报送的到位资金');
    await officer.page(`/console/funds/${e.id}/${id}`);
    expect((await officer.submit(`/console/funds/${e.id}/${id}`, { decision: 'verify' })).status).toBe(403);
    expect((await fundsReportsOf(stack.deps.db, e.id)).find((r) => r.id === id)?.status).toBe('pending');
    // A manager can (the head's own report goes to the managers).
    expect(
      (await mails((m) => m.to.includes(zone.manager.email) && m.links.some((l) => l.includes(id)))).length,
    ).toBe(1);
    expect((await decide(manager, id, { decision: 'verify' })).status).toBe(303);
    await stack.engine.idle();
    expect((await scores('2026-06')).fundsArrived).toBe(350);
  });

  it('rejection records the reason and tells the reporter; nothing counts', async () => {
    const id = await reportId(
      await report(officer, { kind: 'fixedAssets', amount: '800', evidenceDate: '2026-06-01' }),
    );
    const missing = await decide(head, id, { decision: 'reject' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('id="f-reason-error"');
    expect((await decide(head, id, { decision: 'reject', reason: '凭证金额与报送不符' })).status).toBe(303);
    const r = (await fundsReportsOf(stack.deps.db, e.id)).find((x) => x.id === id);
    expect(r).toMatchObject({ status: 'rejected', reason: '凭证金额与报送不符', decidedBy: zone.head.id });
    const told = await mails((m) => m.to.includes(zone.officer.email) && m.subject.includes('已退回'));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('凭证金额与报送不符');
    expect((await scores('2026-06')).fixedAssets).toBe(0);
  });

  it('the enterprise reports from its portal; a rejection reaches its contacts', async () => {
    const portal = new Client(stack.url);
    const link = path(portalLink(stack.deps, (await getEnterprise(stack.deps.db, e.id))!));
    const token = new URL(link, 'http://x').searchParams.get('t')!;
    expect(await portal.page(link)).toContain(`/portal/funds?t=`);
    await portal.page(`/portal/funds?t=${token}`);
    const res = await portal.upload(
      '/portal/funds',
      { t: token, kind: 'funds', amount: '66', evidenceDate: '2026-06-11' },
      [pdf('回单.png')],
    );
    expect(res.status, await res.clone().text()).toBe(303);
    const r = (await fundsReportsOf(stack.deps.db, e.id)).find((x) => x.reportedBy.kind === 'enterprise');
    expect(r).toMatchObject({ status: 'pending', amount: 66, reportedBy: { kind: 'enterprise', id: e.id } });
    expect(await head.page('/console/funds')).toContain(`data-report="${r!.id}"`);
    expect((await decide(head, r!.id, { decision: 'reject', reason: '请上传盖章回单' })).status).toBe(303);
    const told = await mails((m) => m.to.includes('shen@xintu.example.cn') && m.subject.includes('已退回'));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('请上传盖章回单');
    expect(await portal.page(`/portal/funds?t=${token}`)).toContain('请上传盖章回单');
  });

  it('stores nothing on a bad file, no file, or evidence dated in the future', async () => {
    const before = (await fundsReportsOf(stack.deps.db, e.id)).length;
    const notPdf = await report(officer, { kind: 'funds', amount: '10', evidenceDate: '2026-06-10' }, [
      { field: 'attachments', name: 'receipt.pdf', bytes: Buffer.from('<html>'), type: 'application/pdf' },
    ]);
    expect(notPdf.status).toBe(400);
    expect(await notPdf.text()).toContain('id="f-attachments-error"');
    const none = await report(officer, { kind: 'funds', amount: '10', evidenceDate: '2026-06-10' }, []);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('请上传到位凭证');
    const future = await report(officer, { kind: 'funds', amount: '10', evidenceDate: '2026-06-16' });
    expect(future.status).toBe(400);
    expect(await future.text()).toContain('id="f-evidenceDate-error"');
    const cumulative = await report(officer, { kind: 'funds', amount: '0', evidenceDate: '2026-06-10' });
    expect(cumulative.status).toBe(400);
    // Evidence from before the project was signed (2 March).
    const early = await report(officer, { kind: 'funds', amount: '10', evidenceDate: '2026-02-27' });
    expect(early.status).toBe(400);
    expect(await early.text()).toContain('凭证日期不能早于项目签约日期');
    // Every problem at once: a future date and no evidence are both shown.
    const both = await report(officer, { kind: 'funds', amount: '10', evidenceDate: '2026-06-16' }, []);
    expect(both.status).toBe(400);
    const bothText = await both.text();
    expect(bothText).toContain('id="f-evidenceDate-error"');
    expect(bothText).toContain('请上传到位凭证');
    expect((await fundsReportsOf(stack.deps.db, e.id)).length).toBe(before);
  });

  it('a back-dated amount raises the later funds lines; one verified after its month closed counts as late', async () => {
    // A June report (on time when made, 15 June) …
    const june = await reportId(
      await report(officer, { kind: 'funds', amount: '40', evidenceDate: '2026-06-12' }),
    );
    // … and an April one made now (late), verified first: then June's, after June closed (7 July).
    const april = await reportId(
      await report(officer, { kind: 'funds', amount: '25', evidenceDate: '2026-04-10' }),
    );
    const before = (await getEnterprise(stack.deps.db, e.id))!.fundsInPlace;
    expect((await decide(head, april, { decision: 'verify' })).status).toBe(303);
    stack.clock.advance('P30D'); // 15 July: sessions from June have expired
    await signIn(head, zone.head.email);
    await signIn(officer, zone.officer.email);
    expect((await decide(head, june, { decision: 'verify' })).status).toBe(303);
    await stack.engine.idle();
    const file = await getEnterpriseFile(stack.deps.db, e.id);
    expect(file!.enterprise.fundsInPlace).toBe(before + 65);
    // Every line's total is what had arrived by its date, April's amount included in the later ones.
    const lines = [...file!.funds].sort((a, b) => (a.asOf < b.asOf ? -1 : 1));
    expect(lines.at(-1)).toMatchObject({ asOf: '2026-06-12', total: before + 65 });
    for (const line of lines.filter((l) => l.asOf >= '2026-04-10'))
      expect(line.total, line.asOf).toBeGreaterThanOrEqual(25);
    expect((await scores('2026-06')).fundsArrivedLate).toBe(40);
    expect((await fundsReportsOf(stack.deps.db, e.id)).find((r) => r.id === june)).toMatchObject({
      late: true,
    });
  });

  it('refuses the same report sent twice while the first waits', async () => {
    const fields = { kind: 'fixedAssets', amount: '77', evidenceDate: '2026-07-14' };
    await reportId(await report(officer, fields));
    const again = await report(officer, fields);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('已经报送，正在等待核实');
  });

  it('takes no funds for a project in talks or stopped', async () => {
    await exitProject(
      stack.deps,
      e.id,
      { kind: 'withdrawn', reason: '投资方撤回', date: '2026-07-15' },
      system,
    );
    // The form page says so instead of offering a form to fill in.
    const page = await officer.page(`/console/funds/new?e=${e.id}`);
    expect(page).toContain('只有已签约、未终止的项目才能报送到位资金');
    expect(page).not.toContain('name="evidenceDate"');
    // And so does the enterprise's own portal page.
    const portal = new Client(stack.url);
    const link = path(portalLink(stack.deps, (await getEnterprise(stack.deps.db, e.id))!));
    const token = new URL(link, 'http://x').searchParams.get('t')!;
    const portalPage = await portal.page(`/portal/funds?t=${token}`);
    expect(portalPage).toContain('只有已签约、未终止的项目才能报送到位资金');
    expect(portalPage).not.toContain('name="evidenceDate"');
    const refused = await report(officer, { kind: 'funds', amount: '10', evidenceDate: '2026-07-10' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('只有已签约、未终止的项目才能报送到位资金');
  });
});
