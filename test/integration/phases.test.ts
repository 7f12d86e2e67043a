import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ARNS } from '#local/engine/definitions.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { exitProject, reviveProject } from '#shared/enterprises/exit.ts';
import { closeEnterprise } from '#shared/enterprises/manage.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { assessLead } from '#shared/leads/assess.ts';
import { registerLead } from '#shared/leads/register.ts';
import { setApprovalRouting } from '#shared/lifecycle/approval-routing.ts';
import { reportOnTask } from '#shared/lifecycle/complete.ts';
import type { By } from '#shared/organisation/create.ts';
import { getEnterprise } from '#shared/store/enterprises.ts';
import { getNeed } from '#shared/store/needs.ts';
import { openTasksOf } from '#shared/store/tasks.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;

// Mon 21 Sep 2026, 10:00 in Shanghai.
const START = new Date('2026-09-21T02:00:00Z');

beforeAll(async () => {
  stack = await testStack({ clockStart: START, retryIntervalMs: 20 });
  zone = await makeZone(stack.deps, 'ph');
}, 60_000);
afterAll(async () => stack.drop());

const today = () => stack.deps.calendar.localDate(stack.clock.now());
const as = (id: string): By => ({ actor: { kind: 'staff', id }, channel: 'web' });

/** An enterprise whose site is secured: its approvals are open, in parallel. */
async function atApprovals(name: string) {
  const e = await registerEnterprise(
    stack.deps,
    registration(zone, { name, signedAt: '2026-09-01', planned: {} }),
    system,
    {
      progress: {
        stage: 'siteSecured',
        stageSince: '2026-09-10',
        actual: { registered: '2026-09-05', siteSecured: '2026-09-10' },
        fundsInPlace: 0,
      },
    },
  );
  await stack.engine.idle();
  return e;
}

const running = async (enterpriseId: string) =>
  (await stack.engine.listExecutions({ stateMachineArn: LOCAL_ARNS.lifecycle })).executions.filter(
    (x) => x.name.startsWith(enterpriseId) && x.status === 'RUNNING',
  );

