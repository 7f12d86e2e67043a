import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Department, Staff } from '#shared/domain/organisation.ts';
import { trafficLight } from '#shared/domain/schedule.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { moveTaskItem } from '#shared/lifecycle/move.ts';
import { taskLink } from '#shared/lifecycle/task-link.ts';
import { signFor } from '#shared/needs/answer.ts';
import { createNeed } from '#shared/needs/create.ts';
import { askPart } from '#shared/needs/parts.ts';
import { portalLink } from '#shared/needs/portal.ts';
import { setRouting } from '#shared/needs/routing.ts';
import { createDepartment, createStaff } from '#shared/organisation/create.ts';
import { handOver } from '#shared/organisation/hand-over.ts';
import { openItems } from '#shared/store/board.ts';
import { partsOf } from '#shared/store/need-parts.ts';
import { openTasksOf } from '#shared/store/tasks.ts';
import { transact } from '#shared/store/write.ts';
import { Client, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/** Issue 17 item 7 over HTTP: phones where people need them, and a hand-over notice that counts what moved. */
type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;
let manager: Client;
/** A third department: its head is leaving and hands everything to one of its officers. */
let policy: Department;
let leaving: Staff;
let taking: Staff;
/** The service officer the portal names, with a phone of their own. */
let officer: Staff;

// Mon 21 Sep 2026, 10:00 in Shanghai (office hours).
const START = new Date('2026-09-21T02:00:00Z');

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
  policy = await createDepartment(stack.deps, { name: '经济发展局' }, system);
  leaving = await createStaff(
    stack.deps,
    {
      name: '离任主任',
      email: 'leaving-po@zone.example.cn',
      role: 'departmentHead',
      departmentId: policy.id,
    },
    system,
  );
  taking = await createStaff(
    stack.deps,
    { name: '接任专员', email: 'taking-po@zone.example.cn', role: 'officer', departmentId: policy.id },
    system,
  );
  officer = await createStaff(
    stack.deps,
    {
      name: '赵专员',
      email: 'zhao-po@zone.example.cn',
      role: 'officer',
      departmentId: zone.head.departmentId,
      phone: '0571-88886666',
    },
    system,
  );
  manager = new Client(stack.url);
  await signIn(manager, zone.manager.email);
}, 60_000);
afterAll(async () => stack.drop());

const today = () => stack.deps.calendar.localDate(stack.clock.now());
const asStaff = (id: string) => ({ actor: { kind: 'staff' as const, id }, channel: 'email-link' as const });
const path = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

async function register(name: string, overrides: Record<string, unknown> = {}) {
  const e = await registerEnterprise(
    stack.deps,
    registration(zone, { name, signedAt: '2026-09-01', planned: {}, ...overrides }),
    system,
  );
  await stack.engine.idle();
  return e;
}

describe('the board’s title', () => {
  const h1 = (html: string) => /<h1>(.*?)<\/h1>/.exec(html)?.[1];
  it('says whose items it lists: the zone’s, a department’s, one person’s', async () => {
    const [first] = zone.departments;
    expect(h1(await manager.page('/console'))).toBe('全园区待办与逾期事项');
    expect(h1(await manager.page(`/console?scope=department&department=${first!.id}`))).toBe(
      `${first!.name}待办与逾期事项`,
    );
    expect(h1(await manager.page(`/console?officer=${zone.officer.id}`))).toBe(
      `${zone.officer.name}的待办与逾期事项`,
    );
    const head = new Client(stack.url);
    await signIn(head, zone.head.email);
    const page = await head.page('/console');
    expect(h1(page)).toBe(`${first!.name}待办与逾期事项`);
    expect(page).toMatch(/<p class="board-summary"[^>]*>逾期 <strong data-count="overdue">\d+<\/strong>/);
    // 本月到位: the department's funds verified this month (none yet); a person's own board has no such figure.
    expect(page).toContain('本月到位 <strong data-count="fundsThisMonth">0</strong>');
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    expect(await officer.page('/console')).not.toContain('本月到位');
  });
});

