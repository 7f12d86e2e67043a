import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import type { Department, Staff } from '#shared/domain/organisation.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { signFor } from '#shared/needs/answer.ts';
import { createNeed } from '#shared/needs/create.ts';
import { explainNeed } from '#shared/needs/explain.ts';
import { needFigures } from '#shared/needs/figures.ts';
import { needHandleLink } from '#shared/needs/links.ts';
import { setRouting } from '#shared/needs/routing.ts';
import { createDepartment, createStaff } from '#shared/organisation/create.ts';
import { handOver } from '#shared/organisation/hand-over.ts';
import { openItems } from '#shared/store/board.ts';
import { partsOf } from '#shared/store/need-parts.ts';
import { getNeed } from '#shared/store/needs.ts';
import { Client, type OutboxMail, outbox } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

let stack: Awaited<ReturnType<typeof testStack>>;
let zone: Zone;
let e: Enterprise;
/** The assisting department (科技局) and its head, and one of its officers. */
let tech: Department;
let techHead: Staff;
let techOfficer: Staff;
// Mon 21 Sep 2026, 10:00 Shanghai.
const START = new Date('2026-09-21T02:00:00Z');

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
  tech = await createDepartment(stack.deps, { name: '科技创新局' }, system);
  techHead = await createStaff(
    stack.deps,
    { name: '刘洋', email: 'liu.yang@zone.example.cn', role: 'departmentHead', departmentId: tech.id },
    system,
  );
  techOfficer = await createStaff(
    stack.deps,
    { name: '周敏', email: 'zhou.min@zone.example.cn', role: 'officer', departmentId: tech.id },
    system,
  );
  // Land needs are led by 招商一局 (its head, 王芳, owns them).
  await setRouting(stack.deps, { land: zone.head.departmentId }, system);
  e = await registerEnterprise(stack.deps, registration(zone, { name: '协办测试有限公司' }), system);
  await stack.engine.idle();
}, 60_000);
afterAll(async () => stack.drop());

const asStaff = (id: string) => ({ actor: { kind: 'staff' as const, id }, channel: 'email-link' as const });
const path = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};
const mails = async (filter: (m: OutboxMail) => boolean) => (await outbox(stack.url)).filter(filter);
const today = () => stack.deps.calendar.localDate(stack.clock.now());

/** A land need, signed for by the lead (招商一局's head) with an answer due in ten working days. */
async function signedNeed(title: string) {
  const need = await createNeed(
    stack.deps,
    e,
    {
      category: 'land',
      title,
      description: '需要协调用地和科技政策。',
      contactName: '沈一鸣',
      contactPhone: '13800138001',
    },
    system,
  );
  await stack.engine.idle();
  expect(need.ownerId).toBe(zone.head.id);
  const committedDate = stack.deps.calendar.addWorkingDays(today(), 10);
  await signFor(
    stack.deps,
    { enterpriseId: e.id, needId: need.id },
    { committedDate },
    asStaff(zone.head.id),
  );
  await stack.engine.idle();
  return { need, committedDate };
}

/** Post one of the need page's forms from a person's emailed link, as they would. */
async function postAs(needId: string, staffId: string, form: Record<string, string>) {
  const client = new Client(stack.url);
  const link = path(needHandleLink(stack.deps, { enterpriseId: e.id, id: needId }, staffId));
  const page = await client.page(link);
  const res = await client.submit('/need', { t: new URL(link, stack.url).searchParams.get('t')!, ...form });
  const html = res.status === 400 ? await res.text() : '';
  await stack.engine.idle();
  return { res, page, html };
}

