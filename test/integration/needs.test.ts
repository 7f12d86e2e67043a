import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needFigures } from '#shared/needs/figures.ts';
import { handOverNeed } from '#shared/needs/hand-over.ts';
import { revokePortalLinks } from '#shared/needs/portal.ts';
import { getEnterpriseFile } from '#shared/store/enterprises.ts';
import { getNeed } from '#shared/store/needs.ts';
import { Client, outbox, signIn } from '../support/client.ts';
import { makeZone, system, type Zone } from '../support/fixtures.ts';
import { needSteps, path, refOf } from '../support/needs.ts';
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

// The needs here are the service officer's: with no route each reaches the coordinator, who gives it to the officer.
const { today, newest, enterprise, submitNeed, submitRouted, handle, rate, needByRef } = needSteps(
  () => ({ stack, zone }),
  { owner: () => zone.officer },
);

describe('an enterprise need', () => {
  it('goes from the portal through sign-for, a committed date and an answer to a satisfied rating', async () => {
    const officerFigures = async () =>
      (await needFigures(stack.deps)).staff.find((s) => s.id === zone.officer.id)!;
    const before = await officerFigures();
    const { e, portal } = await enterprise('诉求一号有限公司', 'one@ent.example.cn');
    const client = new Client(stack.url);
    expect(await client.page(portal)).toContain('诉求一号有限公司');
    const res = await submitNeed(client, portal, {});
    expect(res.status).toBe(303);
    const ref = refOf(res);
    expect(ref).toMatch(/^XQ-20260921-/);
    const shown = await client.page(path(new URL(res.headers.get('location')!, stack.url).toString()));
    expect(shown).toContain(ref);
    expect(shown).toContain('待签收');
    let need = await needByRef(e.id, ref);
    // The enterprise is promised its own need's deadline (close of business on the next working day, Shanghai
    // time), not a stock "one working day".
    expect(shown).toContain('我们会在 2026-09-22 17:30 前签收');
    expect(need).toMatchObject({ status: 'routed', ownerId: zone.officer.id, urgency: 'normal' });

    // The owner (here the service officer) signs for it from the emailed link.
    const ownerMail = await newest((m) => m.to.includes(zone.officer.email) && m.subject.includes(ref));
    const link = path(ownerMail.links[0]!);
    const late = await handle(link, { action: 'signFor', committedDate: '2027-06-01' });
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('超出办理时限');
    expect((await handle(link, { action: 'signFor', committedDate: '2026-09-25' })).status).toBe(303);
    need = await needByRef(e.id, ref);
    expect(need).toMatchObject({ status: 'committed', committedDate: '2026-09-25' });
    const seen = await client.page(portal);
    expect(seen).toContain('2026-09-25'); // the enterprise sees the committed date
    // …and who handles it, by name, and who signed for it.
    expect(seen).toContain('承办部门</dt><dd>招商一局 · 陈静</dd>');
    expect(seen).toContain('签收诉求 · 陈静');
    // The submitted page opened again: its deadline has moved on, so it only says it was submitted.
    const reopened = await client.page(path(new URL(res.headers.get('location')!, stack.url).toString()));
    expect(reopened).toContain(`诉求已提交，编号 ${ref}。<`);

    expect(
      (await handle(link, { action: 'resolve', answer: '已协调供电公司，10月15日前完成双回路接入。' }))
        .status,
    ).toBe(303);
    const rateMail = await newest((m) => m.to.includes('one@ent.example.cn') && m.subject.includes('请评价'));
    // The rating page names the need; sent with no rating chosen, it says so beside the choices.
    expect(await new Client(stack.url).page(path(rateMail.links[0]!))).toContain(
      `<h2 data-need-title="true">${need.title}</h2>`,
    );
    // The portal offers the same rating page to an enterprise that did not keep the mail.
    const answered = await client.page(portal);
    const fromPortal = /href="([^"]+)" data-rate-link/.exec(answered)?.[1]?.replaceAll('&amp;', '&');
    expect(fromPortal).toMatch(/^\/rate\?t=/);
    expect(await new Client(stack.url).page(fromPortal!)).toContain('<legend>评价诉求办理</legend>');
    const unrated = await rate(path(rateMail.links[0]!), { comment: '' });
    expect(unrated.status).toBe(400);
    expect(await unrated.text()).toMatch(
      /<p class="field-error" id="f-rating-error" role="alert">[^<]+<\/p><\/fieldset>/,
    );
    expect((await rate(path(rateMail.links[0]!), { rating: 'satisfied', comment: '谢谢' })).status).toBe(303);
    need = await needByRef(e.id, ref);
    // Rated: the portal shows the rating given, and no longer offers to rate.
    const rated = await client.page(portal);
    expect(rated).toContain('<dt>企业评价</dt><dd data-rating="satisfied">满意</dd>');
    expect(rated).not.toContain('data-rate-link');
    // Rated: the coordinator's return visit (回访) ends it.
    expect(need).toMatchObject({ status: 'revisit', rating: 'satisfied' });
    const visit = await newest((m) => m.to.includes(zone.manager.email) && m.subject.includes(ref));
    expect(
      (await handle(path(visit.links[0]!), { action: 'revisit', resolved: 'yes', satisfied: 'yes' })).status,
    ).toBe(303);
    need = await needByRef(e.id, ref);
    expect(need).toMatchObject({ status: 'closed', outcome: 'revisited' });
    // The manager's return visit is on the portal's record, unnamed: an enterprise sees only its officer's and its
    // needs' owners' names.
    const record = await client.page(portal);
    expect(record).toContain('回访');
    expect(record).not.toContain(zone.manager.name);
    const after = await officerFigures();
    // Opened by the coordinator it first reached; signed for, answered and rated as the officer's.
    expect(after.counts.opened - before.counts.opened).toBe(0);
    expect(after.counts.signedForOnTime - before.counts.signedForOnTime).toBe(1);
    expect(after.counts.resolvedOnTime - before.counts.resolvedOnTime).toBe(1);
    expect(after.counts.satisfied - before.counts.satisfied).toBe(1);
    expect(after.satisfactionRate).toBe(1);
    const department = (await needFigures(stack.deps)).departments.find(
      (d) => d.id === zone.officer.departmentId,
    )!;
    expect(department.counts.resolved).toBeGreaterThanOrEqual(1);
    // A second rating from the same link changes nothing.
    const again = await rate(path(rateMail.links[0]!), { rating: 'unsatisfied', comment: '再评一次' });
    expect(new URL(again.headers.get('location')!, 'http://x').searchParams.get('done')).toBe('stale');
    expect((await needByRef(e.id, ref)).status).toBe('closed');
    const actions = (await getEnterpriseFile(stack.deps.db, e.id))!.timeline
      .filter((a) => a.subject.id === need.id)
      .map((a) => a.action);
    expect(actions).toEqual([
      'need.opened',
      'need.handedOver',
      'need.signedFor',
      'need.resolved',
      'need.rated',
      'need.revisited',
    ]);
  }, 60_000);

  it('is redone when the enterprise is unsatisfied, and goes to a manager after too many redos', async () => {
    const { e, portal } = await enterprise('诉求二号有限公司', 'two@ent.example.cn');
    const ref = refOf(
      await submitNeed(new Client(stack.url), portal, { category: 'hiring', title: '招聘50名技工' }),
    );
    const link = path((await newest((m) => m.subject.includes(ref))).links[0]!);
    await handle(link, { action: 'signFor', committedDate: today() });
    for (let round = 1; round <= 3; round++) {
      await handle(link, { action: 'resolve', answer: `第${round}次答复` });
      const rateMail = await newest((m) => m.to.includes('two@ent.example.cn') && m.subject.includes(ref));
      await rate(path(rateMail.links[0]!), { rating: 'unsatisfied', comment: '没有解决' });
      const need = await needByRef(e.id, ref);
      if (round <= 2) expect(need).toMatchObject({ status: 'committed', redoCount: round });
      else expect(need).toMatchObject({ status: 'escalated', redoCount: 3 });
    }
    // The managers are told, each with a link that lets them decide.
    const managerMail = await newest((m) => m.to.includes(zone.manager.email) && m.subject.includes(ref));
    expect(managerMail.subject).toContain('需要决定');
    // The deciding manager sees the last complaint.
    expect(await new Client(stack.url).page(path(managerMail.links[0]!))).toContain('没有解决');
    expect(
      (await handle(path(managerMail.links[0]!), { action: 'decide', decision: '由人社局专项对接' })).status,
    ).toBe(303);
    // The decision is the answer (the last one superseded), and the enterprise is told it.
    expect(await needByRef(e.id, ref)).toMatchObject({
      status: 'closed',
      outcome: 'decided',
      answer: '由人社局专项对接',
    });
    const told = await newest((m) => m.to.includes('two@ent.example.cn') && m.subject.includes(ref));
    expect(told.text).toContain('由人社局专项对接');
  }, 60_000);

  it('can be returned as not ours, and a manager re-routes it to another department', async () => {
    const { e, portal } = await enterprise('诉求三号有限公司', 'three@ent.example.cn');
    const ref = refOf(
      await submitNeed(new Client(stack.url), portal, { category: 'land', title: '增加用地指标' }),
    );
    const link = path((await newest((m) => m.subject.includes(ref))).links[0]!);
    expect((await handle(link, { action: 'return', reason: '' })).status).toBe(400);
    expect((await handle(link, { action: 'return', reason: '用地指标归规划建设局' })).status).toBe(303);
    expect((await needByRef(e.id, ref)).status).toBe('returned');
    const managerMail = await newest((m) => m.to.includes(zone.manager.email) && m.subject.includes(ref));
    // The manager sees why it was returned, in the mail and on the page.
    expect(managerMail.text).toContain('用地指标归规划建设局');
    expect(await new Client(stack.url).page(path(managerMail.links[0]!))).toContain('用地指标归规划建设局');
    // The officer's own link cannot re-route.
    expect((await handle(link, { action: 'reroute', departmentId: zone.head.departmentId })).status).toBe(
      403,
    );
    expect(
      (await handle(path(managerMail.links[0]!), { action: 'reroute', departmentId: zone.head.departmentId }))
        .status,
    ).toBe(303);
    expect(await needByRef(e.id, ref)).toMatchObject({ status: 'routed', ownerId: zone.head.id });
    expect(
      (await outbox(stack.url)).some((m) => m.to.includes(zone.head.email) && m.subject.includes(ref)),
    ).toBe(true);
  }, 60_000);

  it('reminds the owner and escalates when sign-for is late, on working days', async () => {
    const { e, portal } = await enterprise('诉求四号有限公司', 'four@ent.example.cn');
    const ref = refOf(await submitNeed(new Client(stack.url), portal, { title: '催办测试' }));
    const sent: string[] = [];
    const seen = new Set((await outbox(stack.url)).map((m) => m.id));
    for (let day = 0; day < 7; day++) {
      stack.clock.advance('P1D');
      await stack.engine.idle();
      for (const m of (await outbox(stack.url)).reverse()) {
        if (seen.has(m.id) || !m.subject.includes(ref)) continue;
        seen.add(m.id);
        sent.push(
          `${stack.deps.calendar.localDate(new Date(m.sentAt))} ${m.subject.match(/^【(.+?)】/)![1]} ${m.to[0]!.split('@')[0]}`,
        );
      }
    }
    // Due at close of business on the next working day (Tue 22 Sep). Fri 25 Sep is the Mid-Autumn Festival.
    expect(sent.sort()).toEqual([
      '2026-09-22 诉求提醒 officer',
      '2026-09-23 诉求提醒 officer',
      '2026-09-23 诉求督办 head', // 1 working day late
      '2026-09-24 诉求提醒 officer',
      '2026-09-28 诉求提醒 officer',
      '2026-09-28 诉求督办 manager', // 3 working days late: 23, 24, 28 Sep
    ]);
    const need = await needByRef(e.id, ref);
    expect(need.status).toBe('routed');
  }, 60_000);

  it('closes without a rating once the rating window has passed', async () => {
    const { e, portal } = await enterprise('诉求五号有限公司', 'five@ent.example.cn');
    const ref = refOf(await submitNeed(new Client(stack.url), portal, { title: '未评价测试' }));
    const link = path((await newest((m) => m.subject.includes(ref))).links[0]!);
    await handle(link, { action: 'signFor', committedDate: today() });
    await handle(link, { action: 'resolve', answer: '已办理' });
    stack.clock.advance('P3D');
    await stack.engine.idle();
    expect((await needByRef(e.id, ref)).status).toBe('resolved'); // five working days to rate
    stack.clock.advance('P20D'); // past the window, whatever holidays it crossed
    await stack.engine.idle();
    // Not rated in time: the return visit asks instead.
    expect(await needByRef(e.id, ref)).toMatchObject({ status: 'revisit', rating: 'none' });
  }, 60_000);
});

