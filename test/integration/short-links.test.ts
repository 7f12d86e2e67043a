import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHORT_LINKS_PER_CLIENT } from '#functions/http/pages/short-link.ts';
import { ShortLinkConfigError } from '#shared/domain/short-link.ts';
import { shortLinker } from '#shared/notify/short-links.ts';
import { lookUpShortLink, putShortLink } from '#shared/store/short-links.ts';
import { testStack } from '../support/stack.ts';

/**
 * SMS short links (`/s/<code>`): written once per code, followed by a 302 to the same-origin path they stand for
 * while they live, and a clear page (in the reader's language) once expired or for a code that does not exist.
 */
type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
const HOUR = 3_600_000;

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-12-01T02:00:00Z') });
}, 60_000);
afterAll(async () => stack.drop());

const open = (path: string, headers: Record<string, string> = {}) =>
  fetch(new URL(path, stack.url), { redirect: 'manual', headers });
const linker = () => shortLinker({ db: stack.deps.db, clock: stack.deps.clock, baseUrl: stack.url });
const pathOf = (short: string) => new URL(short).pathname;

describe('a short link', () => {
  it('redirects (302) to the path and query of the signed link it stands for', async () => {
    const { links, clock } = stack.deps;
    const signed = links.url(
      '/portal',
      links.sign('portal', 'E1', new Date(clock.now().getTime() + 24 * HOUR)),
    );
    const short = await linker()(signed);
    // The code alone fills the SMS template's variable (35 characters at most); the origin is the template's text.
    const prefix = `${new URL(stack.url).origin}/s/`;
    expect(short.startsWith(prefix)).toBe(true);
    expect([...short.slice(prefix.length)].length).toBeLessThanOrEqual(35);
    const answer = await open(pathOf(short));
    expect(answer.status).toBe(302);
    const signedUrl = new URL(signed);
    expect(answer.headers.get('location')).toBe(`${signedUrl.pathname}${signedUrl.search}`);
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('lives as long as the signed link: once it expires, 410 and a page saying so, in the reader’s language', async () => {
    const { links } = stack.deps;
    const { clock } = stack;
    const signed = links.url('/task', links.sign('task', 'E1/T1', new Date(clock.now().getTime() + HOUR)));
    const short = await linker()(signed);
    expect((await open(pathOf(short))).status).toBe(302);
    clock.advance('PT2H');
    const zh = await open(pathOf(short));
    expect(zh.status).toBe(410);
    expect(await zh.text()).toContain('这条短信链接已过期');
    const en = await open(`${pathOf(short)}?lang=en`);
    expect(en.status).toBe(410);
    expect(await en.text()).toContain('This text-message link has expired');
  });

  it('answers 404 with a clear page for a code that does not exist or is not a code at all', async () => {
    for (const path of ['/s/abcdefghjk', '/s/short', '/s/%2F%2Fevil.example', '/s/abcdefgh0O']) {
      const answer = await open(path, { 'accept-language': 'en' });
      expect(answer.status, path).toBe(404);
      expect(answer.headers.get('location')).toBeNull();
    }
    const zh = await open('/s/abcdefghjk');
    expect(await zh.text()).toContain('没有这条短信链接');
  });

  it('never redirects off this origin, even to a target that somehow got into the table', async () => {
    const expiresAt = new Date(stack.deps.clock.now().getTime() + HOUR);
    const createdAt = stack.deps.clock.now().toISOString();
    await putShortLink(stack.deps.db, {
      code: 'Evw2Evw222',
      target: '//evil.example/x',
      expiresAt,
      createdAt,
    });
    await putShortLink(stack.deps.db, {
      code: 'Evw2Evw223',
      target: 'https://evil.example',
      expiresAt,
      createdAt,
    });
    for (const code of ['Evw2Evw222', 'Evw2Evw223']) {
      const answer = await open(`/s/${code}`);
      expect(answer.status).toBe(404);
      expect(answer.headers.get('location')).toBeNull();
    }
    await expect(linker()('https://evil.example/portal?t=x')).rejects.toThrow(ShortLinkConfigError);
  });

  it('is rate-limited per client, so codes cannot be found by trying them (429 with Retry-After)', async () => {
    SHORT_LINKS_PER_CLIENT.reset();
    for (let i = 0; i < SHORT_LINKS_PER_CLIENT.limit; i++)
      expect((await open('/s/abcdefghjk')).status).toBe(404);
    const refused = await open('/s/abcdefghjk');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    SHORT_LINKS_PER_CLIENT.reset();
  });
});

describe('the short link store', () => {
  it('writes a code once: a code already taken is never overwritten, and another is drawn', async () => {
    const { db, clock } = stack.deps;
    const expiresAt = new Date(clock.now().getTime() + HOUR);
    const createdAt = clock.now().toISOString();
    expect(await putShortLink(db, { code: 'Taken22222', target: '/first', expiresAt, createdAt })).toBe(true);
    expect(await putShortLink(db, { code: 'Taken22222', target: '/second', expiresAt, createdAt })).toBe(
      false,
    );
    const drawn = ['Taken22222', 'Fresh22222'];
    const short = await shortLinker({
      db,
      clock,
      baseUrl: stack.url,
      newCode: () => drawn.shift() as string,
    })(`${stack.url}/need?t=x`);
    expect(short.endsWith('/s/Fresh22222')).toBe(true);
    expect(await lookUpShortLink(db, 'Taken22222', clock.now())).toEqual({ found: 'live', target: '/first' });
    expect(await lookUpShortLink(db, 'Fresh22222', clock.now())).toEqual({
      found: 'live',
      target: '/need?t=x',
    });
  });

  it('gives up after three codes taken in a row rather than loop', async () => {
    const { db, clock } = stack.deps;
    const make = shortLinker({ db, clock, baseUrl: stack.url, newCode: () => 'Taken22222' });
    await expect(make(`${stack.url}/need`)).rejects.toThrow(/no free short link code after 3 attempts/);
  });
});
