import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { reportOnTask } from '#shared/lifecycle/complete.ts';
import { taskLink } from '#shared/lifecycle/task-link.ts';
import { createNeed } from '#shared/needs/create.ts';
import { portalLink } from '#shared/needs/portal.ts';
import { getEnterprise } from '#shared/store/enterprises.ts';
import { keys } from '#shared/store/keys.ts';
import { getTask, openTasksOf } from '#shared/store/tasks.ts';
import { Client, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/**
 * Issue 15 item 7 on the pages: a completed task's link shows who completed it and when; every timeline entry says
 * what it is about; and items 3–5 on the enterprise page: project type, approvals, origin, exit and revival.
 */
type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;
let manager: Client;

// Mon 21 Sep 2026, 10:00 in Shanghai (office hours).
const START = new Date('2026-09-21T02:00:00Z');

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
  manager = new Client(stack.url);
  await signIn(manager, zone.manager.email);
}, 60_000);
afterAll(async () => stack.drop());

const today = () => stack.deps.calendar.localDate(stack.clock.now());

async function register(name: string, overrides: Record<string, unknown> = {}) {
  const e = await registerEnterprise(
    stack.deps,
    registration(zone, { name, signedAt: '2026-09-01', planned: {}, ...overrides }),
    system,
  );
  await stack.engine.idle();
  const [task] = await openTasksOf(stack.deps.db, e.id);
  return { e, task: task! };
}

async function officerLink(task: Parameters<typeof taskLink>[1]) {
  const url = new URL(taskLink(stack.deps, task));
  const client = new Client(stack.url);
  const path = `${url.pathname}${url.search}`;
  const html = await client.page(path);
  return { client, path, html, token: url.searchParams.get('t')! };
}

