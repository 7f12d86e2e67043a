import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '#shared/domain/input-error.ts';
import { exitProject, reviveProject } from '#shared/enterprises/exit.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { signProject } from '#shared/enterprises/sign.ts';
import { assessLead } from '#shared/leads/assess.ts';
import { registerLead } from '#shared/leads/register.ts';
import { reportOnTask } from '#shared/lifecycle/complete.ts';
import { decideMove } from '#shared/lifecycle/due-date-move.ts';
import { type By, createStaff } from '#shared/organisation/create.ts';
import { handOver } from '#shared/organisation/hand-over.ts';
import { loadPipeline } from '#shared/pipeline/pipeline.ts';
import { getEnterprise, getEnterpriseFile } from '#shared/store/enterprises.ts';
import { getNeed } from '#shared/store/needs.ts';
import { getMove } from '#shared/store/task-moves.ts';
import { getTask, openTasksOf } from '#shared/store/tasks.ts';
import { outbox } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/** Issue 15's leftovers: the lifecycle's loose ends (funds, stalled lists, dates, leads, needs, moves, escalations). */
type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;

// Mon 21 Sep 2026, 10:00 in Shanghai (office hours: staff mail goes out at once).
const START = new Date('2026-09-21T02:00:00Z');

beforeAll(async () => {
  stack = await testStack({ clockStart: START, retryIntervalMs: 20 });
  zone = await makeZone(stack.deps, 'lo');
}, 60_000);
afterAll(async () => stack.drop());

const today = () => stack.deps.calendar.localDate(stack.clock.now());
const as = (id: string): By => ({ actor: { kind: 'staff', id }, channel: 'web' });

/** The field errors a call fails with (it must fail with an InputError). */
async function fieldErrors(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).fields;
}

async function registered(name: string, overrides: Record<string, unknown> = {}, progress?: object) {
  const e = await registerEnterprise(
    stack.deps,
    registration(zone, { name, signedAt: '2026-09-01', planned: {}, ...overrides }),
    system,
    progress ? { progress: progress as never } : {},
  );
  await stack.engine.idle();
  return e;
}

/** An enterprise whose site is secured on 10 Sep: its approvals are open, in parallel. */
const atApprovals = (name: string) =>
  registered(
    name,
    {},
    {
      stage: 'siteSecured',
      stageSince: '2026-09-10',
      actual: { registered: '2026-09-05', siteSecured: '2026-09-10' },
      fundsInPlace: 0,
    },
  );

const approvalTask = async (enterpriseId: string, approval: string) =>
  (await openTasksOf(stack.deps.db, enterpriseId)).find((t) => t.approval === approval)!;

const lead = (investor: string, phone = '13800138001') => ({
  investor,
  industryChain: '新材料',
  source: 'businessReferral',
  expectedInvestment: 30_000,
  contact: { name: '沈一鸣', phone, email: 'shen@lo.example.cn' },
});

describe('1. funds in place never go down by mistake', () => {
  // Since issue 17 item 3 funds come as amounts with evidence (到位资金报送, positive, verified): a task report takes
  // none, so no cumulative figure typed on it can lower (or raise) what is recorded.
  it('refuses a milestone report that carries funds, and takes one without', async () => {
    const e = await registered(
      '资金回落有限公司',
      {},
      {
        stage: 'registered',
        stageSince: '2026-09-05',
        actual: { registered: '2026-09-05' },
        fundsInPlace: 5000,
      },
    );
    const [task] = await openTasksOf(stack.deps.db, e.id);
    const report = (funds: { fundsInPlace?: number }) =>
      reportOnTask(
        stack.deps,
        { enterpriseId: e.id, taskId: task!.id },
        { outcome: 'milestone', actualDate: today(), ...funds },
        { channel: 'email-link' },
      );
    expect(await fieldErrors(report({ fundsInPlace: 3000 }))).toEqual([
      { path: 'fundsInPlace', message: 'funds.useReport' },
    ]);
    expect((await getEnterprise(stack.deps.db, e.id))?.fundsInPlace).toBe(5000);
    expect((await report({})).kind).toBe('completed');
    await stack.engine.idle();
    expect((await getEnterprise(stack.deps.db, e.id))?.fundsInPlace).toBe(5000);
  });
});

