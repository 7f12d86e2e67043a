import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import { InputError } from '#shared/domain/input-error.ts';
import type { Staff } from '#shared/domain/organisation.ts';
import type { Task } from '#shared/domain/work-item.ts';
import { exitProject, reviveProject } from '#shared/enterprises/exit.ts';
import { changePlannedDates, reassignOfficer } from '#shared/enterprises/manage.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { decideMove, moveLink, moveRequest, replanHistory } from '#shared/lifecycle/due-date-move.ts';
import { loadPipeline } from '#shared/pipeline/pipeline.ts';
import { getEnterprise, getEnterpriseFile } from '#shared/store/enterprises.ts';
import { keys } from '#shared/store/keys.ts';
import { getTask, openTasksOf } from '#shared/store/tasks.ts';
import { transact } from '#shared/store/write.ts';
import { Client, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/**
 * Issue 15, item 6 (and 5 on the pipeline and the scoreboard): an approved due-date move re-plans the milestone its
 * task tracks, in the same transaction, with its history; nobody re-plans an enterprise they served lately
 * (reassign → re-plan → reassign back); the pipeline shows re-plans, exits and revivals.
 */
type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;

// Wed 25 Nov 2026, 10:00 in Shanghai.
const START = new Date('2026-11-25T02:00:00Z');

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
}, 60_000);
afterAll(async () => stack.drop());

const as = (s: Staff) => ({ actor: { kind: 'staff' as const, id: s.id }, channel: 'web' as const });

async function register(name: string, overrides: Record<string, unknown> = {}) {
  const e = await registerEnterprise(stack.deps, registration(zone, { name, ...overrides }), system);
  await stack.engine.idle();
  const [task] = await openTasksOf(stack.deps.db, e.id);
  return { e, task: task! };
}

/** The officer asks to move the task's due date; `approver` decides it. */
async function moveAndDecide(
  task: Task,
  expectedDate: string,
  decision: 'approve' | 'refuse',
  approver: Staff = zone.head,
  reason = '等待工商核名',
) {
  const current = (await getTask(stack.deps.db, task.enterpriseId, task.id))!;
  const asked = await moveRequest(stack.deps, current, { expectedDate, reason }, as(zone.officer));
  await transact(stack.deps.db, asked.items);
  const ids = {
    enterpriseId: task.enterpriseId,
    taskId: task.id,
    moveId: asked.move.id,
    approverId: approver.id,
  };
  const result = await decideMove(stack.deps, ids, { decision }, 'email-link');
  await stack.engine.idle();
  return { move: asked.move, result };
}

const replanned = async (id: string) =>
  (await getEnterpriseFile(stack.deps.db, id))!.timeline.filter((a) => a.action === 'enterprise.replanned');

