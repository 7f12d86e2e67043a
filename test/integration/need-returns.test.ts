import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { createNeed } from '#shared/needs/create.ts';
import { needFigures } from '#shared/needs/figures.ts';
import { handOverNeed } from '#shared/needs/hand-over.ts';
import { needHandleLink } from '#shared/needs/links.ts';
import { rerouteNeed } from '#shared/needs/reroute.ts';
import { returnNeed } from '#shared/needs/returns.ts';
import { getNeed } from '#shared/store/needs.ts';
import { Client, signIn } from '../support/client.ts';
import { makeZone, manualClock, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

let stack: Awaited<ReturnType<typeof testStack>>;
let zone: Zone;
let e: Enterprise;
// Mon 21 Sep 2026, 10:00 Shanghai.
const START = new Date('2026-09-21T02:00:00Z');

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
  e = await registerEnterprise(stack.deps, registration(zone, { name: '退回规则有限公司' }), system);
  await stack.engine.idle();
}, 60_000);
afterAll(async () => stack.drop());

const form = (title: string) => ({
  category: 'land',
  title,
  description: '需要协调用地。',
  contactName: '沈一鸣',
  contactPhone: '13800138001',
});
/**
 * A need of the officer's: with no route it reaches the coordinator (the first active manager), who gives it to the
 * officer at once — so the return window still counts from its routing.
 */
async function officersNeed(deps: typeof stack.deps, title: string) {
  const need = await createNeed(deps, e, form(title), system);
  const given = await handOverNeed(deps, { enterpriseId: e.id, needId: need.id }, zone.officer, system);
  return given.need;
}
const asStaff = (id: string) => ({ actor: { kind: 'staff' as const, id }, channel: 'email-link' as const });
const path = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** The owner's page from their link, and a post of the return form from it. */
async function ownerPage(needId: string, staffId: string) {
  const client = new Client(stack.url);
  const link = path(needHandleLink(stack.deps, { enterpriseId: e.id, id: needId }, staffId));
  await client.page(link);
  return { client, link, html: client.lastHtml };
}
async function returnFromPage(needId: string, staffId: string, reason: string) {
  const { client, link } = await ownerPage(needId, staffId);
  const res = await client.submit('/need', {
    t: new URL(link, stack.url).searchParams.get('t')!,
    action: 'return',
    reason,
  });
  await stack.engine.idle();
  return res;
}
const returnForm = 'name="action" value="return"';
const returned = async (id: string) =>
  (await needFigures(stack.deps)).staff.find((s) => s.id === id)!.counts.returned ?? 0;

