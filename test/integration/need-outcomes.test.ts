import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendQueuedMail } from '#shared/mail/office-hours.ts';
import { needFigures } from '#shared/needs/figures.ts';
import { handOverNeed } from '#shared/needs/hand-over.ts';
import { needHandleLink } from '#shared/needs/links.ts';
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

const officerCounts = async () =>
  (await needFigures(stack.deps)).staff.find((s) => s.id === zone.officer.id)!.counts;

/** A need submitted, signed for and answered: the owner's link and the enterprise's rating link. */
async function answered(name: string, email: string, title: string) {
  const { e, portal } = await enterprise(name, email);
  const ref = refOf(await submitNeed(new Client(stack.url), portal, { category: 'hiring', title }));
  const owner = path(
    (await newest((m) => m.to.includes(zone.officer.email) && m.subject.includes(ref))).links[0]!,
  );
  await handle(owner, { action: 'signFor', committedDate: today() });
  await handle(owner, { action: 'resolve', answer: `${title}：已办理。` });
  const rating = path((await newest((m) => m.to.includes(email) && m.subject.includes('请评价'))).links[0]!);
  return { e, portal, ref, owner, rating };
}

describe('the return visit (回访)', () => {
  it('follows a rating, is made by a coordinator other than the owner, and ends the need counted once', async () => {
    const before = await officerCounts();
    const n = await answered('回访一号有限公司', 'rv1@ent.example.cn', '招聘电工');
    // Unsatisfied once, redone, then satisfied: one need, satisfied in the end — not half of two ratings.
    await rate(n.rating, { rating: 'unsatisfied', comment: '还没招到' });
    await handle(n.owner, { action: 'resolve', answer: '已推荐 5 名持证电工。' });
    const second = path(
      (await newest((m) => m.to.includes('rv1@ent.example.cn') && m.subject.includes('请评价'))).links[0]!,
    );
    await rate(second, { rating: 'satisfied' });
    expect(await needByRef(n.e.id, n.ref)).toMatchObject({ status: 'revisit', rating: 'satisfied' });

    // The managers are asked to call back; the owner's own link cannot record it.
    const ask = await newest((m) => m.to.includes(zone.manager.email) && m.subject.includes(n.ref));
    expect(ask.subject).toContain('回访');
    expect((await handle(n.owner, { action: 'revisit', resolved: 'yes', satisfied: 'yes' })).status).toBe(
      403,
    );
    const link = path(ask.links[0]!);
    expect(await new Client(stack.url).page(link)).toContain('value="revisit"');
    expect((await handle(link, { action: 'revisit', resolved: 'maybe', satisfied: 'yes' })).status).toBe(400);
    expect(
      (
        await handle(link, {
          action: 'revisit',
          resolved: 'yes',
          satisfied: 'no',
          notes: '人已到岗，工资偏高',
        })
      ).status,
    ).toBe(303);
    const need = await needByRef(n.e.id, n.ref);
    expect(need).toMatchObject({
      status: 'closed',
      outcome: 'revisited',
      revisit: { by: zone.manager.id, resolved: true, satisfied: false, notes: '人已到岗，工资偏高' },
    });
    const after = await officerCounts();
    const added = (k: keyof typeof after) => after[k] - before[k];
    expect([
      added('finalised'),
      added('revisited'),
      added('revisitResolved'),
      added('revisitSatisfied'),
    ]).toEqual([1, 1, 1, 0]);
    expect([added('respondedOnTime'), added('answeredOnTime')]).toEqual([1, 1]);
    // A second visit through the same link changes nothing.
    const again = await handle(link, { action: 'revisit', resolved: 'no', satisfied: 'no' });
    expect(new URL(again.headers.get('location')!, 'http://x').searchParams.get('done')).toBe('stale');
    expect((await officerCounts()).finalised).toBe(after.finalised);
  }, 90_000);
});

