import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeEnterprise } from '#shared/enterprises/manage.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { moveLink } from '#shared/lifecycle/due-date-move.ts';
import { taskLink } from '#shared/lifecycle/task-link.ts';
import { getEnterpriseFile } from '#shared/store/enterprises.ts';
import { keys } from '#shared/store/keys.ts';
import { getTask, openTasksOf } from '#shared/store/tasks.ts';
import { Client, notices, outbox } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/**
 * Issue 14, items 7, 9 and 15: progress reports are items of their own and a failed write is never reported as done;
 * a due date moves only when someone else approves; aftercare visits keep a minimum interval.
 */
type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;

// Mon 21 Sep 2026, 10:00 in Shanghai (office hours: staff mail goes out at once).
const START = new Date('2026-09-21T02:00:00Z');

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
}, 60_000);
afterAll(async () => stack.drop());

const today = () => stack.deps.calendar.localDate(stack.clock.now());

async function register(name: string, overrides: Record<string, unknown> = {}, options = {}) {
  const e = await registerEnterprise(
    stack.deps,
    registration(zone, { name, signedAt: '2026-09-01', planned: {}, ...overrides }),
    system,
    options,
  );
  await stack.engine.idle();
  const [task] = await openTasksOf(stack.deps.db, e.id);
  return { e, task: task! };
}

/** The officer's page for the task, opened from its link, and a way to post the report form from it. */
async function officerPage(task: Parameters<typeof taskLink>[1]) {
  const url = new URL(taskLink(stack.deps, task));
  const client = new Client(stack.url);
  const token = url.searchParams.get('t')!;
  await client.page(`${url.pathname}${url.search}`);
  return {
    client,
    token,
    report: (fields: Record<string, string>) => client.submit('/task', { t: token, ...fields }),
    /** The page a report leads to (following its redirect), or the page it answered with. */
    async after(res: Response) {
      const location = res.headers.get('location');
      return location ? client.page(location) : res.text();
    },
  };
}

async function rawTask(enterpriseId: string, taskId: string) {
  const out = await stack.deps.db.doc.send(
    new GetCommand({ TableName: stack.deps.db.table, Key: keys.task(enterpriseId, taskId) }),
  );
  return out.Item!;
}

const sizeOf = (item: Record<string, unknown>) => Buffer.byteLength(JSON.stringify(item));

/** The approval links mailed for a task's move requests, newest first, with whom each went to. */
async function moveLinks(enterpriseName: string) {
  return (await outbox(stack.url))
    .filter((m) => m.text.includes(enterpriseName) || m.subject.includes(enterpriseName))
    .flatMap((m) =>
      m.links.filter((l) => l.includes('/task/move?')).map((l) => ({ to: m.to, url: new URL(l) })),
    );
}

describe('a failed write is never reported as done (item 7)', () => {
  it('completes a task that 251 progress reports brought to the 400 KB item limit, and reports no longer grow it', async () => {
    const { e, task } = await register('四百千字节有限公司');
    // Before progress reports became items, each was appended to the task: 251 of them (500-character reasons)
    // put it at DynamoDB's 400 KB item limit, where today's code can neither record a report nor the completion.
    const reason = '等'.repeat(500);
    const legacy = Array.from({ length: 251 }, (_, i) => ({
      at: START.toISOString(),
      by: zone.officer.id,
      from: task.dueAt,
      to: `2027-0${1 + (i % 9)}-15T09:30:00.000Z`,
      reason,
    }));
    await stack.deps.db.doc.send(
      new UpdateCommand({
        TableName: stack.deps.db.table,
        Key: keys.task(e.id, task.id),
        UpdateExpression: 'SET extensions = :x',
        ExpressionAttributeValues: { ':x': legacy },
      }),
    );
    expect(sizeOf(await rawTask(e.id, task.id))).toBeGreaterThan(395_000);

    const page = await officerPage(task);
    const progress = await page.report({
      outcome: 'progress',
      'progress.expectedDate': '2027-03-01',
      'progress.reason': reason,
    });
    expect(progress.status).toBe(303);
    expect(sizeOf(await rawTask(e.id, task.id))).toBeLessThan(10_000);

    const done = await page.report({
      outcome: 'milestone',
      'milestone.actualDate': today(),
      'milestone.notes': '完'.repeat(1000),
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toContain('done=completed');
    expect((await getTask(stack.deps.db, e.id, task.id))?.status).toBe('completed');
  }, 60_000);

  it('says a cancelled task is cancelled, never “该任务已完成”, and changes nothing', async () => {
    const { e, task } = await register('已关闭项目有限公司');
    const page = await officerPage(task);
    await closeEnterprise(stack.deps, e.id, { reason: '项目终止' }, system);
    const before = await getEnterpriseFile(stack.deps.db, e.id);
    const res = await page.report({ outcome: 'milestone', 'milestone.actualDate': today() });
    const html = await page.after(res);
    expect(html).not.toContain('该任务已完成');
    expect(html).toContain('该任务已取消');
    expect(await getEnterpriseFile(stack.deps.db, e.id)).toEqual(before);
  });

  it('retries a report whose write lost a race to another change of the task, instead of calling it done', async () => {
    const { e, task } = await register('竞争写入有限公司');
    const page = await officerPage(task);
    // Another change of the task (a pause, a re-plan…) lands between the report's read and its write.
    let raced = false;
    stack.deps.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (!raced && /^TransactWrite/.test(String(context.commandName))) {
          raced = true;
          await stack.deps.db.doc.send(
            new UpdateCommand({
              TableName: stack.deps.db.table,
              Key: keys.task(e.id, task.id),
              UpdateExpression: 'SET #v = #v + :one',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':one': 1 },
            }),
          );
        }
        return next(args);
      },
      { step: 'initialize', name: 'race-once' },
    );
    try {
      const res = await page.report({
        outcome: 'progress',
        'progress.expectedDate': '2027-03-01',
        'progress.reason': '等待规划许可',
      });
      const html = await page.after(res);
      expect(raced).toBe(true);
      expect(html).not.toContain('该任务已完成');
      expect((await getTask(stack.deps.db, e.id, task.id))?.move).toMatchObject({
        status: 'pending',
        reason: '等待规划许可',
      });
    } finally {
      stack.deps.db.doc.middlewareStack.remove('race-once');
    }
  });
});