describe('the enterprise portal', () => {
  it('shows field errors in the form’s language for every bad field, and stores nothing', async () => {
    const { e, portal } = await enterprise('表单校验有限公司', 'form@ent.example.cn');
    const client = new Client(stack.url);
    const res = await submitNeed(client, portal, {
      category: 'spaceflight',
      title: '',
      description: 'x'.repeat(2001),
      urgency: 'panic',
      contactName: '',
      contactPhone: '123',
    });
    expect(res.status).toBe(400);
    const page = await res.text();
    for (const [field, text] of [
      ['category', '请选择类别'],
      ['title', '必填'],
      ['description', '内容过长'],
      ['urgency', '格式不正确'],
      ['contactName', '必填'],
      ['contactPhone', '电话格式不正确'],
    ]) {
      expect(page, field).toMatch(new RegExp(`id="f-${field}-error"[^>]*>${text}`));
    }
    expect(page).toContain(`>${'x'.repeat(2001)}</textarea>`); // what was typed is kept, in a multi-line field
    expect((await getEnterpriseFile(stack.deps.db, e.id))!.needs).toEqual([]);
    const en = new Client(stack.url);
    await en.page(`${portal}&lang=en`);
    const english = await en.submit('/portal', {
      t: new URL(portal, stack.url).searchParams.get('t')!,
      title: '',
    });
    expect(await english.text()).toContain('Required');
  });

  it('shows one enterprise only its own needs, and refuses forged and revoked links', async () => {
    const a = await enterprise('甲企业有限公司', 'a@ent.example.cn');
    const b = await enterprise('乙企业有限公司', 'b@ent.example.cn');
    const refA = refOf(await submitNeed(new Client(stack.url), a.portal, { title: '甲的诉求' }));
    const refB = refOf(await submitNeed(new Client(stack.url), b.portal, { title: '乙的诉求' }));
    const pageA = await new Client(stack.url).page(a.portal);
    expect(pageA).toContain(refA);
    expect(pageA).not.toContain(refB);
    expect(pageA).not.toContain('乙的诉求');

    const tokenA = new URL(a.portal, stack.url).searchParams.get('t')!;
    const [, sig] = tokenA.split('.');
    const forged = `${Buffer.from(JSON.stringify({ p: 'portal', s: b.e.id, x: 4102444800 })).toString('base64url')}.${sig}`;
    expect((await fetch(`${stack.url}/portal?t=${forged}`)).status).toBe(403);
    // Submitting with a forged link stores nothing for B either.
    const client = new Client(stack.url);
    await client.page('/signin');
    expect(
      (
        await client.submit('/portal', {
          t: forged,
          category: 'other',
          title: 'x',
          description: 'y',
          contactName: 'z',
          contactPhone: '13900000001',
        })
      ).status,
    ).toBe(403);
    expect((await getEnterpriseFile(stack.deps.db, b.e.id))!.needs.map((n) => n.ref)).toEqual([refB]);

    await revokePortalLinks(stack.deps, a.e.id, system);
    const revoked = await fetch(`${stack.url}${a.portal}`);
    expect(revoked.status).toBe(410);
    const fresh = await newest((m) => m.to.includes('a@ent.example.cn') && m.links[0]!.includes('/portal?'));
    expect(await new Client(stack.url).page(path(fresh.links[0]!))).toContain(refA);
    expect(await getNeed(stack.deps.db, b.e.id, (await needByRef(b.e.id, refB)).id)).toBeDefined();
  }, 60_000);
});