describe('the task page', () => {
  it('names the task by its milestone and offers each outcome as its own form', async () => {
    const { task } = await register('里程碑名称有限公司');
    const { html } = await officerLink(task);
    expect(html).toContain('推进至「注册登记」');
    expect(html).toContain('已完成「注册登记」');
    expect(html.match(/<form method="post" action="\/task"/g)).toHaveLength(3);
    // The history says what each entry is about: the task toward 注册登记 was opened.
    expect(html).toMatch(/［注册登记］<\/span> 生成跟踪任务/);
  });

  it('brings back the chosen outcome’s form with its errors and what was typed; no outcome is named', async () => {
    const { task } = await register('填报出错有限公司');
    const { client, token } = await officerLink(task);
    const res = await client.submit('/task', {
      t: token,
      outcome: 'milestone',
      'milestone.notes': '材料已递交',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="f-milestone-actualDate-error"[^>]*>必填/);
    expect(html).toContain('材料已递交');
    expect(html).toMatch(/<details name="outcome-choice" open data-outcome="milestone"/);
    const none = await client.submit('/task', { t: token });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('请选择一项填报内容');
    expect((await getTask(stack.deps.db, task.enterpriseId, task.id))?.status).toBe('open');
  });

  it('a completed task’s link shows when (Shanghai time) and by whom, and what was reported — no form', async () => {
    const { task } = await register('已完成任务有限公司');
    const { client, token, path } = await officerLink(task);
    const done = await client.submit('/task', {
      t: token,
      outcome: 'milestone',
      'milestone.actualDate': today(),
      'milestone.notes': '营业执照已领取',
    });
    expect(done.status).toBe(303);
    const completed = await getTask(stack.deps.db, task.enterpriseId, task.id);
    expect(completed?.status).toBe('completed');
    const html = await new Client(stack.url).page(path);
    expect(html).not.toContain('action="/task"');
    const at = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Shanghai',
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(new Date(completed!.completedAt!));
    expect(html).toContain(`该任务已于 ${at} 由 ${zone.officer.name} 填报完成`);
    expect(html).toContain('营业执照已领取');
  });

  it('takes no funds on a milestone or a visit: it links to the funds report, which needs evidence', async () => {
    const { task } = await register('到位资金链接有限公司');
    const { client, token, html } = await officerLink(task);
    expect(html).not.toContain('name="milestone.fundsInPlace"');
    expect(html).toContain(`/console/funds/new?e=${task.enterpriseId}`);
    // A form that still sends an amount (an old page, a script) is refused, next to the link, and nothing changes.
    const res = await client.submit('/task', {
      t: token,
      outcome: 'milestone',
      'milestone.actualDate': today(),
      'milestone.fundsInPlace': '3000',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(
      /id="f-milestone-fundsInPlace-error"[^>]*> 到位资金须附到位凭证另行报送/,
    );
    expect((await getTask(stack.deps.db, task.enterpriseId, task.id))?.status).toBe('open');
  });
});

describe('the enterprise page (items 3–5)', () => {
  it('shows the project type, the approvals it needs, and each timeline entry’s topic', async () => {
    const { e } = await register('研发项目有限公司', { projectType: 'rnd' });
    const html = await manager.page(`/console/enterprises/${e.id}`);
    expect(html).toContain('研发项目');
    for (const name of ['立项/备案', '规划许可', '施工许可', '环评']) expect(html).toContain(name);
    expect(html).not.toContain('能评');
    // Milestones by name, not by status word.
    expect(html).toContain('<td>开工建设</td>');
    expect(html).toMatch(/［注册登记］<\/span> 生成跟踪任务/);
  });

  it('shows where a project came from: the lead, who brought it, who led the talks', async () => {
    const { e } = await register('线索来源有限公司');
    await stack.deps.db.doc.send(
      new UpdateCommand({
        TableName: stack.deps.db.table,
        Key: keys.enterprise(e.id),
        UpdateExpression: 'SET origin = :o',
        ExpressionAttributeValues: {
          ':o': {
            leadId: '01KE5Y3ZTHCY0WNBY83P9GHGQD',
            referrer: { name: '李引荐' },
            negotiator: { staffId: zone.head.id, departmentId: zone.head.departmentId },
            agreement: 'framework',
          },
        },
      }),
    );
    const html = await manager.page(`/console/enterprises/${e.id}`);
    expect(html).toContain('李引荐');
    expect(html).toContain('首谈人');
    expect(html).toContain(zone.head.name);
    expect(html).toContain(zone.departments[0]!.name);
    expect(html).toContain('框架协议');
    expect(html).toContain('/console/leads/01KE5Y3ZTHCY0WNBY83P9GHGQD');
  });

  it('a manager stops a project (终止) from its page: the exit is shown, its task cancelled; then revives it (盘活)', async () => {
    const { e, task } = await register('终止项目有限公司');
    const page = await manager.page(`/console/enterprises/${e.id}`);
    expect(page).toContain(`action="/console/enterprises/${e.id}/exit"`);
    expect(page).not.toContain(`action="/console/enterprises/${e.id}/revive"`);

    // Bad input changes nothing and shows the error next to the field.
    const future = await manager.submit(`/console/enterprises/${e.id}/exit`, {
      'exit.kind': 'terminated',
      'exit.reason': '投资方资金链断裂',
      'exit.date': '2099-01-01',
    });
    expect(future.status).toBe(400);
    // The error is shown next to the exit form's date, and what was typed is kept.
    const refused = await future.text();
    expect(refused).toMatch(/id="f-exit-date-error"[^>]*>不能晚于今天/);
    expect(refused).toContain('投资方资金链断裂');
    expect((await getEnterprise(stack.deps.db, e.id))?.status).toBe('active');

    const res = await manager.submit(`/console/enterprises/${e.id}/exit`, {
      'exit.kind': 'terminated',
      'exit.reason': '投资方资金链断裂',
      'exit.date': today(),
    });
    expect(res.status).toBe(303);
    const exited = await getEnterprise(stack.deps.db, e.id);
    expect(exited?.status).toBe('exited');
    expect((await getTask(stack.deps.db, e.id, task.id))?.status).toBe('cancelled');
    const shown = await manager.page(`/console/enterprises/${e.id}`);
    expect(shown).toContain('终止（合同解除）');
    expect(shown).toContain('投资方资金链断裂');
    expect(shown).toContain(today());
    expect(shown).toContain(`action="/console/enterprises/${e.id}/revive"`);
    expect(shown).not.toContain(`action="/console/enterprises/${e.id}/exit"`);
    // The officer's link says the task was cancelled, with no form.
    const link = await officerLink(task);
    expect(link.html).toContain('该任务已取消');
    expect(link.html).not.toContain('action="/task"');

    const revived = await manager.submit(`/console/enterprises/${e.id}/revive`, {
      'revive.reason': '引入新的投资方',
      'revive.investor': '新锐投资集团',
    });
    expect(revived.status).toBe(303);
    await stack.engine.idle();
    const after = await getEnterprise(stack.deps.db, e.id);
    expect(after?.status).toBe('active');
    expect(after?.investor).toBe('新锐投资集团');
    const again = await manager.page(`/console/enterprises/${e.id}`);
    expect(again).toContain('新锐投资集团');
    expect(again).toMatch(/项目盘活/);
  }, 60_000);

  it('an approval task’s link offers “已取得「…」”; its date then shows in the enterprise’s approvals', async () => {
    const { e, task } = await register('审批并联有限公司', { projectType: 'service' });
    for (const step of [task, undefined]) {
      const open = step ?? (await openTasksOf(stack.deps.db, e.id)).find((x) => x.kind === 'tracking')!;
      await reportOnTask(
        stack.deps,
        { enterpriseId: e.id, taskId: open.id },
        { outcome: 'milestone', actualDate: today() },
        {
          channel: 'web',
        },
      );
      await stack.engine.idle();
    }
    const approval = (await openTasksOf(stack.deps.db, e.id)).find(
      (x) => x.kind === 'approval' && x.approval === 'planningPermit',
    );
    expect(approval, 'the approvals run once the site is secured').toBeTruthy();
    const { client, token, html } = await officerLink(approval!);
    expect(html).toContain('办理「规划许可」');
    expect(html).toContain('已取得「规划许可」');
    expect(html).toContain('负责办理「规划许可」的部门');
    const res = await client.submit('/task', {
      t: token,
      outcome: 'approved',
      'approved.approvedDate': today(),
    });
    expect(res.status).toBe(303);
    await stack.engine.idle();
    const page = await manager.page(`/console/enterprises/${e.id}`);
    expect(page).toMatch(
      new RegExp(`data-approval="planningPermit"><td>规划许可</td><td>[^<]*</td><td>${today()}</td>`),
    );
    expect(page).toContain('［规划许可］');
  }, 60_000);

  it('refuses hostile exit and revival forms with field errors (400), never a 500, and changes nothing', async () => {
    const { e } = await register('恶意表单有限公司');
    await manager.page(`/console/enterprises/${e.id}`);
    const before = await getEnterprise(stack.deps.db, e.id);
    const forms: Record<string, string>[] = [
      {},
      { 'exit.kind': 'exploded', 'exit.reason': '原因', 'exit.date': today() },
      { 'exit.kind': 'terminated', 'exit.reason': '长'.repeat(501), 'exit.date': today() },
      { 'exit.kind': 'terminated', 'exit.reason': '原因', 'exit.date': '2026-02-30' },
      { 'exit.kind': 'terminated', 'exit.reason': '原因', 'exit.date': "'; DROP TABLE--" },
      { 'exit.__proto__.kind': 'terminated', 'exit.reason': '原因', 'exit.date': today() },
      { exit: 'terminated', 'exit.reason': '<script>alert(1)</script>' },
    ];
    for (const form of forms) {
      const res = await manager.submit(`/console/enterprises/${e.id}/exit`, form);
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(await res.text()).not.toContain('<script>alert(1)</script>');
    }
    // Reviving an active project is refused the same way.
    const revive = await manager.submit(`/console/enterprises/${e.id}/revive`, { 'revive.reason': '盘活' });
    expect(revive.status).toBe(400);
    expect(await revive.text()).toContain('只有已终止/退出的项目可以盘活');
    expect(await getEnterprise(stack.deps.db, e.id)).toEqual(before);
  });

  it('the portal’s need history says which stage each entry is about', async () => {
    const { e } = await register('门户阶段有限公司');
    await createNeed(
      stack.deps,
      e,
      {
        category: 'permits',
        title: '施工许可咨询',
        description: '请协助。',
        contactName: '沈一鸣',
        contactPhone: '13800138001',
      },
      system,
    );
    const link = new URL(portalLink(stack.deps, e));
    const html = await new Client(stack.url).page(`${link.pathname}${link.search}`);
    expect(html).toMatch(/［已签约］<\/span> 提出诉求/);
  });

  it('an officer sees no exit form and may not post one', async () => {
    const { e } = await register('专员无权终止有限公司');
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    const html = await officer.page(`/console/enterprises/${e.id}`);
    expect(html).not.toContain(`/console/enterprises/${e.id}/exit`);
    const res = await officer.submit(`/console/enterprises/${e.id}/exit`, {
      'exit.kind': 'withdrawn',
      'exit.reason': '想退出',
      'exit.date': today(),
    });
    expect(res.status).toBe(403);
    expect((await getEnterprise(stack.deps.db, e.id))?.status).toBe('active');
  });
});
