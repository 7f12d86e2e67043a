import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PERMISSIONS_POLICY } from '#functions/http/app.ts';
import { DEMO_DOMAIN } from '#local/seed.ts';
import { type LocalStack, startLocalStack } from '#local/stack.ts';
import { STAGES } from '#shared/domain/stage.ts';
import { enterprisesAtStage } from '#shared/store/enterprises.ts';
import { listDepartments, listStaff } from '#shared/store/organisation.ts';
import { Client, csrfFrom, outbox, signIn } from '../support/client.ts';

let stack: LocalStack;
const manager = `chen.zhiyuan@${DEMO_DOMAIN}`;
const head = `wang.fang@${DEMO_DOMAIN}`;
const officer = `chen.jing@${DEMO_DOMAIN}`;

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    table: `http-${randomUUID()}`,
    dataDir: mkdtempSync(join(tmpdir(), 'aftercare-')),
    // Wed 25 Nov 2026, 10:00 in Shanghai: office hours, so staff mail goes out at once whenever the tests run.
    clockStart: new Date('2026-11-25T02:00:00Z'),
  });
});
afterAll(async () => {
  await stack.deps.db.doc.send(new DeleteTableCommand({ TableName: stack.deps.db.table }));
  await stack.stop();
});

describe('home page and headers', () => {
  it('explains the system and lists the demo accounts in local mode', async () => {
    const res = await fetch(`${stack.url}/`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('安商服务');
    expect(html).toContain(manager);
    expect(html).toContain('href="/_local/outbox"');
  });

  it('switches to English and remembers it', async () => {
    const client = new Client(stack.url);
    expect(await client.page('/?lang=en')).toContain('Full-cycle service');
    expect(await client.page('/signin')).toContain('Staff sign-in');
  });

  it('gzips pages, errors and JSON for browsers that accept it, and only for them', async () => {
    const raw = (path: string, acceptEncoding?: string) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        const req = httpGet(
          `${stack.url}${path}`,
          { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
            );
          },
        );
        req.on('error', reject);
      });
    for (const path of ['/', '/no-such-page', '/api/v1/openapi.json']) {
      const plain = await raw(path);
      const zipped = await raw(path, 'gzip, deflate, br');
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      expect(zipped.headers['content-encoding'], path).toBe('gzip');
      expect(zipped.headers.vary, path).toContain('Accept-Encoding');
      expect(zipped.status, path).toBe(plain.status);
      expect(gunzipSync(zipped.body).toString('utf8'), path).toBe(plain.body.toString('utf8'));
      expect(zipped.body.length, path).toBeLessThan(plain.body.length * (path.endsWith('.json') ? 0.2 : 0.8));
      // The security headers are on the compressed response too.
      expect(zipped.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });

  it('sends security headers on every response, errors included', async () => {
    for (const path of ['/', '/no-such-page', '/api/v1/openapi.json']) {
      const res = await fetch(`${stack.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      // Only features browsers know, each denied (an unknown one is logged by the browser as an error).
      expect(res.headers.get('permissions-policy'), path).toBe(PERMISSIONS_POLICY);
      expect(PERMISSIONS_POLICY).toMatch(/^camera=\(\), microphone=\(\), geolocation=\(\)/);
      expect(PERMISSIONS_POLICY).not.toMatch(/interest-cohort|monetization|navigation-override|bluetooth/);
    }
    const missing = await fetch(`${stack.url}/no-such-page`);
    expect(missing.status).toBe(404);
    // Every page names its icon, so no browser asks for /favicon.ico (a 404, and an invocation, each time).
    expect(await missing.text()).toContain('<link rel="icon" href="data:,"/>');
  });
});

describe('the seeded demo zone', () => {
  it('has departments, about twenty officers and a dozen enterprises at various stages', async () => {
    expect(stack.seeded).toBe(true);
    expect((await listDepartments(stack.deps.db)).length).toBe(5);
    expect((await listStaff(stack.deps.db)).length).toBeGreaterThanOrEqual(20);
    // Every stage from talks (a lead accepted into talks) to 纳统 has an enterprise: 12 signed projects and one lead.
    const counts = await Promise.all(
      STAGES.map(async (s) => (await enterprisesAtStage(stack.deps.db, s)).items.length),
    );
    expect(counts.reduce((a, b) => a + b)).toBe(13);
    expect(counts.every((n) => n > 0)).toBe(true);
  });
});

describe('staff sign-in', () => {
  it('signs in from the emailed one-time link and lands on the board with red and yellow items', async () => {
    const client = new Client(stack.url);
    await signIn(client, manager);
    const board = await client.page('/console');
    expect(board).toContain('data-light="red"');
    expect(board).toContain('data-light="yellow"');
    expect(board).toContain('芯途半导体');
    // Most overdue first.
    const lights = [...board.matchAll(/data-light="(\w+)"/g)].map((m) => m[1]);
    expect(lights.indexOf('red')).toBe(0);
    expect(lights.lastIndexOf('red')).toBeLessThan(lights.indexOf('yellow'));
  });

  it('refuses the same link a second time and changes nothing', async () => {
    const client = new Client(stack.url);
    await signIn(client, head);
    const mail = (await outbox(stack.url)).find((m) => m.to.includes(head))!;
    const token = new URL(mail.links[0]!).searchParams.get('t')!;
    const replay = new Client(stack.url);
    await replay.page('/signin');
    const res = await replay.submit('/signin/verify', { t: token });
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('链接已使用过或已失效');
    expect(replay.jar.has('aftercare_session')).toBe(false);
  });

  it('refuses a tampered link with a clear page', async () => {
    const mail = (await outbox(stack.url)).find((m) => m.to.includes(head))!;
    const url = new URL(mail.links[0]!);
    const [body, sig] = url.searchParams.get('t')!.split('.');
    const res = await fetch(`${stack.url}/signin/verify?t=${body}.${sig!.slice(0, -2)}AA`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('链接校验失败');
  });

  it('answers an unknown address exactly like a known one and sends nothing', async () => {
    const client = new Client(stack.url);
    await client.page('/signin');
    const before = (await outbox(stack.url)).length;
    const res = await client.submit('/signin', { email: 'nobody@elsewhere.example.cn' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('如果该邮箱属于本园区工作人员');
    expect((await outbox(stack.url)).length).toBe(before);
  });

  it('shows a field error for a malformed address', async () => {
    const client = new Client(stack.url);
    await client.page('/signin');
    const res = await client.submit('/signin', { email: 'not-an-email' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('邮箱格式不正确');
  });

  it('refuses a form without a valid CSRF token', async () => {
    const client = new Client(stack.url);
    await client.page('/signin');
    const res = await client.request('/signin', { form: { email: manager, _csrf: 'forged' } });
    expect(res.status).toBe(403);
  });

  it('ends the session on sign-out: the old cookie no longer works', async () => {
    const client = new Client(stack.url);
    await signIn(client, officer);
    const stolen = client.jar.get('aftercare_session')!;
    await client.page('/console');
    expect((await client.submit('/signout', {})).status).toBe(303);
    const thief = new Client(stack.url);
    thief.jar.set('aftercare_session', stolen);
    const res = await thief.request('/console');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/signin/);
  });
});

describe('signing in from a page asked for while signed out', () => {
  const hidden = (html: string, name: string) =>
    new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replaceAll('&amp;', '&');

  it('brings the person back to that page, query and all, through the mailed link', async () => {
    const client = new Client(stack.url);
    const asked = '/console/scoreboard?year=2026&month=3';
    const res = await client.request(asked);
    expect(res.status).toBe(303);
    const signInPage = res.headers.get('location')!;
    expect(new URL(signInPage, stack.url).searchParams.get('next')).toBe(asked);
    const form = await client.page(signInPage);
    expect(hidden(form, 'next')).toBe(asked);
    expect((await client.submit('/signin', { email: officer, next: asked })).status).toBe(200);
    const mail = (await outbox(stack.url)).find(
      (m) => m.to.includes(officer) && m.links[0]?.includes('next='),
    )!;
    const link = new URL(mail.links[0]!);
    expect(link.searchParams.get('next')).toBe(asked);
    const confirm = await client.page(`${link.pathname}${link.search}`);
    expect(hidden(confirm, 'next')).toBe(asked);
    const done = await client.submit('/signin/verify', { t: hidden(confirm, 't')!, next: asked });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(asked);
  });

  it('never sends anyone to another site, whatever the link says', async () => {
    const bad = [
      '//evil.example/console',
      '/\\evil.example',
      'https://evil.example/',
      '/console\nSet-Cookie:x',
    ];
    const client = new Client(stack.url);
    for (const next of bad)
      expect(hidden(await client.page(`/signin?next=${encodeURIComponent(next)}`), 'next')).toBeUndefined();
    expect((await client.submit('/signin', { email: head, next: bad[0]! })).status).toBe(200);
    const mail = (await outbox(stack.url)).find((m) => m.to.includes(head))!;
    const link = new URL(mail.links[0]!);
    expect(link.searchParams.has('next')).toBe(false);
    let confirm = '';
    for (const next of bad) {
      confirm = await client.page(`${link.pathname}${link.search}&next=${encodeURIComponent(next)}`);
      expect(hidden(confirm, 'next')).toBeUndefined();
    }
    const done = await client.submit('/signin/verify', { t: hidden(confirm, 't')!, next: bad[0]! });
    expect(done.headers.get('location')).toBe('/console');
  });
});

describe('roles', () => {
  it('sends the signed-out to sign in, and refuses the API without credentials', async () => {
    expect((await fetch(`${stack.url}/console`, { redirect: 'manual' })).status).toBe(303);
    expect((await fetch(`${stack.url}/api/v1/me`)).status).toBe(401);
  });

  it('lets an officer see only their own items, and not register enterprises', async () => {
    const client = new Client(stack.url);
    await signIn(client, officer);
    const board = await client.page('/console?scope=zone');
    const me = (await listStaff(stack.deps.db)).find((s) => s.email === officer)!;
    const api = await client.request('/api/v1/board?scope=zone');
    const rows = (await api.json()) as { scope: string; rows: { ownerId: string }[] };
    expect(rows.scope).toBe('mine');
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(rows.rows.every((r) => r.ownerId === me.id)).toBe(true);
    expect(board).not.toContain('/console/enterprises/new');
    expect((await client.request('/console/enterprises/new')).status).toBe(403);
  });
});

describe('registering an enterprise', () => {
  it('works from the form, shows field errors next to fields and stores nothing on bad input', async () => {
    const client = new Client(stack.url);
    await signIn(client, manager);
    const form = await client.page('/console/enterprises/new');
    const staff = await listStaff(stack.deps.db);
    const officerRow = staff.find((s) => s.email === officer)!;
    const headRow = staff.find((s) => s.email === head)!;
    expect(form).toContain(officerRow.id);
    const before = (await enterprisesAtStage(stack.deps.db, 'signed')).items.length;

    const bad = await client.submit('/console/enterprises', {
      name: '',
      investor: '测试投资',
      industryChain: '集成电路',
      contractedInvestment: '12.5',
      signedAt: '2026-11-20',
      'lead.departmentId': headRow.departmentId,
      'lead.staffId': headRow.id,
      serviceOfficerId: officerRow.id,
      'contacts.0.name': '联系人',
      'contacts.0.phone': '12345',
      'contacts.0.email': 'x@example.cn',
    });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toContain('请修改标出的内容');
    expect(page).toMatch(/id="f-name-error"[^>]*>必填/);
    expect(page).toMatch(/id="f-contractedInvestment-error"[^>]*>请输入整数/);
    expect(page).toMatch(/id="f-contacts-0-phone-error"[^>]*>电话格式不正确/);
    expect(page).toContain('value="测试投资"'); // what was typed is kept
    expect((await enterprisesAtStage(stack.deps.db, 'signed')).items.length).toBe(before);

    client.lastHtml = page;
    const ok = await client.submit('/console/enterprises', {
      name: '表单登记有限公司',
      investor: '测试投资',
      industryChain: '集成电路',
      contractedInvestment: '5000',
      signedAt: '2026-11-20',
      'lead.departmentId': headRow.departmentId,
      'lead.staffId': headRow.id,
      serviceOfficerId: officerRow.id,
      'contacts.0.name': '联系人',
      'contacts.0.phone': '13912345678',
      'contacts.0.email': 'x@example.cn',
      'planned.registered': '2026-12-20',
    });
    // Planned dates are optional.
    const noPlan = await client.submit('/console/enterprises', {
      name: '无计划日期有限公司',
      investor: '测试投资',
      industryChain: '集成电路',
      contractedInvestment: '5000',
      signedAt: '2026-11-20',
      'lead.departmentId': headRow.departmentId,
      'lead.staffId': headRow.id,
      serviceOfficerId: officerRow.id,
      'contacts.0.name': '联系人',
      'contacts.0.phone': '13912345678',
      'contacts.0.email': 'y@example.cn',
    });
    expect(noPlan.status).toBe(303);
    expect(ok.status).toBe(303);
    const location = ok.headers.get('location')!;
    const detail = await client.page(location);
    expect(detail).toContain('表单登记有限公司');
    expect(detail).toContain('企业已登记');
    expect(detail).toContain('2026-12-20');
    expect((await enterprisesAtStage(stack.deps.db, 'signed')).items.length).toBe(before + 2);
  });

  it('works from POST /api/v1/enterprises with the head’s own API token', async () => {
    // A token acts as whoever issued it, never as someone else (issue 14 item 5: api-tokens.test.ts).
    const client = new Client(stack.url);
    await signIn(client, head);
    const staff = await listStaff(stack.deps.db);
    const headRow = staff.find((s) => s.email === head)!;
    const officerRow = staff.find((s) => s.email === officer)!;
    await client.page('/console');
    const issued = await client.request('/api/v1/tokens', {
      json: { label: 'ledger sync' },
      headers: { 'x-csrf-token': csrfFrom(client.lastHtml) },
    });
    expect(issued.status).toBe(201);
    const { token } = (await issued.json()) as { token: string };

    const auth = { authorization: `Bearer ${token}` };
    const meRes = await fetch(`${stack.url}/api/v1/me`, { headers: auth });
    expect(((await meRes.json()) as { email: string }).email).toBe(head);

    const body = {
      name: 'API 登记有限公司',
      investor: '接口投资',
      industryChain: '生物医药',
      contractedInvestment: 8000,
      signedAt: '2026-11-25',
      lead: { departmentId: headRow.departmentId, staffId: headRow.id },
      serviceOfficerId: officerRow.id,
      contacts: [{ name: '李四', phone: '+86 13912345678', email: 'li@api.example.cn' }],
      planned: {},
    };
    const created = await fetch(`${stack.url}/api/v1/enterprises`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(created.status).toBe(201);
    const enterprise = (await created.json()) as { id: string; stage: string };
    expect(enterprise.stage).toBe('signed');
    const read = await fetch(`${stack.url}/api/v1/enterprises/${enterprise.id}`, { headers: auth });
    expect(read.status).toBe(200);

    const invalid = await fetch(`${stack.url}/api/v1/enterprises`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, contractedInvestment: -1, contacts: 'x' }),
    });
    expect(invalid.status).toBe(400);
    const error = (await invalid.json()) as { fields: { path: string; message: string }[] };
    expect(error.fields.map((f) => f.path).sort()).toEqual(['contacts', 'contractedInvestment']);

    const notJson = await fetch(`${stack.url}/api/v1/enterprises`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(notJson.status).toBe(400);
  });

  it('refuses a cookie-authenticated API call without the CSRF header', async () => {
    const client = new Client(stack.url);
    await signIn(client, manager);
    const res = await client.request('/api/v1/tokens', { json: { staffId: 'x', label: 'y' } });
    expect(res.status).toBe(403);
  });
});

describe('OpenAPI', () => {
  it('describes the API from the zod schemas', async () => {
    const doc = (await (await fetch(`${stack.url}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/enterprises',
        '/api/v1/enterprises/{id}',
        '/api/v1/board',
        '/api/v1/tokens',
        '/api/v1/figures/needs',
        '/api/v1/settings/need-routing',
      ]),
    );
    expect(Object.keys(doc.components.schemas.RegisterEnterprise?.properties ?? {})).toContain(
      'contractedInvestment',
    );
  });
});

