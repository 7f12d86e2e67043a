import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Need } from '#shared/domain/work-item.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { resolveNeed, signFor } from '#shared/needs/answer.ts';
import { createNeed } from '#shared/needs/create.ts';
import { rateNeed } from '#shared/needs/rating.ts';
import { revisitNeed } from '#shared/needs/revisit.ts';
import { setRouting } from '#shared/needs/routing.ts';
import { getNeed } from '#shared/store/needs.ts';
import { needsToRevisit } from '#shared/store/revisits.ts';
import { Client, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

let stack: Awaited<ReturnType<typeof testStack>>;
let zone: Zone;
// Mon 21 Sep 2026, 10:00 Shanghai.
const START = new Date('2026-09-21T02:00:00Z');

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
  // Land goes to the first department, whose head owns it: the manager, not the owner, makes the return visit.
  await setRouting(stack.deps, { land: zone.departments[0]!.id }, system);
}, 60_000);
afterAll(async () => stack.drop());

const staff = (id: string) => ({ actor: { kind: 'staff' as const, id }, channel: 'web' as const });
const enterpriseActor = { actor: { kind: 'enterprise' as const }, channel: 'portal' as const };
const ids = (need: Need) => ({ enterpriseId: need.enterpriseId, needId: need.id });

/** A need routed to the head, signed for, answered and rated satisfied: it awaits the return visit (回访). */
async function toRevisit(name: string, title: string): Promise<Need> {
  const e = await registerEnterprise(stack.deps, registration(zone, { name }), system);
  await stack.engine.idle();
  const need = await createNeed(
    stack.deps,
    e,
    { category: 'land', title, description: '请协助。', contactName: '沈一鸣', contactPhone: '13800138001' },
    system,
  );
  await stack.engine.idle();
  const today = stack.deps.calendar.localDate(stack.clock.now());
  await signFor(stack.deps, ids(need), { committedDate: today }, staff(zone.head.id));
  await resolveNeed(stack.deps, ids(need), { answer: `${title}：已办理。` }, staff(zone.head.id));
  await rateNeed(stack.deps, ids(need), { rating: 'satisfied' }, enterpriseActor);
  await stack.engine.idle();
  const now = (await getNeed(stack.deps.db, need.enterpriseId, need.id))!;
  expect(now.status).toBe('revisit');
  return now;
}

async function signedIn(email: string) {
  const client = new Client(stack.url);
  await signIn(client, email);
  return client;
}

/** The revisit list's rows as the page shows them: each need's reference, in order. */
const refsOn = (html: string, needs: Need[]) =>
  needs
    .map((n) => ({ ref: n.ref, at: html.indexOf(n.ref) }))
    .filter((r) => r.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((r) => r.ref);

describe('the revisit list (回访)', () => {
  const needs: Need[] = [];

  it('lists a need from the moment it awaits its return visit, earliest due first, from its own index', async () => {
    expect((await needsToRevisit(stack.deps.db)).items).toEqual([]);
    needs.push(await toRevisit('回访列表一号有限公司', '用地预审'));
    stack.clock.advance('PT2H');
    needs.push(await toRevisit('回访列表二号有限公司', '用地红线'));
    stack.clock.advance('PT2H');
    needs.push(await toRevisit('回访列表三号有限公司', '土地证'));
    const listed = await needsToRevisit(stack.deps.db);
    expect(listed.items.map((n) => n.id)).toEqual(needs.map((n) => n.id));
    // Not on any board meanwhile: the head's board holds no need awaiting a visit.
    const head = await signedIn(zone.head.email);
    const board = await head.page('/console');
    for (const n of needs) expect(board).not.toContain(n.title);
  }, 120_000);

  it('shows them to managers on /console/revisits, each linked to its need page, paginated like the board', async () => {
    const manager = await signedIn(zone.manager.email);
    expect(await manager.page('/console')).toContain('href="/console/revisits"');
    const page = await manager.page('/console/revisits');
    expect(page).toContain('待回访');
    expect(refsOn(page, needs)).toEqual(needs.map((n) => n.ref));
    expect(page).toContain('回访列表一号有限公司');
    expect(page).toMatch(/<a href="[^"]*\/need\?t=[^"]+">/);
    // Two a page: the first two, then a link to the rest.
    const first = await manager.page('/console/revisits?limit=2');
    expect(refsOn(first, needs)).toEqual([needs[0]!.ref, needs[1]!.ref]);
    const next = first
      .match(/href="(\/console\/revisits\?[^"]*cursor=[^"]+)"/)?.[1]
      ?.replaceAll('&amp;', '&');
    expect(next).toBeDefined();
    expect(refsOn(await manager.page(next!), needs)).toEqual([needs[2]!.ref]);
    expect((await manager.request('/console/revisits?cursor=not-a-cursor')).status).toBe(400);
  }, 60_000);

  it('is for managers only', async () => {
    const head = await signedIn(zone.head.email);
    expect(await head.page('/console')).not.toContain('href="/console/revisits"');
    expect((await head.request('/console/revisits')).status).toBe(403);
    const officer = await signedIn(zone.officer.email);
    expect((await officer.request('/console/revisits')).status).toBe(403);
  }, 60_000);

  it('drops a need once it is visited', async () => {
    const [visited, ...rest] = needs;
    await revisitNeed(
      stack.deps,
      ids(visited!),
      { resolved: 'yes', satisfied: 'yes' },
      staff(zone.manager.id),
    );
    await stack.engine.idle();
    expect((await getNeed(stack.deps.db, visited!.enterpriseId, visited!.id))?.status).toBe('closed');
    expect((await needsToRevisit(stack.deps.db)).items.map((n) => n.id)).toEqual(rest.map((n) => n.id));
    const manager = await signedIn(zone.manager.email);
    expect(refsOn(await manager.page('/console/revisits'), needs)).toEqual(rest.map((n) => n.ref));
  }, 60_000);
});