describe('needs from the console', () => {
  it('lets an officer open a need on the enterprise’s behalf, and a manager re-send or revoke its portal link', async () => {
    const { e, portal } = await enterprise('控制台诉求有限公司', 'console@ent.example.cn');
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    await officer.page(`/console/enterprises/${e.id}`);
    const bad = await officer.submit(`/console/enterprises/${e.id}/need`, {
      category: 'financing',
      title: '',
    });
    expect(bad.status).toBe(400);
    expect((await getEnterpriseFile(stack.deps.db, e.id))!.needs).toEqual([]);
    officer.lastHtml = await bad.text();
    const ok = await officer.submit(`/console/enterprises/${e.id}/need`, {
      category: 'financing',
      title: '流动资金贷款对接',
      description: '走访时企业提出，需要对接两家银行。',
      contactName: '企业联系人',
      contactPhone: '13900000001',
    });
    expect(ok.status).toBe(303);
    await stack.engine.idle();
    const [need] = (await getEnterpriseFile(stack.deps.db, e.id))!.needs;
    expect(need).toMatchObject({ title: '流动资金贷款对接', status: 'routed' });
    expect(await officer.page(`/console/enterprises/${e.id}`)).toContain(need!.ref);
    expect(await new Client(stack.url).page(portal)).toContain(need!.ref); // the enterprise sees it too

    const manager = new Client(stack.url);
    await signIn(manager, zone.manager.email);
    await manager.page(`/console/enterprises/${e.id}`);
    const count = async () =>
      (await outbox(stack.url)).filter((m) => m.to.includes('console@ent.example.cn')).length;
    const before = await count();
    expect((await manager.submit(`/console/enterprises/${e.id}/portal-resend`, {})).status).toBe(303);
    expect(await count()).toBe(before + 1);
    expect((await fetch(`${stack.url}${portal}`)).status).toBe(200); // re-sending keeps the old link working
    await manager.page(`/console/enterprises/${e.id}`);
    expect((await manager.submit(`/console/enterprises/${e.id}/portal-revoke`, {})).status).toBe(303);
    expect((await fetch(`${stack.url}${portal}`)).status).toBe(410);
  }, 60_000);
});