describe('2. stopped projects and visits are not stalled', () => {
  it('lists a stalled project behind more than a page of stopped ones at its stage, and no project in visits', async () => {
    // 21 stopped projects at "registered", all longer there than the one still going.
    for (let i = 0; i < 21; i++) {
      const e = await registered(
        `停滞退出${i}有限公司`,
        {},
        {
          stage: 'registered',
          stageSince: '2026-05-01',
          actual: { registered: '2026-05-01' },
          fundsInPlace: 0,
        },
      );
      await exitProject(stack.deps, e.id, { kind: 'terminated', reason: '合同解除', date: today() }, system);
    }
    const going = await registered(
      '仍在推进有限公司',
      {},
      {
        stage: 'registered',
        stageSince: '2026-06-01',
        actual: { registered: '2026-06-01' },
        fundsInPlace: 0,
      },
    );
    const visits = await registered(
      '已纳统回访有限公司',
      {},
      {
        stage: 'inStatistics',
        stageSince: '2026-05-01',
        actual: {
          registered: '2026-01-05',
          siteSecured: '2026-01-10',
          constructionStarted: '2026-02-01',
          constructionCompleted: '2026-03-01',
          operating: '2026-03-10',
          capacityReached: '2026-04-01',
          inStatistics: '2026-05-01',
        },
        fundsInPlace: 0,
        approvals: {
          projectFiling: { actual: '2026-01-11' },
          planningPermit: { actual: '2026-01-11' },
          constructionPermit: { actual: '2026-01-11' },
          environmental: { actual: '2026-01-11' },
          energy: { actual: '2026-01-11' },
        },
      },
    );
    await stack.engine.idle();
    const pipeline = await loadPipeline(stack.deps, {});
    const stalled = pipeline.stalled.map((e) => e.name);
    expect(stalled).toContain(going.name);
    expect(stalled).not.toContain(visits.name);
    expect(stalled.filter((n) => n.startsWith('停滞退出'))).toEqual([]);
  }, 60_000);
});

describe('3. dates that contradict', () => {
  it('refuses a signing dated before the talks began', async () => {
    const registeredLead = await registerLead(stack.deps, lead('早签投资集团'), as(zone.officer.id));
    const { enterprise } = await assessLead(
      stack.deps,
      registeredLead.id,
      { decision: 'accept', negotiatorId: zone.officer.id },
      as(zone.head.id),
    );
    await stack.engine.idle();
    const sign = (signedAt: string) =>
      signProject(
        stack.deps,
        enterprise!.id,
        { agreement: 'contract', contractedInvestment: 20_000, signedAt },
        as(zone.head.id),
      );
    expect(await fieldErrors(sign('2026-09-18'))).toEqual([
      { path: 'signedAt', message: 'signing.beforeTalks' },
    ]);
    expect((await sign(today())).stage).toBe('signed');
    await stack.engine.idle();
  });

  it('refuses an approval granted before the site was secured', async () => {
    const e = await atApprovals('审批早于拿地有限公司');
    const filing = await approvalTask(e.id, 'projectFiling');
    expect(
      await fieldErrors(
        reportOnTask(
          stack.deps,
          { enterpriseId: e.id, taskId: filing.id },
          { outcome: 'approved', approvedDate: '2026-09-09' },
          { channel: 'email-link' },
        ),
      ),
    ).toEqual([{ path: 'approvedDate', message: 'approval.beforeSite' }]);
  });
});

