import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpHandler } from '#functions/http/app.ts';
import type { HttpResult } from '#functions/http/lib/types.ts';
import { lambdaContext } from '#local/lambda-context.ts';
import { holdOffRequestPath, offRequestPathSettled } from '#shared/auth/signin-delivery.ts';
import type { Mail } from '#shared/mail/mailer.ts';
import { listOutbox } from '#shared/store/outbox.ts';
import { makeZone, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/**
 * Issue 14 items 10 and 18: sign-in links are limited per address and client together (a stranger cannot lock
 * anyone out) and per client; the answer does the same work whether or not the address exists (the mail is sent
 * off the request path); the limits are kept in the table, so every container counts against the same ones.
 *
 * Requests go straight to the HTTP Lambda handler, as API Gateway delivers them, so each can come from its own
 * client address, and a second copy of the app's modules stands for a second Lambda container.
 */
type Stack = Awaited<ReturnType<typeof testStack>>;
type Handler = (
  event: APIGatewayProxyEventV2,
  context: ReturnType<typeof lambdaContext>,
) => Promise<HttpResult>;
let stack: Stack;
let zone: Zone;
let container: Handler;

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-11-25T02:00:00Z') });
  zone = await makeZone(stack.deps);
  container = createHttpHandler(async () => stack.deps) as unknown as Handler;
}, 60_000);
afterAll(async () => stack.drop());

/** A browser at one client address, talking to one container. */
class Browser {
  readonly jar = new Map<string, string>();
  html = '';
  constructor(
    readonly ip: string,
    readonly handler: Handler = container,
  ) {}

