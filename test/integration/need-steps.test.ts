import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLOCKS, setClocks } from '#shared/needs/clocks.ts';
import { Client, outbox } from '../support/client.ts';
import { makeZone, type Zone } from '../support/fixtures.ts';
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
const { today, newest, enterprise, submitNeed, handle, rate, needByRef } = needSteps(
  () => ({ stack, zone }),
  {
    owner: () => zone.officer,
  },
);

/** The mails the enterprise's contact got about a need, oldest first. */
const enterpriseMails = async (email: string, ref: string) =>
  (await outbox(stack.url)).filter((m) => m.to.includes(email) && m.subject.includes(ref)).reverse();

describe('more time on a need, from its page', () => {
  it('is not approved beyond the limits as they stand when it is decided (a request made before they changed)', async () => {
    const { e, portal } = await enterprise('延期复核有限公司', 'extcheck@ent.example.cn');
    const ref = refOf(
      await submitNeed(new Client(stack.url), portal, { category: 'permits', title: '延期复核' }),
    );
    const ownerLink = path(
      (await newest((m) => m.to.includes(zone.officer.email) && m.subject.includes(ref))).links[0]!,
    );
    await handle(ownerLink, {
      action: 'signFor',
      committedDate: stack.deps.calendar.addWorkingDays(today(), 2),
    });
    const to = stack.deps.calendar.addWorkingDays(today(), 12);
    expect(
      (await handle(ownerLink, { action: 'extend', extendTo: to, reason: '等待消防审查意见' })).status,
    ).toBe(303);
    // Then the managers shorten every clock to one working day: 12 more days is now beyond the limit.
    const system = { actor: { kind: 'system' as const }, channel: 'system' as const };
    const day = { signForHours: 7, resolveSimpleDays: 1, resolveComplexDays: 1 };
    const short = { normal: day, urgent: { ...day, firstContactHours: 1 } };
    await setClocks(stack.deps, { consult: short, help: short, complaint: short, suggestion: short }, system);
    try {
      const headMail = await newest((m) => m.to.includes(zone.head.email) && m.subject.includes(ref));
      const refused = await handle(path(headMail.links[0]!), { action: 'decideExtension', approve: 'yes' });
      expect(refused.status).toBe(400);
      expect(await needByRef(e.id, ref)).toMatchObject({ extension: { status: 'pending', to } });
    } finally {
      await setClocks(stack.deps, DEFAULT_CLOCKS, system);
    }
  });

  it('is asked for by the owner before the deadline, decided by the head, and told to the enterprise', async () => {
    const { e, portal } = await enterprise('延期页面有限公司', 'extpage@ent.example.cn');
    const ref = refOf(
      await submitNeed(new Client(stack.url), portal, { category: 'permits', title: '施工许可加急' }),
    );
    const ownerLink = path(
      (await newest((m) => m.to.includes(zone.officer.email) && m.subject.includes(ref))).links[0]!,
    );
    await handle(ownerLink, {
      action: 'signFor',
      committedDate: stack.deps.calendar.addWorkingDays(today(), 2),
    });

    // The owner's page offers the request, with a date and a reason.
    const owner = new Client(stack.url);
    const page = await owner.page(ownerLink);
    expect(page).toContain('name="action" value="extend"');
    expect(page).toContain('name="extendTo"');
    const to = stack.deps.calendar.addWorkingDays(today(), 12);
    expect(
      (await handle(ownerLink, { action: 'extend', extendTo: to, reason: '等待消防审查意见' })).status,
    ).toBe(303);
    const pending = await new Client(stack.url).page(ownerLink);
    expect(pending).toContain('延期申请待审批');
    expect(pending).not.toContain('value="decideExtension"'); // never the requester's own decision

    // The head's link shows the decision, and approving moves the committed date.
    const headMail = await newest((m) => m.to.includes(zone.head.email) && m.subject.includes(ref));
    const headPage = await new Client(stack.url).page(path(headMail.links[0]!));
    expect(headPage).toContain('value="decideExtension"');
    expect(
      (await handle(path(headMail.links[0]!), { action: 'decideExtension', approve: 'yes' })).status,
    ).toBe(303);
    expect(await needByRef(e.id, ref)).toMatchObject({
      committedDate: to,
      extension: { status: 'approved' },
    });
    expect(await new Client(stack.url).page(ownerLink)).toContain(`已批准延期至 ${to}`);
    // The requester hears the decision too.
    const decided = await newest(
      (m) => m.to.includes(zone.officer.email) && m.subject.includes('延期申请已批准'),
    );
    expect(decided.subject).toContain(to);

    // The enterprise is told the new date, with its portal link, and sees it there.
    const told = (await enterpriseMails('extpage@ent.example.cn', ref)).map((m) => m.subject);
    expect(told).toEqual([expect.stringContaining('已签收办理'), expect.stringContaining('答复期限已延长')]);
    const extended = await newest(
      (m) => m.to.includes('extpage@ent.example.cn') && m.subject.includes('延长'),
    );
    expect(extended.text).toContain(to);
    expect(extended.links[0]).toContain('/portal?');
    expect(await new Client(stack.url).page(portal)).toContain(to);
  }, 60_000);

  it('cannot be asked for once the committed date has passed', async () => {
    const { e, portal } = await enterprise('逾期延期有限公司', 'extlate@ent.example.cn');
    const ref = refOf(
      await submitNeed(new Client(stack.url), portal, {
        category: 'hiring',
        title: '招聘技工',
        urgency: 'normal',
      }),
    );
    const ownerLink = path(
      (await newest((m) => m.to.includes(zone.officer.email) && m.subject.includes(ref))).links[0]!,
    );
    const committed = today();
    await handle(ownerLink, { action: 'signFor', committedDate: committed });
    // A day later: past close of business on the committed date.
    stack.clock.advance('P1D');
    expect(stack.clock.now() > stack.deps.calendar.closeOfBusiness(committed)).toBe(true);
    const late = await handle(ownerLink, {
      action: 'extend',
      extendTo: stack.deps.calendar.addWorkingDays(committed, 10),
      reason: '忘了申请',
    });
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('已过答复期限');
    expect((await needByRef(e.id, ref)).extension).toBeUndefined();
  }, 60_000);
});