describe('4. leads: separation of duties', () => {
  it('a head may not accept a lead they registered, nor name themselves the negotiator', async () => {
    const own = await registerLead(stack.deps, lead('自登自判投资集团'), as(zone.head.id));
    expect(
      await fieldErrors(
        assessLead(
          stack.deps,
          own.id,
          { decision: 'accept', negotiatorId: zone.officer.id },
          as(zone.head.id),
        ),
      ),
    ).toEqual([{ path: 'decision', message: 'lead.ownLead' }]);
    const other = await registerLead(stack.deps, lead('自任首谈投资集团'), as(zone.officer.id));
    expect(
      await fieldErrors(
        assessLead(
          stack.deps,
          other.id,
          { decision: 'accept', negotiatorId: zone.head.id },
          as(zone.head.id),
        ),
      ),
    ).toEqual([{ path: 'negotiatorId', message: 'lead.selfNegotiator' }]);
    // A manager decides the head's own lead.
    const accepted = await assessLead(
      stack.deps,
      own.id,
      { decision: 'accept', negotiatorId: zone.officer.id },
      as(zone.manager.id),
    );
    expect(accepted.lead.status).toBe('accepted');
    await stack.engine.idle();
  });

  it('a revival with a new investor that an earlier lead holds is flagged as a duplicate', async () => {
    const holder = await registerLead(stack.deps, lead('盘活新投资集团有限公司'), as(zone.officer.id));
    const e = await registered('盘活查重有限公司');
    await exitProject(stack.deps, e.id, { kind: 'withdrawn', reason: '投资方撤资', date: today() }, system);
    const revived = await reviveProject(
      stack.deps,
      e.id,
      { reason: '引入新投资方', investor: '盘活新投资集团' },
      as(zone.manager.id),
    );
    expect(revived.investor).toBe('盘活新投资集团');
    const file = (await getEnterpriseFile(stack.deps.db, e.id))!;
    const event = file.timeline.find((a) => a.action === 'enterprise.revived')!;
    expect(event.details.duplicateOf).toBe(holder.id);
    const mails = (await outbox(stack.url)).filter((m) => m.text.includes('盘活查重有限公司'));
    expect(mails.some((m) => m.to.includes(zone.head.email))).toBe(true);
    await stack.engine.idle();
  });
});

describe('5. phones typed with full-width digits and separators', () => {
  it('are normalised before they are checked and stored', async () => {
    const stored = await registerLead(
      stack.deps,
      lead('全角电话投资集团', '１３８ ００１３－８００２'),
      as(zone.officer.id),
    );
    expect(stored.contact.phone).toBe('13800138002');
  });
});

describe('6. a blocked approval’s need', () => {
  const block = (enterpriseId: string, taskId: string) =>
    reportOnTask(
      stack.deps,
      { enterpriseId, taskId },
      { outcome: 'blocker', category: 'permits', title: '审批受阻', description: '材料尚未齐全。' },
      { channel: 'email-link' },
    );

  it('is closed by the system when the approval is granted, and stays on the record', async () => {
    const e = await atApprovals('受阻后取得有限公司');
    const planning = await approvalTask(e.id, 'planningPermit');
    const result = await block(e.id, planning.id);
    if (result.kind !== 'blocker') throw new Error(result.kind);
    await reportOnTask(
      stack.deps,
      { enterpriseId: e.id, taskId: planning.id },
      { outcome: 'approved', approvedDate: today() },
      { channel: 'email-link' },
    );
    await stack.engine.idle();
    expect((await getNeed(stack.deps.db, e.id, result.need.id))?.status).toBe('closed');
    const file = (await getEnterpriseFile(stack.deps.db, e.id))!;
    expect(file.needs.map((n) => n.id)).toContain(result.need.id);
    expect(
      file.timeline.find((a) => a.action === 'need.closedOnGrant' && a.subject.id === result.need.id)
        ?.details,
    ).toMatchObject({ reason: 'approvalGranted', approval: 'planningPermit' });
  });

  it('is closed by the system when the project stops', async () => {
    const e = await atApprovals('受阻后退出有限公司');
    const energy = await approvalTask(e.id, 'energy');
    const result = await block(e.id, energy.id);
    if (result.kind !== 'blocker') throw new Error(result.kind);
    await exitProject(stack.deps, e.id, { kind: 'terminated', reason: '合同解除', date: today() }, system);
    await stack.engine.idle();
    expect((await getNeed(stack.deps.db, e.id, result.need.id))?.status).toBe('closed');
    const file = (await getEnterpriseFile(stack.deps.db, e.id))!;
    expect(
      file.timeline.find((a) => a.action === 'need.closedOnStop' && a.subject.id === result.need.id)?.details,
    ).toMatchObject({ reason: 'projectStopped' });
  });
});