  async send(method: string, path: string, form?: Record<string, string>): Promise<HttpResult> {
    const now = new Date();
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: path,
      rawQueryString: '',
      cookies: [...this.jar].map(([k, v]) => `${k}=${v}`),
      headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      requestContext: {
        accountId: 'test',
        apiId: 'test',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: { method, path, protocol: 'HTTP/1.1', sourceIp: this.ip, userAgent: 'test' },
        requestId: crypto.randomUUID(),
        routeKey: '$default',
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
      isBase64Encoded: false,
    } as APIGatewayProxyEventV2;
    const result = await this.handler(event, lambdaContext('aftercare-http', event.requestContext.requestId));
    for (const cookie of result.cookies ?? []) {
      const pair = cookie.split(';')[0]!;
      this.jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    this.html = result.body ?? '';
    return result;
  }

  /** Open the sign-in page (for its CSRF token) and ask for a link for `email`. */
  async askForLink(email: string): Promise<number> {
    if (!this.html.includes('name="_csrf"')) await this.send('GET', '/signin');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(this.html)?.[1] ?? '';
    const res = await this.send('POST', '/signin', { _csrf: csrf, email });
    return res.statusCode ?? 200;
  }
}

const linksFor = async (email: string) => {
  await offRequestPathSettled();
  return (await listOutbox(stack.deps.db)).filter(
    (m) => m.to.includes(email) && m.links[0]?.includes('/signin/verify'),
  ).length;
};

describe('sign-in links limited per address and client (item 10)', () => {
  it('a stranger asking for my address cannot lock me out', async () => {
    const stranger = new Browser('203.0.113.7');
    for (let i = 0; i < 5; i++) expect(await stranger.askForLink(zone.officer.email)).toBe(200);
    expect(await stranger.askForLink(zone.officer.email)).toBe(429);
    expect(await stranger.askForLink(zone.officer.email.toUpperCase())).toBe(429);
    const before = await linksFor(zone.officer.email);
    // The officer, from their own browser, still gets a link.
    const me = new Browser('198.51.100.20');
    expect(await me.askForLink(zone.officer.email)).toBe(200);
    expect(await linksFor(zone.officer.email)).toBe(before + 1);
  });

  it('one client cannot walk through many addresses', async () => {
    const walker = new Browser('203.0.113.99');
    for (let i = 0; i < 30; i++) expect(await walker.askForLink(`nobody${i}@zone.example.cn`)).toBe(200);
    expect(await walker.askForLink('nobody-more@zone.example.cn')).toBe(429);
    // Another client is not affected.
    expect(await new Browser('203.0.113.100').askForLink('nobody-more@zone.example.cn')).toBe(200);
  });

  it('answers a known and an unknown address with the same page after the same store calls, sending nothing', async () => {
    const calls: string[] = [];
    const sent: Mail[] = [];
    const record =
      (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: { input?: { Key?: { PK?: unknown }; Item?: { PK?: unknown } } }) => {
        const pk = args.input?.Key?.PK ?? args.input?.Item?.PK ?? '';
        const text = typeof pk === 'string' ? pk : ((pk as { S?: string }).S ?? '');
        calls.push(`${context.commandName} ${text.split('#')[0]}`);
        return next(args);
      };
    stack.deps.db.doc.middlewareStack.add(record as never, { step: 'initialize', name: 'recordCalls' });
    const mailer = stack.deps.mailer;
    stack.deps.mailer = {
      send: async (mail) => {
        sent.push(mail);
        return mailer.send(mail);
      },
    };
    const ask = async (email: string) => {
      const browser = new Browser('192.0.2.55');
      await browser.send('GET', '/signin');
      calls.length = 0;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(browser.html)![1]!;
      const res = await browser.send('POST', '/signin', { _csrf: csrf, email });
      const body = (res.body ?? '').replaceAll(csrf, '');
      return { status: res.statusCode, body, calls: [...calls], sent: sent.length };
    };
    await offRequestPathSettled(); // earlier tests' mail work is not these requests'
    holdOffRequestPath.hold();
    try {
      const known = await ask(zone.head.email);
      const unknown = await ask('not-staff@zone.example.cn');
      expect(known.status).toBe(200);
      expect(unknown.status).toBe(known.status);
      expect(unknown.body).toBe(known.body);
      expect(known.calls.length).toBeGreaterThan(0);
      expect(unknown.calls).toEqual(known.calls);
      // The request path looked nothing up and sent nothing.
      expect(known.calls.some((c) => /EMAIL|ZONE|SIGNIN/.test(c))).toBe(false);
      expect(unknown.sent).toBe(0);
    } finally {
      holdOffRequestPath.release();
      stack.deps.db.doc.middlewareStack.remove('recordCalls');
      await offRequestPathSettled();
      stack.deps.mailer = mailer;
    }
    // Once the answers are out, the known address gets its link and the unknown one nothing.
    expect(sent.map((m) => m.to)).toEqual([[zone.head.email]]);
  });
});

describe('limits shared by every container (item 18)', () => {
  it('counts sign-in requests made to two containers against the same limit', async () => {
    vi.resetModules();
    const fresh = await import('#functions/http/app.ts');
    const second = fresh.createHttpHandler(async () => stack.deps) as unknown as Handler;
    const ip = '203.0.113.44';
    const one = new Browser(ip, container);
    const two = new Browser(ip, second);
    for (let i = 0; i < 3; i++) expect(await one.askForLink(zone.manager.email)).toBe(200);
    for (let i = 0; i < 2; i++) expect(await two.askForLink(zone.manager.email)).toBe(200);
    expect(await two.askForLink(zone.manager.email)).toBe(429);
    expect(await one.askForLink(zone.manager.email)).toBe(429);
  });

  it('never lets concurrent attempts past the limit', async () => {
    const { RateLimit } = await import('#shared/auth/rate-limit.ts');
    const limit = new RateLimit('test-concurrent', 5, 60_000);
    const now = stack.clock.now();
    const results = await Promise.all(
      Array.from({ length: 25 }, () => limit.take(stack.deps.db, 'one key', now)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    const refused = results.find((r) => !r.ok);
    expect(refused && !refused.ok && refused.retryAfterSeconds).toBeGreaterThan(0);
  });
});
