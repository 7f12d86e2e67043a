import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueLabel } from '#shared/calendar/due-label.ts';
import { setRouting } from '#shared/needs/routing.ts';
import { createDepartment, createStaff } from '#shared/organisation/create.ts';
import { Client, signIn } from '../support/client.ts';
import { system, type Zone } from '../support/fixtures.ts';
import { needSteps, path, refOf } from '../support/needs.ts';
import { testStack } from '../support/stack.ts';

let stack: Awaited<ReturnType<typeof testStack>>;
let zone: Zone;
// Mon 21 Sep 2026, 10:00 Shanghai: an urgent need raised now is signed for around lunch (2 working hours).
const START = new Date('2026-09-21T02:00:00Z');

/** The support zone's shape, its departments with English names (as the demo zone's have). */
async function bilingualZone(): Promise<Zone> {
  const by = { db: stack.deps.db, clock: stack.clock };
  const a = await createDepartment(
    by,
    { name: '规划建设局', nameEn: 'Planning and Construction Bureau' },
    system,
  );
  const b = await createDepartment(by, { name: '企业服务局', nameEn: 'Enterprise Services Bureau' }, system);
  const staff = (
    name: string,
    email: string,
    role: 'manager' | 'departmentHead' | 'officer',
    departmentId: string,
  ) => createStaff(by, { name, email: `${email}@display.example.cn`, role, departmentId }, system);
  return {
    departments: [a, b],
    manager: await staff('陈志远', 'manager', 'manager', b.id),
    head: await staff('王芳', 'head', 'departmentHead', a.id),
    officer: await staff('陈静', 'officer', 'officer', a.id),
    otherOfficer: await staff('孙悦', 'other', 'officer', b.id),
  };
}

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await bilingualZone();
  // Routed to the first department: its head owns these needs, and a manager decides the head's extension.
  const first = zone.departments[0]!.id;
  await setRouting(stack.deps, { permits: first, utilities: first }, system);
}, 60_000);
afterAll(async () => stack.drop());

const { today, newest, enterprise, submitNeed, handle, needByRef } = needSteps(() => ({ stack, zone }));

/** The owner's (the routed department head's) emailed link to a need, and the mail it came in. */
async function ownerMail(ref: string) {
  const mail = await newest((m) => m.to.includes(zone.head.email) && m.subject.includes(ref));
  return { mail, link: path(mail.links[0]!) };
}

/** The form on a page that posts `action`. */
const formOf = (html: string, action: string) =>
  html.split('<form').find((f) => f.includes(`name="action" value="${action}"`)) ?? '';

describe('an urgent need’s hour-level deadline', () => {
  it('reads with its time in the owner’s mail, on the need page and on the owner’s board', async () => {
    const { e, portal } = await enterprise('停电抢修有限公司', 'urgent@display-ent.example.cn');
    const ref = refOf(
      await submitNeed(new Client(stack.url), portal, { urgency: 'urgent', title: '紧急停电' }),
    );
    const { dueAt } = await needByRef(e.id, ref);
    const due = dueLabel(dueAt!);
    // Two working hours after 10:00 and a few seconds: 12:00, or 13:30 once the morning has run out.
    expect(due).toMatch(/^2026-09-21 1[23]:[0-5]\d$/);
    const { mail, link } = await ownerMail(ref);
    expect(mail.text).toContain(`截止 ${due}`);
    const page = await new Client(stack.url).page(link);
    expect(page).toContain(`签收时限 <time datetime="${dueAt}">${due}</time>`);

    const owner = new Client(stack.url);
    await signIn(owner, zone.head.email);
    expect(await owner.page('/console')).toContain(`<time datetime="${dueAt}">${due}</time>`);
  }, 60_000);
});

describe('more time, within the 12345 rules', () => {
  it('is refused beyond one more time limit and a second time once approved; its form keeps its own errors', async () => {
    const { e, portal } = await enterprise('延期上限有限公司', 'limit@display-ent.example.cn');
    const ref = refOf(
      await submitNeed(new Client(stack.url), portal, { category: 'permits', title: '环评审批' }),
    );
    const { link } = await ownerMail(ref);
    expect((await handle(link, { action: 'signFor', committedDate: today() })).status).toBe(303);
    const need = await needByRef(e.id, ref);
    // A permits need asking for help: 10 working days, so more time reaches at most 10 working days past resolveBy.
    const limit = stack.deps.calendar.addWorkingDays(need.resolveBy!, 10);

    const tooFar = await handle(link, {
      action: 'extend',
      extendTo: stack.deps.calendar.addWorkingDays(limit, 1),
      extendReason: '等待专家评审',
    });
    expect(tooFar.status).toBe(400);
    expect(formOf(await tooFar.text(), 'extend')).toContain('延期最长为一个办理时限');
    expect((await needByRef(e.id, ref)).extension).toBeUndefined();

    // A missing reason shows under the extension form only, never under the return form.
    const noReason = await handle(link, { action: 'extend', extendTo: limit, extendReason: '' });
    expect(noReason.status).toBe(400);
    const html = await noReason.text();
    expect(formOf(html, 'extend')).toContain('field-error');
    expect(formOf(html, 'return')).not.toContain('field-error');

    const asked = await handle(link, { action: 'extend', extendTo: limit, extendReason: '等待专家评审' });
    expect(asked.status).toBe(303);
    expect((await needByRef(e.id, ref)).extension).toMatchObject({ to: limit, reason: '等待专家评审' });
    const decider = await newest((m) => m.to.includes(zone.manager.email) && m.subject.includes(ref));
    expect(
      (await handle(path(decider.links[0]!), { action: 'decideExtension', approve: 'yes' })).status,
    ).toBe(303);

    // Within the moved limit, later than the new date: refused only because more time was given once already.
    const again = await handle(link, {
      action: 'extend',
      extendTo: stack.deps.calendar.addWorkingDays(limit, 1),
      extendReason: '再等一轮',
    });
    expect(again.status).toBe(400);
    expect(formOf(await again.text(), 'extend')).toContain('本诉求已批准过一次延期');
    expect((await needByRef(e.id, ref)).extension).toMatchObject({ status: 'approved', to: limit });
  }, 60_000);
});

describe('the English portal', () => {
  it('names the handling department in English where it has an English name', async () => {
    const { portal } = await enterprise('英文门户有限公司', 'english@display-ent.example.cn');
    await submitNeed(new Client(stack.url), portal, { title: '厂房供电' });
    const english = await new Client(stack.url).page(`${portal}&lang=en`);
    // The department, then who in it handles the need (a person's name is as they wrote it).
    expect(english).toMatch(/Handled by<\/dt><dd>Planning and Construction Bureau · [^<]+<\/dd>/);
    const chinese = await new Client(stack.url).page(portal);
    expect(chinese).toMatch(/承办部门<\/dt><dd>规划建设局 · [^<]+<\/dd>/);
  }, 60_000);
});
