import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { portalLink } from '#shared/needs/portal.ts';
import { Client, csrfFrom, outbox, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-11-25T02:00:00Z') });
  zone = await makeZone(stack.deps);
}, 60_000);
afterAll(async () => stack.drop());

describe('rate limits (in process locally; API Gateway throttling in front on AWS)', () => {
  it('refuses a sixth sign-in link for one address within 15 minutes, with a clear page and Retry-After', async () => {
    const client = new Client(stack.url);
    const csrf = csrfFrom(await client.page('/signin'));
    const ask = (email: string) => client.request('/signin', { form: { _csrf: csrf, email } });
    for (let i = 0; i < 5; i++) expect((await ask(zone.officer.email)).status).toBe(200);
    const sixth = await ask(zone.officer.email);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await sixth.text()).toContain('尝试次数过多');
    const links = (await outbox(stack.url)).filter((m) => m.to.includes(zone.officer.email));
    expect(links).toHaveLength(5);
    // Another address is not affected; after the window the first works again.
    expect((await ask(zone.head.email)).status).toBe(200);
    stack.clock.advance('PT16M');
    expect((await ask(zone.officer.email)).status).toBe(200);
  });

  it('refuses an enterprise’s eleventh need within an hour, storing nothing for it', async () => {
    const e = await registerEnterprise(stack.deps, registration(zone), system);
    await stack.engine.idle();
    const link = new URL(portalLink(stack.deps, e));
    const client = new Client(stack.url);
    await client.page(`${link.pathname}${link.search}`);
    const submit = (n: number) =>
      client.submit('/portal', {
        t: link.searchParams.get('t')!,
        category: 'permits',
        title: `第${n}项诉求`,
        description: '请协助。',
        contactName: '沈一鸣',
        contactPhone: '13800138001',
      });
    for (let n = 1; n <= 10; n++) expect((await submit(n)).status).toBe(303);
    const eleventh = await submit(11);
    expect(eleventh.status).toBe(429);
    const { getEnterpriseFile } = await import('#shared/store/enterprises.ts');
    const file = await getEnterpriseFile(stack.deps.db, e.id);
    expect(file?.needs).toHaveLength(10);
  });
});

describe('the same need limits on every path that creates one', () => {
  it('refuses staff an enterprise’s eleventh need within an hour on its behalf, storing nothing for it', async () => {
    const e = await registerEnterprise(stack.deps, registration(zone), system);
    await stack.engine.idle();
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    await officer.page(`/console/enterprises/${e.id}`);
    const submit = (n: number) =>
      officer.submit(`/console/enterprises/${e.id}/need`, {
        category: 'permits',
        title: `代提第${n}项`,
        description: '走访中企业提出。',
        contactName: '沈一鸣',
        contactPhone: '13800138001',
      });
    for (let n = 1; n <= 10; n++) expect((await submit(n)).status, `need ${n}`).toBe(303);
    const eleventh = await submit(11);
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(0);
    const { getEnterpriseFile } = await import('#shared/store/enterprises.ts');
    expect((await getEnterpriseFile(stack.deps.db, e.id))?.needs).toHaveLength(10);
  });
});

describe('sessions', () => {
  it('refuses a session cookie after sign-out, even replayed by someone who copied it', async () => {
    const client = new Client(stack.url);
    await signIn(client, zone.manager.email);
    const stolen = new Map(client.jar);
    await client.page('/console');
    const out = await client.submit('/signout', {});
    expect(out.status).toBe(303);
    const thief = new Client(stack.url);
    for (const [k, v] of stolen) thief.jar.set(k, v);
    const res = await thief.request('/console');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/signin/);
    expect((await thief.request('/api/v1/me')).status).toBe(401);
  });

  it('refuses a state change without the CSRF token, or with another session’s', async () => {
    const a = new Client(stack.url);
    await signIn(a, zone.manager.email);
    const b = new Client(stack.url);
    await signIn(b, zone.head.email);
    const bToken = csrfFrom(await b.page('/console/me'));
    const none = await a.request('/console/me/digest', { form: { daily: 'yes', at: '09:00' } });
    expect(none.status).toBe(403);
    const foreign = await a.request('/console/me/digest', {
      form: { _csrf: bToken, daily: 'yes', at: '09:00' },
    });
    expect(foreign.status).toBe(403);
    const { getStaff } = await import('#shared/store/organisation.ts');
    expect((await getStaff(stack.deps.db, zone.manager.id))?.digest).toBeUndefined();
  });
});