describe('returning a need as not ours', () => {
  it('is allowed within one working day of routing, refused after it, and counted per officer and department', async () => {
    const first = await officersNeed(stack.deps, '用地一');
    const second = await officersNeed(stack.deps, '用地二');
    await stack.engine.idle();
    expect(first.ownerId).toBe(zone.officer.id);
    const page = await ownerPage(first.id, zone.officer.id);
    expect(page.html).toContain(returnForm);
    const before = await returned(zone.officer.id);
    const departmentBefore = (await needFigures(stack.deps)).departments.find(
      (d) => d.id === zone.officer.departmentId,
    )!.counts.returned;

    // Tue 22 Sep, 10:00: still inside the window (it closes at 17:30 on the next working day).
    stack.clock.advance('PT24H');
    expect((await returnFromPage(first.id, zone.officer.id, '用地归规划部门')).status).toBe(303);
    expect((await getNeed(stack.deps.db, e.id, first.id))!.status).toBe('returned');
    expect(await returned(zone.officer.id)).toBe(before + 1);
    expect(
      (await needFigures(stack.deps)).departments.find((d) => d.id === zone.officer.departmentId)!.counts
        .returned,
    ).toBe((departmentBefore ?? 0) + 1);

    // Tue 22 Sep, 18:00: the window closed at 17:30.
    stack.clock.advance('PT8H');
    const late = await returnFromPage(second.id, zone.officer.id, '不归我们');
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('已超过退回时限');
    const kept = (await getNeed(stack.deps.db, e.id, second.id))!;
    expect(kept.status).toBe('routed');
    expect(await returned(zone.officer.id)).toBe(before + 1);
    // The page no longer offers the return form.
    expect((await ownerPage(second.id, zone.officer.id)).html).not.toContain(returnForm);

    // Shown with the needs figures on the scoreboard.
    const manager = new Client(stack.url);
    await signIn(manager, zone.manager.email);
    const board = await manager.page('/console/scoreboard');
    expect(board).toContain('诉求退回');
    expect(board).toMatch(/data-figure="needsReturned">\s*[1-9]/);
  }, 60_000);

  it('is final once a manager re-routed it: the new owner cannot return it again', async () => {
    const need = await officersNeed(stack.deps, '用地三');
    await stack.engine.idle();
    await returnNeed(
      stack.deps,
      { enterpriseId: e.id, needId: need.id },
      { reason: '不归我们' },
      asStaff(zone.officer.id),
    );
    const rerouted = await rerouteNeed(
      stack.deps,
      { enterpriseId: e.id, needId: need.id },
      { departmentId: zone.head.departmentId },
      asStaff(zone.manager.id),
    );
    expect(rerouted.need).toMatchObject({
      status: 'routed',
      ownerId: zone.head.id,
      reroutedBy: zone.manager.id,
    });
    // The window counts from the re-route, not from the need's creation.
    expect(rerouted.need.routedAt! >= need.createdAt).toBe(true);
    await stack.engine.idle();
    const again = await returnFromPage(need.id, zone.head.id, '也不归我们');
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('改派决定为最终决定');
    expect((await getNeed(stack.deps.db, e.id, need.id))!).toMatchObject({
      status: 'routed',
      ownerId: zone.head.id,
    });
    expect((await ownerPage(need.id, zone.head.id)).html).not.toContain(returnForm);
  }, 60_000);

  it('counts the window across a weekend and a public holiday, make-up days included', async () => {
    // Use cases on a clock of their own, ahead of the stack's (so the workflows have nothing due).
    const at = (iso: string) => ({ ...stack.deps, clock: manualClock(iso) });
    const ids = (n: { id: string }) => ({ enterpriseId: e.id, needId: n.id });
    const tryReturn = (need: { id: string }, iso: string) =>
      returnNeed(at(iso), ids(need), { reason: '不归我们' }, asStaff(zone.officer.id));
    const refusal = async (need: { id: string }, iso: string) => {
      try {
        await tryReturn(need, iso);
        return undefined;
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return error.fields;
      }
    };
    // Routed Fri 27 Nov 2026, 10:00: returnable until Mon 30 Nov, 17:30.
    const friday = await officersNeed(at('2026-11-27T02:00:00Z'), '周五一');
    const friday2 = await officersNeed(at('2026-11-27T02:00:00Z'), '周五二');
    expect((await tryReturn(friday, '2026-11-30T09:00:00Z')).kind).toBe('done');
    expect(await refusal(friday2, '2026-12-01T01:00:00Z')).toEqual([
      { path: 'reason', message: 'need.returnLate' },
    ]);
    // Routed Wed 30 Sep 2026: National Day (1–7 Oct) does not count; Thu 8 Oct is the next working day.
    const holiday = await officersNeed(at('2026-09-30T02:00:00Z'), '节前一');
    const holiday2 = await officersNeed(at('2026-09-30T02:00:00Z'), '节前二');
    expect((await tryReturn(holiday, '2026-10-08T09:00:00Z')).kind).toBe('done');
    expect(await refusal(holiday2, '2026-10-09T01:00:00Z')).toEqual([
      { path: 'reason', message: 'need.returnLate' },
    ]);
    // Routed Fri 9 Oct: Sat 10 Oct is a make-up working day (调休), so the window closes then.
    const makeUp = await officersNeed(at('2026-10-09T02:00:00Z'), '调休');
    expect(await refusal(makeUp, '2026-10-12T01:00:00Z')).toEqual([
      { path: 'reason', message: 'need.returnLate' },
    ]);
    expect((await getNeed(stack.deps.db, e.id, makeUp.id))!.status).toBe('routed');
    await stack.engine.idle();
  }, 60_000);
});