describe('local outbox and clock', () => {
  it('lists mail newest first as JSON and as a page with clickable links', async () => {
    const mails = await outbox(stack.url);
    expect(mails.length).toBeGreaterThan(0);
    expect(Object.keys(mails[0]!).sort()).toEqual([
      'channel',
      'html',
      'id',
      'links',
      'sentAt',
      'subject',
      'text',
      'to',
    ]);
    expect(mails.every((m) => ['email', 'wecom', 'dingtalk', 'sms'].includes(m.channel))).toBe(true);
    const sorted = [...mails].sort((a, b) => (a.id < b.id ? 1 : -1));
    expect(mails.map((m) => m.id)).toEqual(sorted.map((m) => m.id));
    const page = await (await fetch(`${stack.url}/_local/outbox`)).text();
    expect(page).toContain(`href="${mails[0]!.links[0]!.replaceAll('&', '&amp;')}"`);
  });

  it('moves the local clock forward by an ISO 8601 duration, and every due date reads it', async () => {
    const before = (await (await fetch(`${stack.url}/_local/clock`)).json()) as { now: string };
    const res = await fetch(`${stack.url}/_local/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: 'P3D' }),
    });
    expect(res.status).toBe(200);
    const after = (await res.json()) as { now: string };
    const moved = new Date(after.now).getTime() - new Date(before.now).getTime();
    expect(moved).toBeGreaterThanOrEqual(3 * 86_400_000);
    expect(moved).toBeLessThan(3 * 86_400_000 + 60_000);
    expect(stack.clock.now().getTime()).toBeGreaterThanOrEqual(new Date(after.now).getTime());

    const bad = await fetch(`${stack.url}/_local/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: 'three days' }),
    });
    expect(bad.status).toBe(400);
    const form = await fetch(`${stack.url}/_local/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'advance=P1D',
    });
    expect(form.status).toBe(415);
  });
});

describe('the pipeline', () => {
  it('shows enterprises by stage with the list behind each bar, and the stalled projects', async () => {
    const client = new Client(stack.url);
    await signIn(client, manager);
    const page = await client.page('/console/pipeline');
    expect(page).toContain('<svg');
    expect(page).toMatch(
      /data-stage="operating"><td><a href="\/console\/pipeline\?stage=operating">已投产<\/a><\/td><td>1<\/td>/,
    );
    expect(page).toContain('没有停滞项目'); // the demo zone's projects moved within the last 60 days
    const stalled = await client.page('/console/pipeline?stalledDays=10');
    expect((stalled.match(/data-stalled=/g) ?? []).length).toBeGreaterThan(5);
    const list = await client.page('/console/pipeline?stage=operating');
    expect(list).toContain('卓越复合材料有限公司');
    expect(await client.page('/console/pipeline?stage=inStatistics')).toContain('恒新材料科技有限公司');
    const officerClient = new Client(stack.url);
    await signIn(officerClient, officer);
    expect((await officerClient.request('/console/pipeline')).status).toBe(403);
    expect((await client.request('/console/pipeline?stage=nowhere')).status).toBe(400);
  });
});