describe('主办/协办: the lead asks another department for its part', () => {
  it('puts the part on the assisting department’s board with its own clock, and tells its head', async () => {
    const { need } = await signedNeed('用地与科技政策');
    const due = stack.deps.calendar.addWorkingDays(today(), 3);
    const { res, page } = await postAs(need.id, zone.head.id, {
      action: 'askPart',
      departmentId: tech.id,
      part: '请核实企业研发费用加计扣除政策适用情况',
      dueDate: due,
    });
    expect(page).toContain('value="askPart"');
    expect(res.status).toBe(303);
    const [part] = await partsOf(stack.deps.db, e.id, need.id);
    expect(part).toMatchObject({ departmentId: tech.id, ownerId: techHead.id, dueDate: due, status: 'open' });
    expect((await getNeed(stack.deps.db, e.id, need.id))!.parts).toEqual([
      { id: part!.id, departmentId: tech.id, status: 'open' },
    ]);
    // On the assisting department's board and its head's, by the part's due time; not on the lead's department's.
    const board = await openItems(stack.deps.db, { kind: 'department', id: tech.id });
    expect(board.items.map((i) => [i.itemType, i.id])).toEqual([['part', part!.id]]);
    const mine = await openItems(stack.deps.db, { kind: 'officer', id: techHead.id });
    expect(mine.items.map((i) => i.id)).toEqual([part!.id]);
    const told = await mails((m) => m.to.includes(techHead.email) && m.subject.startsWith('【协办】'));
    expect(told).toHaveLength(1);
    expect(told[0]!.subject).toContain(due);
    expect(told[0]!.text).toContain('研发费用加计扣除');
  });

  it('refuses the lead’s own department, a department with no head, and a date after the lead’s own', async () => {
    const { need, committedDate } = await signedNeed('用地二');
    const ask = (fields: Record<string, string>) =>
      postAs(need.id, zone.head.id, { action: 'askPart', part: '协助核实', dueDate: today(), ...fields });
    const own = await ask({ departmentId: zone.head.departmentId });
    expect(own.res.status).toBe(400);
    expect(own.html).toContain('协办部门不能是主办部门本身');
    // 企业服务局 has a manager and an officer but no head.
    const headless = await ask({ departmentId: zone.otherOfficer.departmentId });
    expect(headless.html).toContain('该部门没有可以承办的负责人');
    const late = await ask({
      departmentId: tech.id,
      dueDate: stack.deps.calendar.addWorkingDays(committedDate, 1),
    });
    expect(late.html).toContain('协办期限不能晚于主办承诺的答复日期');
    expect(await partsOf(stack.deps.db, e.id, need.id)).toEqual([]);
    expect((await getNeed(stack.deps.db, e.id, need.id))!.parts).toBeUndefined();
  });

  it('keeps the lead from answering until the part is in; the assisting head answers from their link', async () => {
    const { need } = await signedNeed('用地三');
    await postAs(need.id, zone.head.id, {
      action: 'askPart',
      departmentId: tech.id,
      part: '请出具科技型企业认定意见',
      dueDate: stack.deps.calendar.addWorkingDays(today(), 2),
    });
    const early = await postAs(need.id, zone.head.id, { action: 'resolve', answer: '已协调完毕。' });
    expect(early.res.status).toBe(400);
    expect(early.html).toContain('还有协办部门未答复');
    expect((await getNeed(stack.deps.db, e.id, need.id))!.status).toBe('committed');

    // The assisting head's mailed link opens the need page with their answer form (they are not over the lead).
    const [part] = await partsOf(stack.deps.db, e.id, need.id);
    const mail = (await mails((m) => m.to.includes(techHead.email) && m.subject.includes(need.ref)))[0]!;
    const client = new Client(stack.url);
    const page = await client.page(path(mail.links[0]!));
    expect(page).toContain('value="answerPart"');
    expect(page).not.toContain('value="resolve"');
    // Nobody else answers it: the lead's own link has no answer form, and a post is refused.
    const byLead = await postAs(need.id, zone.head.id, {
      action: 'answerPart',
      partId: part!.id,
      partAnswer: '我来答',
    });
    expect(byLead.page).not.toContain('value="answerPart"');
    expect((await partsOf(stack.deps.db, e.id, need.id))[0]!.status).toBe('open');

    const answered = await postAs(need.id, techHead.id, {
      action: 'answerPart',
      partId: part!.id,
      partAnswer: '经核实，企业符合科技型中小企业条件。',
    });
    expect(answered.res.status).toBe(303);
    const after = (await partsOf(stack.deps.db, e.id, need.id))[0]!;
    expect(after).toMatchObject({ status: 'answered', answeredBy: techHead.id, onTime: true });
    // Counted for the assisting department and its head: 协办按期率.
    const figures = await needFigures(stack.deps);
    expect(figures.departments.find((d) => d.id === tech.id)).toMatchObject({
      counts: { partsAnswered: 1, partsAnsweredOnTime: 1 },
      partsOnTimeRate: 1,
    });
    expect(figures.staff.find((s) => s.id === techHead.id)?.counts.partsAnswered).toBe(1);
    expect(
      (await openItems(stack.deps.db, { kind: 'department', id: tech.id })).items.map((i) => i.id),
    ).not.toContain(part!.id);
    const toLead = await mails(
      (m) => m.to.includes(zone.head.email) && m.subject.startsWith('【协办已答复】'),
    );
    expect(toLead.map((m) => m.text).join()).toContain('符合科技型中小企业条件');
    // The lead's page shows the answer, and now the lead answers the enterprise.
    const lead = await postAs(need.id, zone.head.id, { action: 'resolve', answer: '已协调完毕，政策适用。' });
    expect(lead.page).toContain('符合科技型中小企业条件');
    expect(lead.res.status).toBe(303);
    expect((await getNeed(stack.deps.db, e.id, need.id))!.status).toBe('resolved');
    // The enterprise's rating page names the lead department that answered it.
    const rate = (
      await mails((m) => m.links.some((l) => l.includes('/rate?')) && m.text.includes(need.ref))
    )[0]!;
    const ratePage = await new Client(stack.url).page(path(rate.links.find((l) => l.includes('/rate?'))!));
    expect(ratePage).toContain(`承办部门</dt><dd>${zone.departments[0]!.name}</dd>`);
  });
});