describe('needs that end otherwise', () => {
  it('closes as outside our remit with an explanation the enterprise gets, counted apart', async () => {
    const before = await officerCounts();
    const email = 'remit@ent.example.cn';
    const { e, portal } = await enterprise('职责外有限公司', email);
    const ref = refOf(
      await submitNeed(new Client(stack.url), portal, { category: 'other', title: '国税退税' }),
    );
    const owner = path(
      (await newest((m) => m.to.includes(zone.officer.email) && m.subject.includes(ref))).links[0]!,
    );
    expect((await handle(owner, { action: 'explain', explanation: '' })).status).toBe(400);
    expect(
      (await handle(owner, { action: 'explain', explanation: '出口退税由税务局办理，请联系 12366。' }))
        .status,
    ).toBe(303);
    expect(await needByRef(e.id, ref)).toMatchObject({ status: 'closed', outcome: 'explained' });
    const told = await newest((m) => m.to.includes(email) && m.subject.includes(ref));
    expect(told.text).toContain('请联系 12366');
    const after = await officerCounts();
    expect([after.explained - before.explained, after.finalised - before.finalised]).toEqual([1, 0]);
  }, 60_000);

  it('merges a duplicate into another open need of the enterprise, by a manager only', async () => {
    const email = 'dup@ent.example.cn';
    const { e, portal } = await enterprise('重复诉求有限公司', email);
    const first = refOf(await submitNeed(new Client(stack.url), portal, { title: '蒸汽管网接入' }));
    const dup = refOf(await submitNeed(new Client(stack.url), portal, { title: '蒸汽管网接入（重复）' }));
    const ownerLink = path(
      (await newest((m) => m.to.includes(zone.officer.email) && m.subject.includes(dup))).links[0]!,
    );
    // The owner's link has no merge; a manager's link to the need has.
    expect((await handle(ownerLink, { action: 'merge', into: first })).status).toBe(403);
    const managerLink = path(needHandleLink(stack.deps, await needByRef(e.id, dup), zone.manager.id));
    expect((await handle(managerLink, { action: 'merge', into: dup })).status).toBe(400); // not into itself
    expect((await handle(managerLink, { action: 'merge', into: 'XQ-20260101-0000' })).status).toBe(400);
    expect((await handle(managerLink, { action: 'merge', into: first.toLowerCase() })).status).toBe(303);
    expect(await needByRef(e.id, dup)).toMatchObject({
      status: 'closed',
      outcome: 'merged',
      mergedInto: { ref: first },
    });
    expect((await needByRef(e.id, first)).status).toBe('routed');
    const told = await newest((m) => m.to.includes(email) && m.subject.includes(dup));
    expect(told.text).toContain(first);
  }, 60_000);
});

describe('a need no one else may visit', () => {
  it('ends unvisited at once when its owner is the zone’s only manager, and is counted so', async () => {
    const { e, portal } = await enterprise('无人回访有限公司', 'novisit@ent.example.cn');
    const ref = refOf(await submitNeed(new Client(stack.url), portal, { title: '夜间施工许可' }));
    const need = await needByRef(e.id, ref);
    await handOverNeed(
      stack.deps,
      { enterpriseId: e.id, needId: need.id },
      { id: zone.manager.id, departmentId: zone.manager.departmentId },
      { actor: { kind: 'system' }, channel: 'system' },
    );
    await stack.engine.idle();
    const link = path(needHandleLink(stack.deps, need, zone.manager.id));
    await handle(link, { action: 'signFor', committedDate: today() });
    await handle(link, { action: 'resolve', answer: '已办理。' });
    const rating = path(
      (await newest((m) => m.to.includes('novisit@ent.example.cn') && m.subject.includes('请评价')))
        .links[0]!,
    );
    await rate(rating, { rating: 'satisfied' });
    expect(await needByRef(e.id, ref)).toMatchObject({ status: 'closed', outcome: 'unvisited' });
  }, 60_000);
});

describe('a need nobody rated', () => {
  it('is asked for when the enterprise does not rate in time', async () => {
    const n = await answered('回访二号有限公司', 'rv2@ent.example.cn', '招聘焊工');
    stack.clock.advance('P12D'); // past the rating window, whatever holidays it crossed
    await stack.engine.idle();
    // Staff mail waits for office hours: the sweep sends it then.
    while (!stack.deps.calendar.isOfficeTime(stack.clock.now())) stack.clock.advance('PT1H');
    await sendQueuedMail(stack.deps);
    expect(await needByRef(n.e.id, n.ref)).toMatchObject({ status: 'revisit', rating: 'none' });
    expect(
      (await outbox(stack.url)).some((m) => m.to.includes(zone.manager.email) && m.subject.includes(n.ref)),
    ).toBe(true);
  }, 90_000);
});