describe('an approved move re-plans the milestone its task tracks', () => {
  it('moves the planned date with the due date, keeps the original, counts and records each approved change', async () => {
    const { e, task } = await register('计划跟随有限公司');
    expect(task).toMatchObject({ kind: 'tracking', milestone: 'registered' });
    expect(e.milestones.registered.planned).toBe('2026-12-10');

    const first = await moveAndDecide(task, '2027-01-15', 'approve');
    expect(first.result.kind).toBe('approved');
    let now = (await getEnterprise(stack.deps.db, e.id))!;
    expect(now.milestones.registered).toEqual({
      planned: '2027-01-15',
      originalPlanned: '2026-12-10',
      replans: 1,
    });
    expect((await getTask(stack.deps.db, e.id, task.id))!.dueAt).toBe(first.move.to);
    // The later milestones are not touched.
    expect(now.milestones.siteSecured).toEqual({ planned: '2027-02-01' });

    const [event] = await replanned(e.id);
    expect(event).toMatchObject({
      actor: { kind: 'staff', id: zone.head.id },
      subject: { kind: 'enterprise', id: e.id },
      details: {
        milestone: 'registered',
        from: '2026-12-10',
        to: '2027-01-15',
        move: first.move.id,
        reason: '等待工商核名',
        requestedBy: zone.officer.id,
        decidedBy: zone.head.id,
      },
    });

    // A refused request changes no plan.
    await moveAndDecide(task, '2027-03-01', 'refuse');
    now = (await getEnterprise(stack.deps.db, e.id))!;
    expect(now.milestones.registered).toEqual({
      planned: '2027-01-15',
      originalPlanned: '2026-12-10',
      replans: 1,
    });

    const second = await moveAndDecide(task, '2027-01-29', 'approve', zone.head, '材料补正');
    expect(second.result.kind).toBe('approved');
    now = (await getEnterprise(stack.deps.db, e.id))!;
    expect(now.milestones.registered).toEqual({
      planned: '2027-01-29',
      originalPlanned: '2026-12-10',
      replans: 2,
    });

    const history = await replanHistory(stack.deps, e.id);
    expect(history.map((h) => [h.milestone, h.from, h.to, h.decidedBy, h.reason, h.move])).toEqual([
      ['registered', '2026-12-10', '2027-01-15', zone.head.id, '等待工商核名', first.move.id],
      ['registered', '2027-01-15', '2027-01-29', zone.head.id, '材料补正', second.move.id],
    ]);
  });

  it('writes the plan and the due date together: an enterprise changed meanwhile is read again, applied once', async () => {
    const { e, task } = await register('并发计划有限公司');
    let raced = false;
    stack.deps.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (!raced && /^TransactWrite/.test(String(context.commandName))) {
          const input = (args as { input: { TransactItems?: { Update?: { Key?: { SK?: string } } }[] } })
            .input;
          if (input.TransactItems?.some((i) => i.Update?.Key?.SK === 'ENT')) {
            raced = true;
            await stack.deps.db.doc.send(
              new UpdateCommand({
                TableName: stack.deps.db.table,
                Key: keys.enterprise(e.id),
                UpdateExpression: 'SET #v = #v + :one',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':one': 1 },
              }),
            );
          }
        }
        return next(args);
      },
      { step: 'initialize', name: 'race-enterprise' },
    );
    try {
      const { move } = await moveAndDecide(task, '2027-01-20', 'approve');
      expect(raced).toBe(true);
      const now = (await getEnterprise(stack.deps.db, e.id))!;
      expect(now.milestones.registered).toEqual({
        planned: '2027-01-20',
        originalPlanned: '2026-12-10',
        replans: 1,
      });
      expect((await getTask(stack.deps.db, e.id, task.id))!.dueAt).toBe(move.to);
      expect(await replanned(e.id)).toHaveLength(1);
    } finally {
      stack.deps.db.doc.middlewareStack.remove('race-enterprise');
    }
  });
});

describe('the approver is told the plan moves too', () => {
  it('the decision page of a tracking task’s request names the milestone and its new planned date', async () => {
    const { task } = await register('审批提示有限公司');
    const asked = await moveRequest(
      stack.deps,
      task,
      { expectedDate: '2027-01-18', reason: '材料' },
      as(zone.officer),
    );
    await transact(stack.deps.db, asked.items);
    const url = new URL(moveLink(stack.deps, asked.move, zone.head.id));
    const page = await new Client(stack.url).page(`${url.pathname}${url.search}`);
    expect(page).toContain('批准后，「注册登记」的计划日期同时调整为 2027-01-18');
  });
});

