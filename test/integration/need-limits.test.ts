import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { getEnterpriseFile } from '#shared/store/enterprises.ts';
import { Client, outbox } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/**
 * Issue 14, item 14, the path the earlier tests left out: an officer's blocker report from a task link creates a
 * need, so the enterprise's need limit (10 an hour) counts it like a need from the portal.
 */
let stack: Awaited<ReturnType<typeof testStack>>;
let zone: Zone;

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-11-25T02:00:00Z') });
  zone = await makeZone(stack.deps);
}, 60_000);
afterAll(async () => stack.drop());

describe('blocker reports count against the need limits', () => {
  it('the eleventh blocker in an hour is refused (429, Retry-After) and creates no need', async () => {
    const e = await registerEnterprise(stack.deps, registration(zone, { name: '阻塞上限有限公司' }), system);
    await stack.engine.idle();
    const mail = (await outbox(stack.url)).find(
      (m) => m.to.includes(zone.officer.email) && m.links.some((l) => l.includes('/task?')),
    )!;
    const link = new URL(mail.links.find((l) => l.includes('/task?'))!);
    const report = async (n: number) => {
      const client = new Client(stack.url);
      await client.page('/signin');
      return client.submit('/task', {
        t: link.searchParams.get('t')!,
        outcome: 'blocker',
        'blocker.category': 'permits',
        'blocker.title': `施工许可受阻${n}`,
        'blocker.description': '需要规划部门协调。',
      });
    };
    for (let n = 1; n <= 10; n++) expect((await report(n)).status, `report ${n}`).toBe(303);
    await stack.engine.idle();
    const refused = await report(11);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const needs = (await getEnterpriseFile(stack.deps.db, e.id))!.needs;
    expect(needs).toHaveLength(10);
  }, 60_000);
});
