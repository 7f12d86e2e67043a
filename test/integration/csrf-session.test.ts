import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStaff } from '#shared/store/organisation.ts';
import { Client, csrfFrom, signIn } from '../support/client.ts';
import { makeZone, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/**
 * Issue 14 item 13: a signed-in person's CSRF token is bound to their session, not only to the CSRF cookie. A token
 * from another session, or one from before signing in, is refused even with the CSRF cookie it was made for.
 */
type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-11-25T02:00:00Z') });
  zone = await makeZone(stack.deps);
}, 60_000);
afterAll(async () => stack.drop());

const CSRF_COOKIE = 'aftercare_csrf';
const SESSION_COOKIE = 'aftercare_session';
const digestForm = (csrf: string) => ({ form: { _csrf: csrf, daily: 'yes', at: '09:00' } });

describe('CSRF tokens bound to the session (item 13)', () => {
  it('refuses session A’s token replayed with session B’s cookie, even with A’s CSRF cookie', async () => {
    const a = new Client(stack.url);
    await signIn(a, zone.manager.email);
    const aToken = csrfFrom(await a.page('/console/me'));
    const b = new Client(stack.url);
    await signIn(b, zone.head.email);
    // B's session, but A's CSRF cookie and the token A's page carried: everything an attacker could copy from A.
    const replay = new Client(stack.url);
    replay.jar.set(SESSION_COOKIE, b.jar.get(SESSION_COOKIE)!);
    replay.jar.set(CSRF_COOKIE, a.jar.get(CSRF_COOKIE)!);
    const res = await replay.request('/console/me/digest', digestForm(aToken));
    expect(res.status).toBe(403);
    expect((await getStaff(stack.deps.db, zone.head.id))?.digest).toBeUndefined();
    // B's own token still works.
    const bToken = csrfFrom(await b.page('/console/me'));
    expect((await b.request('/console/me/digest', digestForm(bToken))).status).toBe(303);
  });

  it('refuses, once signed in, a token from before signing in (same browser, same CSRF cookie)', async () => {
    const client = new Client(stack.url);
    const before = csrfFrom(await client.page('/signin'));
    const cookieBefore = client.jar.get(CSRF_COOKIE)!;
    await signIn(client, zone.officer.email);
    // Sign-in rotates the CSRF cookie; an attacker who had planted the old one gets it back in.
    expect(client.jar.get(CSRF_COOKIE)).not.toBe(cookieBefore);
    client.jar.set(CSRF_COOKIE, cookieBefore);
    const res = await client.request('/console/me/digest', digestForm(before));
    expect(res.status).toBe(403);
    expect((await getStaff(stack.deps.db, zone.officer.id))?.digest).toBeUndefined();
  });

  it('refuses after sign-out the token of the session that ended, and rotates the cookie', async () => {
    const client = new Client(stack.url);
    await signIn(client, zone.otherOfficer.email);
    const token = csrfFrom(await client.page('/console/me'));
    const cookie = client.jar.get(CSRF_COOKIE)!;
    const session = client.jar.get(SESSION_COOKIE)!;
    expect((await client.request('/signout', { form: { _csrf: token } })).status).toBe(303);
    expect(client.jar.get(CSRF_COOKIE)).not.toBe(cookie);
    // Signed out, the old token is no good on an anonymous form either (it was made for the session).
    client.jar.set(CSRF_COOKIE, cookie);
    const signin = await client.request('/signin', {
      form: { _csrf: token, email: zone.otherOfficer.email },
    });
    expect(signin.status).toBe(403);
    // The ended session's cookie is no session: the console sends it to sign in.
    client.jar.set(SESSION_COOKIE, session);
    const after = await client.request('/console/me/digest', digestForm(token));
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/signin/);
    expect((await getStaff(stack.deps.db, zone.otherOfficer.id))?.digest).toBeUndefined();
  });

  it('keeps anonymous forms working with the cookie-bound token', async () => {
    const client = new Client(stack.url);
    const token = csrfFrom(await client.page('/signin'));
    expect((await client.request('/signin', { form: { _csrf: token, email: zone.head.email } })).status).toBe(
      200,
    );
    expect(
      (await client.request('/signin', { form: { _csrf: 'forged', email: zone.head.email } })).status,
    ).toBe(403);
  });
});