describe('nobody re-plans an enterprise they served lately', () => {
  let servedByHead: Enterprise;
  beforeAll(async () => {
    servedByHead = (await register('负责人自服计划有限公司', { serviceOfficerId: zone.head.id })).e;
  });

  it('reassign → re-plan → reassign back: the head who served it is refused, the plan unchanged', async () => {
    const replan = () =>
      changePlannedDates(
        stack.deps,
        servedByHead.id,
        { planned: { registered: '2027-01-20' } },
        as(zone.head),
      );
    await reassignOfficer(stack.deps, servedByHead.id, { serviceOfficerId: zone.officer.id }, as(zone.head));
    await stack.engine.idle();
    await expect(replan()).rejects.toBeInstanceOf(InputError);
    await expect(replan()).rejects.toMatchObject({
      fields: [{ path: 'planned.registered', message: 'approval.servedRecently' }],
    });
    await reassignOfficer(stack.deps, servedByHead.id, { serviceOfficerId: zone.head.id }, as(zone.head));
    await stack.engine.idle();
    await expect(replan()).rejects.toMatchObject({
      fields: [{ path: 'planned.registered', message: 'approval.ownPlan' }],
    });
    const after = (await getEnterprise(stack.deps.db, servedByHead.id))!;
    expect(after.milestones.registered).toEqual({ planned: '2026-12-10' });
    expect(await replanHistory(stack.deps, servedByHead.id)).toEqual([]);
  });

  it('over HTTP, the head gets the reason next to the field', async () => {
    await reassignOfficer(stack.deps, servedByHead.id, { serviceOfficerId: zone.officer.id }, as(zone.head));
    await stack.engine.idle();
    const head = new Client(stack.url);
    await signIn(head, zone.head.email);
    await head.page(`/console/enterprises/${servedByHead.id}`);
    const res = await head.submit(`/console/enterprises/${servedByHead.id}/plan`, {
      'planned.registered': '2027-01-25',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('30 天内服务过该企业');
    expect((await getEnterprise(stack.deps.db, servedByHead.id))!.milestones.registered.planned).toBe(
      '2026-12-10',
    );
  });

  it('a manager who never served it re-plans it, and the change is counted and in the history', async () => {
    await changePlannedDates(
      stack.deps,
      servedByHead.id,
      { planned: { registered: '2027-01-08' } },
      as(zone.manager),
    );
    await stack.engine.idle();
    const after = (await getEnterprise(stack.deps.db, servedByHead.id))!;
    expect(after.milestones.registered).toEqual({
      planned: '2027-01-08',
      originalPlanned: '2026-12-10',
      replans: 1,
    });
    // Unchanged dates (the same date sent again) are not a re-plan.
    expect(after.milestones.siteSecured).toEqual({ planned: '2027-02-01' });
    const history = await replanHistory(stack.deps, servedByHead.id);
    expect(history.map((h) => [h.milestone, h.from, h.to, h.decidedBy])).toEqual([
      ['registered', '2026-12-10', '2027-01-08', zone.manager.id],
    ]);
  });

  it('the same date sent again is no re-plan', async () => {
    await changePlannedDates(
      stack.deps,
      servedByHead.id,
      { planned: { registered: '2027-01-08', siteSecured: '2027-02-01' } },
      as(zone.manager),
    );
    const after = (await getEnterprise(stack.deps.db, servedByHead.id))!;
    expect(after.milestones.registered.replans).toBe(1);
    expect(after.milestones.siteSecured).toEqual({ planned: '2027-02-01' });
  });
});

describe('the pipeline shows re-plans, exits and revivals', () => {
  it('counts exited projects apart from the stage bars, counts revivals, shows original dates and re-plan counts', async () => {
    const year = stack.deps.calendar.localDate(stack.clock.now()).slice(0, 4);
    const before = await loadPipeline(stack.deps, {});
    const signedBefore = before.counts.find((c) => c.stage === 'signed')!.count;

    const stopped = (await register('终止项目有限公司')).e;
    const revived = (await register('盘活项目有限公司')).e;
    await exitProject(
      stack.deps,
      stopped.id,
      { kind: 'terminated', reason: '投资方资金链断裂', date: '2026-11-24' },
      as(zone.manager),
    );
    await exitProject(
      stack.deps,
      revived.id,
      { kind: 'withdrawn', reason: '投资方撤回', date: '2026-11-24' },
      as(zone.manager),
    );
    await reviveProject(
      stack.deps,
      revived.id,
      { reason: '新投资方接手', investor: '新芯资本' },
      as(zone.manager),
    );
    await stack.engine.idle();

    const after = await loadPipeline(stack.deps, { stage: 'signed' });
    // The revived one is back in its bar, the stopped one is not.
    expect(after.counts.find((c) => c.stage === 'signed')!.count).toBe(signedBefore + 1);
    expect(after.exited).toEqual({ now: before.exited.now + 1, year: before.exited.year + 2 });
    expect(after.revived).toEqual({ year: before.revived.year + 1 });
    expect(after.year).toBe(Number(year));
    expect(after.stage!.enterprises.map((e) => e.id)).not.toContain(stopped.id);
    expect(after.stage!.enterprises.map((e) => e.id)).toContain(revived.id);
    expect(after.exitedList.map((e) => e.id)).toContain(stopped.id);
    expect(after.stalled.map((e) => e.id)).not.toContain(stopped.id);

    // A head's department pipeline counts them the same way.
    const dept = await loadPipeline(
      stack.deps,
      { stage: 'signed' },
      {
        kind: 'department',
        departmentId: zone.head.departmentId,
        staffIds: [zone.head.id, zone.officer.id],
      },
    );
    expect(dept.exited.now).toBeGreaterThanOrEqual(1);
    expect(dept.exitedList.map((e) => e.id)).toContain(stopped.id);
    expect(dept.stage!.enterprises.map((e) => e.id)).not.toContain(stopped.id);
    expect(dept.stage!.enterprises.map((e) => e.id)).toContain(revived.id);

    // The page: the figures, and the re-planned date with its original and count (from the item, no extra read).
    const manager = new Client(stack.url);
    await signIn(manager, zone.manager.email);
    const page = await manager.page('/console/pipeline?stage=signed');
    expect(/data-figure="exited">(\d+)</.exec(page)?.[1]).toBe(String(after.exited.now));
    expect(/data-figure="exitedYear">(\d+)</.exec(page)?.[1]).toBe(String(after.exited.year));
    expect(/data-figure="revivedYear">(\d+)</.exec(page)?.[1]).toBe(String(after.revived.year));
    expect(page).toContain(`data-exited="${stopped.id}"`);
    expect(page).toContain('投资方资金链断裂');
    expect(page).not.toContain(`data-exited="${revived.id}"`);
    const { e: moved, task } = await register('计划展示有限公司');
    await moveAndDecide(task, '2027-01-15', 'approve');
    await moveAndDecide(task, '2027-01-22', 'approve');
    const list = await manager.page('/console/pipeline?stage=signed');
    const row = list.slice(list.indexOf(moved.name));
    expect(row).toMatch(/data-replans="2"/);
    expect(row).toContain('2027-01-22');
    expect(row).toContain('原计划 2026-12-10');
    expect(row).toContain('调整 2 次');
  });

  it('the scoreboard counts stops and revivals per lead department and half-year (after the test above)', async () => {
    const manager = new Client(stack.url);
    await signIn(manager, zone.manager.email);
    const page = await manager.page('/console/scoreboard?year=2026');
    // A department's line in the tasks-and-needs table (its line in the ranking has no such figures).
    const rowOf = (id: string) =>
      [...page.matchAll(new RegExp(`<tr data-department="${id}">(.*?)</tr>`, 'gs'))]
        .map((m) => m[1] ?? '')
        .find((r) => r.includes('data-figure="exited"')) ?? '';
    // Both stops (24 Nov) and the revival (25 Nov) are in the second half; none in the other department.
    expect(rowOf(zone.head.departmentId)).toContain('data-figure="exited">0 / 2<');
    expect(rowOf(zone.head.departmentId)).toContain('data-figure="revived">0 / 1<');
    expect(rowOf(zone.departments[1]!.id)).toContain('data-figure="exited">0 / 0<');
    expect(page).toContain('终止/退出（上半年 / 下半年）');
  });
});