describe('the enterprise contact’s phone', () => {
  it('is on the enterprise page and the task page, as a tel: link', async () => {
    const e = await register('电话可拨有限公司', {
      contacts: [
        { name: '沈一鸣', title: '行政经理', phone: '138 0013 8001', email: 'shen@dianhua.example.cn' },
        { name: '林晓', phone: '0571-87654321', email: 'lin@dianhua.example.cn' },
      ],
    });
    const page = await manager.page(`/console/enterprises/${e.id}`);
    expect(page).toMatch(
      /<dt>企业联系人<\/dt>\s*<dd[^>]*>沈一鸣（行政经理）\s*<a href="tel:13800138001">13800138001<\/a>/,
    );
    expect(page).toContain('<a href="tel:057187654321">057187654321</a>');

    const [task] = await openTasksOf(stack.deps.db, e.id);
    const html = await new Client(stack.url).page(path(taskLink(stack.deps, task!)));
    expect(html).toMatch(/<dt>企业联系人<\/dt>\s*<dd[^>]*>沈一鸣（行政经理）\s*<a href="tel:13800138001">/);
  });
});

describe('the portal', () => {
  it('names the enterprise’s service officer with their phone', async () => {
    const e = await register('专员可见有限公司', { serviceOfficerId: officer.id });
    const html = await new Client(stack.url).page(path(portalLink(stack.deps, e)));
    expect(html).toMatch(
      /<dt>服务专员<\/dt>\s*<dd[^>]*>赵专员\s*<a href="tel:057188886666">057188886666<\/a>/,
    );
  });

  it('names the officer without a phone when they have none', async () => {
    const e = await register('专员无电话有限公司');
    const html = await new Client(stack.url).page(path(portalLink(stack.deps, e)));
    expect(html).toMatch(/<dt>服务专员<\/dt>\s*<dd[^>]*>陈静<\/dd>/);
  });
});

describe('the hand-over notice', () => {
  it('counts the enterprises, tasks, needs and parts that moved, each as its own kind', async () => {
    // Two enterprises the leaving head serves: a task each moves with them.
    const one = await register('移交一号有限公司', { serviceOfficerId: leaving.id });
    const two = await register('移交二号有限公司', { serviceOfficerId: leaving.id });
    expect((await openTasksOf(stack.deps.db, one.id)).map((t) => t.officerId)).toEqual([leaving.id]);
    expect((await openTasksOf(stack.deps.db, two.id)).map((t) => t.officerId)).toEqual([leaving.id]);
    // A part their department was asked for on another enterprise's need: theirs to answer as its head.
    await setRouting(stack.deps, { land: zone.head.departmentId }, system);
    const other = await register('协办移交有限公司');
    const need = await createNeed(
      stack.deps,
      other,
      {
        category: 'land',
        title: '用地协调',
        description: '需要协调用地。',
        contactName: '沈一鸣',
        contactPhone: '13800138001',
      },
      system,
    );
    await stack.engine.idle();
    const ids = { enterpriseId: other.id, needId: need.id };
    await signFor(
      stack.deps,
      ids,
      { committedDate: stack.deps.calendar.addWorkingDays(today(), 10) },
      asStaff(zone.head.id),
    );
    await askPart(
      stack.deps,
      ids,
      {
        departmentId: policy.id,
        part: '请核实产业政策',
        dueDate: stack.deps.calendar.addWorkingDays(today(), 3),
      },
      asStaff(zone.head.id),
    );
    await stack.engine.idle();
    expect((await partsOf(stack.deps.db, other.id, need.id)).map((p) => p.ownerId)).toEqual([leaving.id]);

    await manager.page('/console/staff');
    const res = await manager.submit('/console/staff/hand-over', { fromId: leaving.id, toId: taking.id });
    expect(res.status).toBe(303);
    const notice = await manager.page(path(new URL(res.headers.get('location')!, stack.url).toString()));
    expect(notice).toContain('已移交：企业 2 家，任务 2 项，诉求 0 项，协办事项 1 项。');
    await stack.engine.idle();
    expect((await partsOf(stack.deps.db, other.id, need.id)).map((p) => p.ownerId)).toEqual([taking.id]);
  });

  it('counts what a second run moves: nothing left', async () => {
    const result = await handOver(stack.deps, { fromId: leaving.id, toId: taking.id }, system);
    expect(result).toEqual({ enterprises: 0, tasks: 0, needs: 0, parts: 0 });
  });

  it('counts the stage task a substitute holds, which moves with the enterprise', async () => {
    // 接任专员 now serves 移交一号 and 二号 and answers the part; a third enterprise's stage task is held by a
    // substitute (赵专员) while 接任专员 is away.
    const third = await register('代理移交有限公司', { serviceOfficerId: taking.id });
    const [task] = await openTasksOf(stack.deps.db, third.id);
    await transact(stack.deps.db, [moveTaskItem(stack.deps.db, task!, officer)]);
    const result = await handOver(stack.deps, { fromId: taking.id, toId: zone.officer.id }, system);
    expect(result).toEqual({ enterprises: 3, tasks: 3, needs: 0, parts: 1 });
    expect((await openTasksOf(stack.deps.db, third.id)).map((t) => t.officerId)).toEqual([zone.officer.id]);
  });
});