describe('a part ends with its need, and moves with its owner’s work', () => {
  it('ends when the lead returns the need as not theirs, and its department reads the need no more', async () => {
    const { need } = await signedNeed('用地六');
    await postAs(need.id, zone.head.id, {
      action: 'askPart',
      departmentId: tech.id,
      part: '请协助核实',
      dueDate: stack.deps.calendar.addWorkingDays(today(), 2),
    });
    const returned = await postAs(need.id, zone.head.id, { action: 'return', reason: '属于科技部门职责' });
    expect(returned.res.status).toBe(303);
    const [part] = await partsOf(stack.deps.db, e.id, need.id);
    expect(part).toMatchObject({ status: 'cancelled', cancelReason: 'needReturned' });
    const board = await openItems(stack.deps.db, { kind: 'department', id: tech.id });
    expect(board.items.map((i) => i.id)).not.toContain(part!.id);
    // The assisting head's old link no longer opens the need.
    const link = path(needHandleLink(stack.deps, { enterpriseId: e.id, id: need.id }, techHead.id));
    expect((await fetch(`${stack.url}${link}`)).status).toBe(410);
  });

  it('is handed over with its owner’s work, then cancelled when the need closes', async () => {
    const { need } = await signedNeed('用地五');
    await postAs(need.id, zone.head.id, {
      action: 'askPart',
      departmentId: tech.id,
      part: '请协助核实政策',
      dueDate: stack.deps.calendar.addWorkingDays(today(), 3),
    });
    await handOver(stack.deps, { fromId: techHead.id, toId: techOfficer.id }, system);
    const [moved] = (await partsOf(stack.deps.db, e.id, need.id)).filter((p) => p.status === 'open');
    expect(moved!.ownerId).toBe(techOfficer.id);
    expect(
      (
        await mails(
          (m) =>
            m.to.includes(techOfficer.email) &&
            m.subject.startsWith('【协办】') &&
            m.subject.includes(need.ref),
        )
      ).length,
    ).toBe(1);

    await explainNeed(
      stack.deps,
      { enterpriseId: e.id, needId: need.id },
      { explanation: '该事项不属于本区职责，已向企业说明办理渠道。' },
      asStaff(zone.head.id),
    );
    await stack.engine.idle();
    const [ended] = await partsOf(stack.deps.db, e.id, need.id);
    expect(ended).toMatchObject({ status: 'cancelled', cancelReason: 'needClosed' });
    expect((await getNeed(stack.deps.db, e.id, need.id))!.parts?.[0]?.status).toBe('cancelled');
    const board = await openItems(stack.deps.db, { kind: 'officer', id: techOfficer.id });
    expect(board.items.map((i) => i.id)).not.toContain(ended!.id);
  });
});

describe('a part’s own clock', () => {
  it('reminds its owner when due, then tells the managers and the lead when it is late', async () => {
    const { need } = await signedNeed('用地四');
    const due = stack.deps.calendar.addWorkingDays(today(), 1);
    await postAs(need.id, zone.head.id, {
      action: 'askPart',
      departmentId: tech.id,
      part: '请协助核实',
      dueDate: due,
    });
    const about = (m: OutboxMail) => m.subject.includes(need.ref);
    // Through its due day and well past it: the owner is reminded, and the escalation goes over them (the
    // department has no other head) to the managers and the lead.
    for (let day = 0; day < 6; day++) {
      stack.clock.advance('P1D');
      await stack.engine.idle();
    }
    const toOwner = await mails((m) => about(m) && m.to.includes(techHead.email));
    expect(
      toOwner.some((m) => m.subject.startsWith('【协办提醒】') || m.subject.startsWith('【协办逾期】')),
    ).toBe(true);
    const chased = await mails((m) => about(m) && m.subject.startsWith('【协办督办】'));
    expect(chased.flatMap((m) => m.to).sort()).toEqual(
      expect.arrayContaining([zone.manager.email, zone.head.email]),
    );
    expect(chased.flatMap((m) => m.to)).not.toContain(techHead.email);
    const [part] = await partsOf(stack.deps.db, e.id, need.id);
    expect(part!.notified.length).toBeGreaterThan(1);
  });
});