describe('the enterprise hears at every step', () => {
  it('of a redo: the owner sees why, the portal shows the new date and the earlier answer as superseded', async () => {
    const email = 'redosteps@ent.example.cn';
    const { e, portal } = await enterprise('重办告知有限公司', email);
    const ref = refOf(
      await submitNeed(new Client(stack.url), portal, { category: 'incentives', title: '设备补贴兑现' }),
    );
    const ownerLink = path(
      (await newest((m) => m.to.includes(zone.officer.email) && m.subject.includes(ref))).links[0]!,
    );
    const committed = stack.deps.calendar.addWorkingDays(today(), 1);
    await handle(ownerLink, { action: 'signFor', committedDate: committed });
    const signed = await newest((m) => m.to.includes(email) && m.subject.includes('已签收'));
    expect(signed.text).toContain(committed);

    await handle(ownerLink, { action: 'resolve', answer: '请先补充购置发票。' });
    const rateMail = await newest((m) => m.to.includes(email) && m.subject.includes('请评价'));
    // Unsatisfied says why (the owner redoes it from that), else nothing changes.
    expect((await rate(path(rateMail.links[0]!), { rating: 'unsatisfied' })).status).toBe(400);
    expect((await needByRef(e.id, ref)).status).toBe('resolved');
    await rate(path(rateMail.links[0]!), { rating: 'unsatisfied', comment: '发票上周已经交过了' });

    const need = await needByRef(e.id, ref);
    expect(need).toMatchObject({ status: 'committed', redoCount: 1 });
    expect(need.answer).toBeUndefined();
    expect(need.committedDate).not.toBe(committed);
    expect(need.previousAnswers).toEqual([
      expect.objectContaining({ answer: '请先补充购置发票。', ratingComment: '发票上周已经交过了' }),
    ]);

    // A redo is not a way out of the figures: no "outside our remit" now.
    expect((await handle(ownerLink, { action: 'explain', explanation: '不属于本区职责。' })).status).toBe(
      400,
    );
    // The owner's mail says it is a redo and what the enterprise said; so does the need page.
    const redoMail = await newest((m) => m.to.includes(zone.officer.email) && m.subject.includes(ref));
    expect(redoMail.subject).toContain('重新办理');
    expect(redoMail.text).toContain('发票上周已经交过了');
    const ownerPage = await new Client(stack.url).page(ownerLink);
    expect(ownerPage).toContain('重新办理（第 1 次）');
    expect(ownerPage).toContain('发票上周已经交过了');

    // The enterprise is told the new date, and its portal shows it with the earlier answer struck through.
    const redoNotice = await newest((m) => m.to.includes(email) && m.subject.includes('将重新办理'));
    expect(redoNotice.text).toContain(need.committedDate!);
    const shown = await new Client(stack.url).page(portal);
    expect(shown).toContain(need.committedDate!);
    expect(shown).toContain('<del>请先补充购置发票。</del>');
    expect(shown).toContain('原答复（已作废）');

    // The redone answer is the one rated next.
    await handle(ownerLink, { action: 'resolve', answer: '补贴已拨付到账。' });
    const second = await newest((m) => m.to.includes(email) && m.subject.includes('请评价'));
    expect(second.text).toContain('补贴已拨付到账。');
    await rate(path(second.links[0]!), { rating: 'satisfied' });
    expect(await needByRef(e.id, ref)).toMatchObject({ status: 'revisit', answer: '补贴已拨付到账。' });
  }, 60_000);
});