describe('a due date moves only when someone else approves (item 9)', () => {
  it('keeps the due date until the officer’s head approves from the mailed link, then moves it', async () => {
    const { e, task } = await register('延期审批有限公司');
    const page = await officerPage(task);
    const res = await page.report({
      outcome: 'progress',
      'progress.expectedDate': '2027-03-01',
      'progress.reason': '等待工商核名',
    });
    expect(res.status).toBe(303);
    const pending = await getTask(stack.deps.db, e.id, task.id);
    expect(pending?.dueAt).toBe(task.dueAt);
    expect(pending?.move).toMatchObject({ status: 'pending', to: '2027-03-01T09:30:00.000Z' });
    const officerView = await page.after(res);
    expect(officerView).toContain('待审批');
    expect(officerView).toContain('2027-03-01');

    // The head is asked, with a link of their own; nobody else.
    const links = await moveLinks('延期审批有限公司');
    expect(links.map((l) => l.to)).toEqual([[zone.head.email]]);
    const head = new Client(stack.url);
    const decision = await head.page(`${links[0]!.url.pathname}${links[0]!.url.search}`);
    expect(decision).toContain('延期审批有限公司');
    expect(decision).toContain('2027-03-01');
    expect(decision).toContain('等待工商核名');
    // The page's title once as a heading; the decision's fieldset has its own label.
    expect(decision.match(/<(h1|h2|legend)>审批延期申请</g)).toHaveLength(1);
    expect(decision).toContain('<legend>审批结果</legend>');
    // Sent with no decision chosen: the page says so beside the choices, and nothing is decided.
    const undecided = await head.submit('/task/move', { t: links[0]!.url.searchParams.get('t')! });
    expect(undecided.status).toBe(400);
    expect(await undecided.text()).toMatch(/id="f-decision-error" role="alert">[^<]+<\/p><\/fieldset>/);
    expect(decision).toContain(stack.deps.calendar.localDate(new Date(task.dueAt)));
    const csrf = /name="_csrf" value="([^"]+)"/.exec(decision)![1]!;
    const approved = await head.submit('/task/move', {
      t: links[0]!.url.searchParams.get('t')!,
      decision: 'approve',
    });
    expect(approved.status).toBe(303);
    await stack.engine.idle();
    const moved = await getTask(stack.deps.db, e.id, task.id);
    expect(moved?.dueAt).toBe('2027-03-01T09:30:00.000Z');
    expect(moved?.move).toMatchObject({ status: 'approved', decidedBy: zone.head.id });
    const actions = (await getEnterpriseFile(stack.deps.db, e.id))!.timeline.map((a) => [
      a.action,
      a.actor.id,
    ]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['task.moveRequested', zone.officer.id],
        ['task.moveApproved', zone.head.id],
      ]),
    );
    expect(await head.page(approved.headers.get('location')!)).toContain('已批准');
    // The officer is told, and sees it on the task page.
    expect((await outbox(stack.url)).some((m) => m.subject.includes('【延期已批准】延期审批有限公司'))).toBe(
      true,
    );
    expect(await page.client.page(`/task?t=${page.token}`)).toContain('已批准');
    // A second decision on the same request (a replayed form) changes nothing: the page says it is decided.
    const again = await head.request('/task/move', {
      form: { _csrf: csrf, t: links[0]!.url.searchParams.get('t')!, decision: 'refuse' },
    });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('该申请已处理');
    expect((await getTask(stack.deps.db, e.id, task.id))?.move?.status).toBe('approved');
  });

  it('refuses a second request while one is pending, and a refusal leaves the due date', async () => {
    const { e, task } = await register('二次申请有限公司');
    const page = await officerPage(task);
    const fields = {
      outcome: 'progress',
      'progress.expectedDate': '2027-02-01',
      'progress.reason': '资金未到位',
    };
    expect((await page.report(fields)).status).toBe(303);
    const second = await page.report({ ...fields, 'progress.expectedDate': '2027-04-01' });
    expect(second.status).toBe(400);
    expect(await second.text()).toContain('已有一项延期申请待审批');
    const [link] = await moveLinks('二次申请有限公司');
    const head = new Client(stack.url);
    await head.page(`${link!.url.pathname}${link!.url.search}`);
    const refused = await head.submit('/task/move', {
      t: link!.url.searchParams.get('t')!,
      decision: 'refuse',
    });
    expect(refused.status).toBe(303);
    const after = await getTask(stack.deps.db, e.id, task.id);
    expect(after?.dueAt).toBe(task.dueAt);
    expect(after?.move).toMatchObject({ status: 'refused', to: '2027-02-01T09:30:00.000Z' });
    const officerView = await officerPage(task);
    expect(officerView.client.lastHtml).toContain('未获批准');
    // Once decided, the officer may ask again; the head then sees every request made on the task.
    expect((await officerView.report({ ...fields, 'progress.expectedDate': '2027-04-01' })).status).toBe(303);
    const [newest] = await moveLinks('二次申请有限公司');
    expect(newest!.url.searchParams.get('t')).not.toBe(link!.url.searchParams.get('t'));
    const both = await head.page(`${newest!.url.pathname}${newest!.url.search}`);
    expect(both).toContain('该任务的全部延期申请');
    expect(both).toContain('2027-02-01');
    expect(both).toContain('2027-04-01');
  });

  it('sends a head’s own request to the managers, and refuses the head’s decision on it', async () => {
    const { e, task } = await register('主任自批有限公司', { serviceOfficerId: zone.head.id });
    expect(task.officerId).toBe(zone.head.id);
    const page = await officerPage(task);
    const res = await page.report({
      outcome: 'progress',
      'progress.expectedDate': '2027-06-30',
      'progress.reason': '七个月后再说',
    });
    expect(res.status).toBe(303);
    const links = await moveLinks('主任自批有限公司');
    expect(links.map((l) => l.to)).toEqual([[zone.manager.email]]);
    // A link made out to the requester (as if one had leaked or been forged with the key) does not let them decide.
    const move = (await getTask(stack.deps.db, e.id, task.id))!.move!;
    const own = stack.deps.links.sign(
      'task-move',
      `${e.id}/${task.id}/${move.id}/${zone.head.id}`,
      new Date(stack.clock.now().getTime() + 86_400_000),
    );
    const self = new Client(stack.url);
    await self.page(`/task/move?t=${own}`, 403);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(self.lastHtml)?.[1] ?? '';
    const tried = await self.request('/task/move', { form: { _csrf: csrf, t: own, decision: 'approve' } });
    expect(tried.status).toBe(403);
    expect((await getTask(stack.deps.db, e.id, task.id))?.dueAt).toBe(task.dueAt);
  });
});