describe('extensions', () => {
  it('are asked for with a reason, and approved or refused by the department head', async () => {
    const { e, portal } = await enterprise('延期测试有限公司', 'ext@ent.example.cn');
    const ref = refOf(
      await submitNeed(new Client(stack.url), portal, { category: 'permits', title: '环评审批' }),
    );
    const link = path(
      (await newest((m) => m.to.includes(zone.officer.email) && m.subject.includes(ref))).links[0]!,
    );
    await handle(link, { action: 'signFor', committedDate: today() });
    // Beyond the permits clock (10 working days), within one more clock of the same length (the most one extension
    // may give); a refusal leaves room to ask again, an approval does not.
    const far = stack.deps.calendar.addWorkingDays(today(), 15);
    expect((await handle(link, { action: 'extend', extendTo: today(), reason: '等待专家评审' })).status).toBe(
      400,
    );
    expect(
      (
        await handle(link, {
          action: 'extend',
          extendTo: stack.deps.calendar.addWorkingDays(today(), 40),
          reason: '等待',
        })
      ).status,
    ).toBe(400);
    expect((await handle(link, { action: 'extend', extendTo: far, reason: '等待专家评审' })).status).toBe(
      303,
    );
    expect((await needByRef(e.id, ref)).extension).toMatchObject({ to: far, status: 'pending' });
    // The officer cannot approve their own request.
    expect((await handle(link, { action: 'decideExtension', approve: 'yes' })).status).toBe(403);
    const first = await newest((m) => m.to.includes(zone.head.email) && m.subject.includes(ref));
    expect(first.subject).toContain('申请延期');
    expect((await handle(path(first.links[0]!), { action: 'decideExtension', approve: 'no' })).status).toBe(
      303,
    );
    let need = await needByRef(e.id, ref);
    expect(need).toMatchObject({ committedDate: today(), extension: { status: 'refused', to: far } });

    await handle(link, { action: 'extend', extendTo: far, reason: '专家评审已排期' });
    const headMail = await newest((m) => m.to.includes(zone.head.email) && m.subject.includes(ref));
    expect(
      (await handle(path(headMail.links[0]!), { action: 'decideExtension', approve: 'yes' })).status,
    ).toBe(303);
    need = await needByRef(e.id, ref);
    expect(need).toMatchObject({
      committedDate: far,
      resolveBy: far,
      extension: { status: 'approved', decidedBy: zone.head.id },
    });
    expect(need.dueAt).toBe(stack.deps.calendar.closeOfBusiness(far).toISOString());

    // One extension approved: no second.
    const further = stack.deps.calendar.addWorkingDays(far, 2);
    expect((await handle(link, { action: 'extend', extendTo: further, reason: '再等一轮' })).status).toBe(
      400,
    );
    need = await needByRef(e.id, ref);
    expect(need).toMatchObject({ committedDate: far, extension: { status: 'approved', to: far } });
    const actions = (await getEnterpriseFile(stack.deps.db, e.id))!.timeline.map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['need.extensionRequested', 'need.extensionApproved', 'need.extensionRefused']),
    );
  }, 60_000);
});