describe('7. moves and re-plans', () => {
  it('an approved move of an approval task also moves that approval’s planned date', async () => {
    const e = await atApprovals('审批延期有限公司');
    const energy = await approvalTask(e.id, 'energy');
    const expectedDate = '2026-12-15';
    const asked = await reportOnTask(
      stack.deps,
      { enterpriseId: e.id, taskId: energy.id },
      { outcome: 'progress', expectedDate, reason: '专家评审延后' },
      { channel: 'email-link' },
    );
    if (asked.kind !== 'extended') throw new Error(asked.kind);
    const decided = await decideMove(
      stack.deps,
      { enterpriseId: e.id, taskId: energy.id, moveId: asked.task.move!.id, approverId: zone.head.id },
      { decision: 'approve' },
      'email-link',
    );
    expect(decided.kind).toBe('approved');
    expect((await getEnterprise(stack.deps.db, e.id))?.approvals.energy?.planned).toBe(expectedDate);
    await stack.engine.idle();
  });

  it('a move request still pending when its task is completed no longer shows as pending', async () => {
    const e = await atApprovals('待批即办有限公司');
    const filing = await approvalTask(e.id, 'projectFiling');
    const asked = await reportOnTask(
      stack.deps,
      { enterpriseId: e.id, taskId: filing.id },
      { outcome: 'progress', expectedDate: '2026-12-15', reason: '等待材料' },
      { channel: 'email-link' },
    );
    if (asked.kind !== 'extended') throw new Error(asked.kind);
    await reportOnTask(
      stack.deps,
      { enterpriseId: e.id, taskId: filing.id },
      { outcome: 'approved', approvedDate: today() },
      { channel: 'email-link' },
    );
    await stack.engine.idle();
    const ids = { enterpriseId: e.id, taskId: filing.id, moveId: asked.task.move!.id };
    const move = await getMove(stack.deps.db, ids);
    expect(move?.status).not.toBe('pending');
    expect(move?.closedReason).toBe('completed');
    expect((await getTask(stack.deps.db, e.id, filing.id))?.move?.status).not.toBe('pending');
  });

  it('a pending request is closed when its task is cancelled by a stop', async () => {
    const e = await atApprovals('待批退出有限公司');
    const filing = await approvalTask(e.id, 'projectFiling');
    const asked = await reportOnTask(
      stack.deps,
      { enterpriseId: e.id, taskId: filing.id },
      { outcome: 'progress', expectedDate: '2026-12-15', reason: '等待材料' },
      { channel: 'email-link' },
    );
    if (asked.kind !== 'extended') throw new Error(asked.kind);
    await exitProject(stack.deps, e.id, { kind: 'terminated', reason: '合同解除', date: today() }, system);
    await stack.engine.idle();
    const move = await getMove(stack.deps.db, {
      enterpriseId: e.id,
      taskId: filing.id,
      moveId: asked.task.move!.id,
    });
    expect(move?.status).not.toBe('pending');
    expect(move?.closedReason).toBe('cancelled');
  });
});

describe('9. the hand-over banner', () => {
  it('counts the tasks that moved with the enterprises handed over', async () => {
    const leaving = await createStaff(
      stack.deps,
      {
        name: '离任专员',
        email: 'leaving-lo@zone.example.cn',
        role: 'officer',
        departmentId: zone.head.departmentId,
      },
      system,
    );
    const taking = await createStaff(
      stack.deps,
      {
        name: '接任专员',
        email: 'taking-lo@zone.example.cn',
        role: 'officer',
        departmentId: zone.head.departmentId,
      },
      system,
    );
    const e = await registered('移交计数有限公司', { serviceOfficerId: leaving.id });
    expect((await openTasksOf(stack.deps.db, e.id)).map((t) => t.officerId)).toEqual([leaving.id]);
    const result = await handOver(stack.deps, { fromId: leaving.id, toId: taking.id }, as(zone.manager.id));
    expect(result).toEqual({ enterprises: 1, tasks: 1, needs: 0, parts: 0 });
    await stack.engine.idle();
  });
});

describe('8. escalations of a task held by a department head', () => {
  it('sends the managers one 【督办】 mail, not two', async () => {
    const e = await registered('主任督办有限公司', {
      serviceOfficerId: zone.head.id,
      planned: { registered: '2026-09-23' },
    });
    const seen = new Set((await outbox(stack.url)).map((m) => m.id));
    const escalations: string[] = [];
    const end = stack.deps.calendar.addWorkingDays('2026-09-23', 6);
    while (today() < end) {
      stack.clock.advance('P1D');
      await stack.engine.idle();
      for (const m of await outbox(stack.url)) {
        if (seen.has(m.id) || !m.subject.includes('主任督办')) continue;
        seen.add(m.id);
        if (m.subject.startsWith('【督办】')) escalations.push(m.to.join(','));
      }
    }
    expect(escalations).toEqual([zone.manager.email]);
    const file = (await getEnterpriseFile(stack.deps.db, e.id))!;
    expect(file.timeline.filter((a) => a.action === 'task.escalated')).toHaveLength(1);
  }, 60_000);
});