describe('the board’s counts', () => {
  it('are of its whole scope as the sweep last kept them, on any page; a filtered board counts its rows', async () => {
    await register('计数甲有限公司');
    await register('计数乙有限公司');
    // Two months on (the last test of this file: the clock stays there), the stages' first tasks are overdue.
    stack.clock.advance('P60D');
    await stack.engine.idle();
    await stack.sweep();
    // The session ended meanwhile: the manager signs in again.
    await signIn(manager, zone.manager.email);
    const now = stack.clock.now();
    const items = (await openItems(stack.deps.db, { kind: 'zone' }, { limit: 200 })).items;
    const counted = (of: typeof items) => {
      const lights = of.map((i) => trafficLight(stack.deps.calendar, new Date(i.dueAt as string), now));
      return {
        overdue: lights.filter((l) => l === 'red').length,
        dueSoon: lights.filter((l) => l === 'yellow').length,
      };
    };
    const summary = (page: string) => ({
      overdue: Number(/data-count="overdue">(\d+)</.exec(page)?.[1]),
      dueSoon: Number(/data-count="dueSoon">(\d+)</.exec(page)?.[1]),
    });
    const zoneCounts = counted(items);
    expect(zoneCounts.overdue).toBeGreaterThan(1);
    const first = await manager.page('/console?limit=1');
    expect(summary(first)).toEqual(zoneCounts);
    expect(first).toMatch(/data-counts="scope">（全部，截至 \d{4}-\d\d-\d\d \d\d:\d\d）/);
    // A department's board counts its own items only, whatever page.
    const department = zone.officer.departmentId;
    const theirs = items.filter(
      (i) => (i.itemType === 'need' ? i.ownerDepartmentId : i.departmentId) === department,
    );
    expect(theirs.length).toBeLessThan(items.length);
    const board = await manager.page(`/console?scope=department&department=${department}&limit=1`);
    expect(summary(board)).toEqual(counted(theirs));
    // Filtered, the board lists less than its scope: the counts are of the rows it shows.
    const filtered = await manager.page('/console?limit=200&kind=task');
    expect(filtered).not.toContain('data-counts="scope"');
    const tasks = counted(items.filter((i) => i.itemType === 'task'));
    expect(tasks.overdue).toBeLessThan(zoneCounts.overdue);
    expect(summary(filtered)).toEqual(tasks);
  });
});