describe('the decision page takes only what it should (fuzzing class: hostile input on a new route)', () => {
  it('answers garbage with 4xx and changes nothing', async () => {
    const { e, task } = await register('恶意输入有限公司');
    const page = await officerPage(task);
    await page.report({
      outcome: 'progress',
      'progress.expectedDate': '2027-05-01',
      'progress.reason': '原因',
    });
    const [link] = await moveLinks('恶意输入有限公司');
    const t = link!.url.searchParams.get('t')!;
    const head = new Client(stack.url);
    const html = await head.page(`${link!.url.pathname}${link!.url.search}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const before = await getEnterpriseFile(stack.deps.db, e.id);
    const posts: Record<string, string>[] = [
      { _csrf: csrf, t },
      { _csrf: csrf, t, decision: 'yes' },
      { _csrf: csrf, t, decision: 'approve'.repeat(1000) },
      { _csrf: csrf, t, decision: 'approve', comment: '长'.repeat(5000) },
      { _csrf: csrf, t: `${t}x`, decision: 'approve' },
      { _csrf: csrf, t: page.token, decision: 'approve' }, // the officer's task link: another purpose
      { _csrf: csrf, t: '%E0%A4%A', decision: 'approve' },
      { _csrf: 'forged', t, decision: 'approve' },
      { t, decision: 'approve' },
    ];
    for (const form of posts) {
      const res = await head.request('/task/move', { form });
      expect(res.status, JSON.stringify(form).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(form).slice(0, 80)).toBeLessThan(500);
    }
    for (const q of ['', '?t=', `?t=${page.token}`, '?t=%E0%A4%A', `?t=${'x'.repeat(3000)}`]) {
      const res = await head.request(`/task/move${q}`);
      expect(res.status, q.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.status, q.slice(0, 40)).toBeLessThan(500);
    }
    expect(await getEnterpriseFile(stack.deps.db, e.id)).toEqual(before);
    expect((await getTask(stack.deps.db, e.id, task.id))?.move?.status).toBe('pending');
  });
});

describe('aftercare visits keep a minimum interval (item 15)', () => {
  it('refuses a visit completed too soon after the previous one, naming the earliest date', async () => {
    // In the statistics (纳统): aftercare visits from now on.
    const operating = {
      progress: {
        stage: 'inStatistics' as const,
        stageSince: '2026-09-01',
        actual: {
          registered: '2026-09-01',
          siteSecured: '2026-09-01',
          constructionStarted: '2026-09-01',
          constructionCompleted: '2026-09-01',
          operating: '2026-09-01',
          capacityReached: '2026-09-01',
          inStatistics: '2026-09-01',
        },
        fundsInPlace: 0,
      },
    };
    const { e, task } = await register('回访间隔有限公司', {}, operating);
    expect(task.kind).toBe('visit');
    const visit = { outcome: 'visit', 'visit.visitDate': today(), 'visit.notes': '生产正常' };
    // Backdating does not get round the interval: a visit cannot precede its task, and the interval runs from when
    // the previous visit was reported, on the server's clock.
    const backdated = await (await officerPage(task)).report({ ...visit, 'visit.visitDate': '2026-01-01' });
    expect(backdated.status).toBe(400);
    expect(await backdated.text()).toContain('走访日期不能早于本次走访任务下达的日期');
    const first = await officerPage(task);
    expect((await first.report(visit)).status).toBe(303);
    await stack.engine.idle();
    const [next] = await openTasksOf(stack.deps.db, e.id);
    expect(next?.kind).toBe('visit');
    const second = await officerPage(next!);
    const tooSoon = await second.report(visit);
    expect(tooSoon.status).toBe(400);
    const html = await tooSoon.text();
    expect(html).toContain('2026-10-11'); // 20 days after the visit of 21 September
    expect((await getTask(stack.deps.db, e.id, next!.id))?.status).toBe('open');
    stack.clock.advance('P20D');
    const later = await officerPage(next!);
    const ok = await later.report({ ...visit, 'visit.visitDate': today() });
    expect(ok.status).toBe(303);
  });
});

describe('the waiting lifecycle follows an approved move, and only an approved one', () => {
  it('reminds on the old due date while the request is pending, and re-plans from the new date once approved', async () => {
    const waiting = await register('待批逾期有限公司');
    const moving = await register('批准改期有限公司');
    for (const { task } of [waiting, moving]) {
      const page = await officerPage(task);
      const res = await page.report({
        outcome: 'progress',
        'progress.expectedDate': '2027-06-30',
        'progress.reason': '设备延迟到货',
      });
      expect(res.status).toBe(303);
    }
    // The clock is on a Sunday by now: the head's mail waits for office hours, so take the link it carries.
    const request = (await getTask(stack.deps.db, moving.e.id, moving.task.id))!.move!;
    const link = new URL(
      moveLink(stack.deps, { ...moving.task, taskId: moving.task.id, id: request.id }, zone.head.id),
    );
    const head = new Client(stack.url);
    await head.page(`${link.pathname}${link.search}`);
    expect(
      (await head.submit('/task/move', { t: link.searchParams.get('t')!, decision: 'approve' })).status,
    ).toBe(303);
    await stack.engine.idle();
    // A week past the old due date, a day at a time.
    const oldDue = stack.deps.calendar.localDate(new Date(waiting.task.dueAt));
    while (today() < oldDue) {
      stack.clock.advance('P1D');
      await stack.engine.idle();
    }
    for (let i = 0; i < 7; i++) {
      stack.clock.advance('P1D');
      await stack.engine.idle();
    }
    const overdue = notices(await outbox(stack.url)).filter((n) => n.includes('【逾期】'));
    expect(overdue.some((n) => n.includes('待批逾期有限公司'))).toBe(true);
    expect(overdue.some((n) => n.includes('批准改期有限公司'))).toBe(false);
    expect((await getTask(stack.deps.db, moving.e.id, moving.task.id))?.dueAt).toBe(
      '2027-06-30T09:30:00.000Z',
    );
  }, 120_000);
});