describe('approvals in parallel', () => {
  it('go to the routed department’s head, and a blocked one raises a need owned by that department', async () => {
    await setApprovalRouting(
      stack.deps,
      { planningPermit: zone.otherOfficer.departmentId },
      as(zone.manager.id),
    );
    // The other department has no head: its approvals fall to the service officer, so route to the head's own.
    await setApprovalRouting(stack.deps, { planningPermit: zone.head.departmentId }, as(zone.manager.id));
    const e = await atApprovals('审批分派有限公司');
    const open = await openTasksOf(stack.deps.db, e.id);
    const planning = open.find((t) => t.approval === 'planningPermit')!;
    expect(planning.officerId).toBe(zone.head.id);
    expect(open.find((t) => t.approval === 'energy')?.officerId).toBe(zone.officer.id);
    const result = await reportOnTask(
      stack.deps,
      { enterpriseId: e.id, taskId: planning.id },
      {
        outcome: 'blocker',
        category: 'permits',
        title: '规划许可受阻',
        description: '用地规划条件尚未明确。',
      },
      { channel: 'email-link', actor: { kind: 'staff', id: zone.head.id } },
    );
    expect(result.kind).toBe('blocker');
    const need = result.kind === 'blocker' ? await getNeed(stack.deps.db, e.id, result.need.id) : undefined;
    // Raised by that department's only head, it goes to the coordinator (none named: the first active manager), not
    // back to the head — and no longer to the service officer.
    expect(need?.ownerId).toBe(zone.manager.id);
    await expect(
      setApprovalRouting(stack.deps, { energy: '01JZZZZZZZZZZZZZZZZZZZZZZZ' }, as(zone.manager.id)),
    ).rejects.toThrow(InputError);
    await setApprovalRouting(stack.deps, {}, as(zone.manager.id));
  });

  it('are all cancelled when the project stops, and the lifecycle ends', async () => {
    const e = await atApprovals('审批中止有限公司');
    expect(await openTasksOf(stack.deps.db, e.id)).toHaveLength(5);
    await exitProject(
      stack.deps,
      e.id,
      { kind: 'terminated', reason: '合同解除', date: today() },
      as(zone.manager.id),
    );
    await stack.engine.idle();
    expect(await openTasksOf(stack.deps.db, e.id)).toEqual([]);
    expect(await running(e.id)).toEqual([]);
    // A stop cannot be dated before the stage it stopped in began.
    const other = await atApprovals('审批中止二号有限公司');
    await expect(
      exitProject(
        stack.deps,
        other.id,
        { kind: 'withdrawn', reason: '撤资', date: '2026-01-01' },
        as(zone.manager.id),
      ),
    ).rejects.toThrow(InputError);
    await closeEnterprise(stack.deps, other.id, { reason: '服务结束' }, as(zone.manager.id));
    await stack.engine.idle();
    expect(await openTasksOf(stack.deps.db, other.id)).toEqual([]);
  });

  it('a revival right after a stop leaves exactly one execution running the lifecycle', async () => {
    const e = await atApprovals('盘活竞态有限公司');
    await exitProject(
      stack.deps,
      e.id,
      { kind: 'withdrawn', reason: '撤资', date: today() },
      as(zone.manager.id),
    );
    // No waiting in between: the stopped execution may not have read the stop yet.
    await reviveProject(stack.deps, e.id, { reason: '新投资方接手' }, as(zone.manager.id));
    await stack.engine.idle();
    const live = await running(e.id);
    expect(live.map((x) => x.name)).toEqual([`${e.id}-g2`]);
    // The approvals are open again, once each.
    const open = await openTasksOf(stack.deps.db, e.id);
    expect(open.map((t) => t.approval).sort()).toEqual(
      ['constructionPermit', 'energy', 'environmental', 'planningPermit', 'projectFiling'].sort(),
    );
    // A paused project is resumed, not revived (a revival is counted).
    await exitProject(
      stack.deps,
      e.id,
      { kind: 'withdrawn', reason: '再次撤资', date: today() },
      as(zone.manager.id),
    );
    await reviveProject(stack.deps, e.id, { reason: '再次盘活' }, as(zone.manager.id));
    await expect(reviveProject(stack.deps, e.id, { reason: '又一次' }, as(zone.manager.id))).rejects.toThrow(
      InputError,
    );
    await stack.engine.idle();
    expect((await running(e.id)).map((x) => x.name)).toEqual([`${e.id}-g3`]);
    expect((await getEnterprise(stack.deps.db, e.id))?.lifecycle).toEqual({
      generation: 3,
      status: 'running',
    });
  });
});

describe('a duplicate lead of a declined one', () => {
  it('is accepted once: the investor’s claim moves to it, so a second duplicate cannot be accepted too', async () => {
    const lead = (investor: string) => ({
      investor,
      industryChain: '新材料',
      source: 'businessReferral',
      expectedInvestment: 30_000,
      contact: { name: '沈一鸣', phone: '13800138001', email: 'shen@dup.example.cn' },
    });
    const first = await registerLead(stack.deps, lead('重复投资集团有限公司'), as(zone.officer.id));
    const d1 = await registerLead(stack.deps, lead('重复投资集团'), as(zone.officer.id));
    const d2 = await registerLead(stack.deps, lead('重复投资（集团）有限公司'), as(zone.head.id));
    expect([d1.duplicateOf, d2.duplicateOf]).toEqual([first.id, first.id]);
    await assessLead(
      stack.deps,
      first.id,
      { decision: 'decline', reason: '投资方暂无意向' },
      as(zone.head.id),
    );
    const accepted = await assessLead(
      stack.deps,
      d1.id,
      { decision: 'accept', negotiatorId: zone.officer.id },
      as(zone.head.id),
    );
    expect(accepted.enterprise?.stage).toBe('negotiating');
    // The investor is in talks once: the other duplicate is refused, and stays unassessed.
    await expect(
      assessLead(stack.deps, d2.id, { decision: 'accept', negotiatorId: zone.officer.id }, as(zone.head.id)),
    ).rejects.toThrow(InputError);
    // A later registration of the investor is a duplicate of the lead in talks.
    const later = await registerLead(stack.deps, lead('重复投资集团股份有限公司'), as(zone.officer.id));
    expect(later.duplicateOf).toBe(d1.id);
    await stack.engine.idle();
  });
});