describe('attachments', () => {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('测试附件内容')]);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

  async function submitWithFiles(portal: string, files: { name: string; bytes: Buffer; type: string }[]) {
    const client = new Client(stack.url);
    const page = await client.page(portal);
    const form = new FormData();
    form.set('_csrf', /name="_csrf" value="([^"]+)"/.exec(page)![1]!);
    form.set('t', new URL(portal, stack.url).searchParams.get('t')!);
    for (const [k, v] of Object.entries({
      category: 'permits',
      title: '施工许可材料',
      description: '附上设计图纸与说明。',
      contactName: '企业联系人',
      contactPhone: '13900000001',
    })) {
      form.set(k, v);
    }
    for (const f of files)
      form.append('attachments', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
    const res = await fetch(`${stack.url}/portal`, {
      method: 'POST',
      body: form,
      headers: { cookie: [...client.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      redirect: 'manual',
    });
    await stack.engine.idle();
    return res;
  }

  it('are kept with the need and downloaded, unchanged, by the enterprise and by the owner', async () => {
    const { e, portal } = await enterprise('附件测试有限公司', 'files@ent.example.cn');
    const res = await submitWithFiles(portal, [
      { name: '设计说明.pdf', bytes: pdf, type: 'application/pdf' },
      { name: 'site.png', bytes: png, type: 'image/png' },
    ]);
    expect(res.status).toBe(303);
    const need = await needByRef(e.id, refOf(res));
    expect(need.attachments.map((a) => [a.name, a.type, a.size])).toEqual([
      ['设计说明.pdf', 'application/pdf', pdf.length],
      ['site.png', 'image/png', png.length],
    ]);
    const page = await new Client(stack.url).page(portal);
    const href = /href="(\/attachments\?[^"]+)"/.exec(page)![1]!.replaceAll('&amp;', '&');
    const download = await fetch(`${stack.url}${href}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain("attachment; filename*=UTF-8''");
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);

    const ownerLink = new URL((await newest((m) => m.subject.includes(need.ref))).links[0]!);
    const staffHref = /href="(\/attachments\?[^"]+)"/.exec(
      await new Client(stack.url).page(`${ownerLink.pathname}${ownerLink.search}`),
    )![1]!;
    const staffDownload = await fetch(`${stack.url}${staffHref.replaceAll('&amp;', '&')}`);
    expect(Buffer.from(await staffDownload.arrayBuffer()).equals(pdf)).toBe(true);

    // Another enterprise's portal link cannot fetch it.
    const other = await enterprise('别家有限公司', 'other-files@ent.example.cn');
    const foreign = new URL(href, stack.url);
    foreign.searchParams.set('t', new URL(other.portal, stack.url).searchParams.get('t')!);
    expect((await fetch(foreign)).status).toBe(404);
  }, 60_000);

  it('refuses other kinds, large files and too many, storing nothing', async () => {
    const { e, portal } = await enterprise('附件校验有限公司', 'badfiles@ent.example.cn');
    const exe = Buffer.from('MZ\x90\x00 pretending to be a pdf');
    for (const [files, text] of [
      [[{ name: 'a.pdf', bytes: exe, type: 'application/pdf' }], '只能上传 PDF、PNG 或 JPEG 文件'],
      [
        [
          {
            name: 'big.pdf',
            bytes: Buffer.concat([pdf, Buffer.alloc(2 * 1024 * 1024)]),
            type: 'application/pdf',
          },
        ],
        '单个附件不能超过 2 MB',
      ],
      [[1, 2, 3, 4].map((i) => ({ name: `${i}.png`, bytes: png, type: 'image/png' })), '最多上传 3 个附件'],
      // Three files of 1.4 MB: each is allowed, together more than the 4 MB a Lambda event (6 MB, base64) leaves.
      [
        [1, 2, 3].map((i) => ({
          name: `${i}.pdf`,
          bytes: Buffer.concat([pdf, Buffer.alloc(1.4 * 1024 * 1024)]),
          type: 'application/pdf',
        })),
        '附件合计不能超过 4 MB',
      ],
    ] as const) {
      const res = await submitWithFiles(portal, [...files]);
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(new RegExp(`id="f-attachments-error"[^>]*>${text}`));
    }
    expect((await getEnterpriseFile(stack.deps.db, e.id))!.needs).toEqual([]);
    // Larger than a Lambda event can carry: refused before the app, saying why, as AWS would refuse it.
    const huge = await submitWithFiles(portal, [
      { name: 'a.pdf', bytes: Buffer.concat([pdf, Buffer.alloc(5 * 1024 * 1024)]), type: 'application/pdf' },
    ]);
    expect(huge.status).toBe(413);
    expect((await huge.json()).message).toMatch(/AWS Lambda accepts 6 MB/);
    expect((await getEnterpriseFile(stack.deps.db, e.id))!.needs).toEqual([]);
  }, 60_000);
});

describe('redo and routing', () => {
  it('reopens an unsatisfying answer for a redo, and closes when the redo satisfies', async () => {
    const { e, portal } = await enterprise('重办满意有限公司', 'redo@ent.example.cn');
    const ref = refOf(
      await submitNeed(new Client(stack.url), portal, { category: 'incentives', title: '兑现设备补贴' }),
    );
    const link = path((await newest((m) => m.subject.includes(ref))).links[0]!);
    await handle(link, { action: 'signFor', committedDate: today() });
    await handle(link, { action: 'resolve', answer: '请补充材料' });
    await rate(
      path((await newest((m) => m.to.includes('redo@ent.example.cn') && m.subject.includes(ref))).links[0]!),
      { rating: 'unsatisfied', comment: '材料已齐' },
    );
    expect(await needByRef(e.id, ref)).toMatchObject({ status: 'committed', redoCount: 1 });
    // The owner is told to answer again.
    const again = (await outbox(stack.url)).filter(
      (m) => m.to.includes(zone.officer.email) && m.subject.includes(ref),
    );
    expect(again.length).toBeGreaterThanOrEqual(2);
    await handle(link, { action: 'resolve', answer: '补贴已拨付' });
    await rate(
      path((await newest((m) => m.to.includes('redo@ent.example.cn') && m.subject.includes(ref))).links[0]!),
      { rating: 'basicallySatisfied' },
    );
    expect(await needByRef(e.id, ref)).toMatchObject({
      status: 'revisit',
      rating: 'basicallySatisfied',
      redoCount: 1,
    });
  }, 60_000);

  it('routes each category to the department a manager chooses, through the API', async () => {
    const manager = new Client(stack.url);
    await signIn(manager, zone.manager.email);
    await manager.page('/console');
    const headers = { 'x-csrf-token': /name="_csrf" value="([^"]+)"/.exec(manager.lastHtml)![1]! };
    const bad = await manager.request('/api/v1/settings/need-routing', {
      method: 'PUT',
      json: { land: '01JZZZZZZZZZZZZZZZZZZZZZZZ' },
      headers,
    });
    expect(bad.status).toBe(400);
    const ok = await manager.request('/api/v1/settings/need-routing', {
      method: 'PUT',
      json: { land: zone.head.departmentId },
      headers,
    });
    expect(ok.status).toBe(200);
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    await officer.page('/console');
    const refused = await officer.request('/api/v1/settings/need-routing', {
      method: 'PUT',
      json: {},
      headers: { 'x-csrf-token': /name="_csrf" value="([^"]+)"/.exec(officer.lastHtml)![1]! },
    });
    expect(refused.status).toBe(403);

    const { e, portal } = await enterprise('分派测试有限公司', 'route@ent.example.cn');
    const land = refOf(
      await submitRouted(new Client(stack.url), portal, { category: 'land', title: '用地' }),
    );
    const other = refOf(
      await submitRouted(new Client(stack.url), portal, { category: 'hiring', title: '用工' }),
    );
    expect((await needByRef(e.id, land)).ownerId).toBe(zone.head.id); // the routed department's head
    // Not in the table: the coordinator — none named, so the first active manager — not the service officer.
    expect((await needByRef(e.id, other)).ownerId).toBe(zone.manager.id);
  }, 60_000);
});

// Last: it moves the clock on a week.
describe('a late need a department head owns', () => {
  it("tells the managers once when the late need is a head's own: the head escalation goes to them, not a second time", async () => {
    const { e, portal } = await enterprise('诉求督办一次有限公司', 'once@ent.example.cn');
    const ref = refOf(await submitNeed(new Client(stack.url), portal, { title: '局长自办' }));
    const need = await needByRef(e.id, ref);
    await handOverNeed(stack.deps, { enterpriseId: e.id, needId: need.id }, zone.head, system);
    const seen = new Set((await outbox(stack.url)).map((m) => m.id));
    const escalations: string[] = [];
    for (let day = 0; day < 7; day++) {
      stack.clock.advance('P1D');
      await stack.engine.idle();
      for (const m of await outbox(stack.url)) {
        if (seen.has(m.id) || !m.subject.includes(ref)) continue;
        seen.add(m.id);
        if (m.subject.startsWith('【诉求督办】')) escalations.push(m.to.join());
      }
    }
    // Five working days late and more: the head is the owner, so the managers are told, once.
    expect(escalations).toEqual([zone.manager.email]);
  }, 60_000);
});
