import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { portalLink } from '#shared/needs/portal.ts';
import { Client, signIn } from '../support/client.ts';
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

const b64 = (text: string) => Buffer.from(text).toString('base64url');

const inSignedStage = JSON.stringify({ PK: 'ENT#x', SK: 'META', GSI1PK: 'STAGE#signed', GSI1SK: '2026' });
/** Inputs that cannot be decoded: bad percent-encoding, not base64, base64 of not-JSON, JSON of the wrong shape. */
const garbage = [
  '%E0%A4%A',
  '%ZZ',
  '!!!not-base64!!!',
  b64('not json at all'),
  b64('[1,2,3]'),
  b64('"a string"'),
  b64('{"PK":1}'),
  b64('{"PK":{"S":"x"}}'),
  b64('{"__proto__":{"polluted":"yes"}}'),
  b64(JSON.stringify({ PK: 'ENT#x', SK: 'META' })),
  b64(JSON.stringify({ PK: 'ENT#x', SK: 'META', GSI2PK: 'ZONE', GSI2SK: '2026' })),
  b64(inSignedStage),
  b64(JSON.stringify({ PK: 'ENT#x', SK: 'META', GSI3PK: 'x', GSI3SK: 'y', GSI2PK: 'a', GSI2SK: 'b' })),
  b64(JSON.stringify({ nope: 'x' })),
  'x'.repeat(3000),
];

describe('undecodable cookies are no session (item 11)', () => {
  const values = ['%E0%A4%A', '%', '%ZZ%', '"quoted"', 'x'.repeat(6000), '\u00e9\u00e9', 'a=b=c', ''];

  it('sends a browser with a garbage session cookie to sign in, and the API answers 401', async () => {
    for (const value of values) {
      const client = new Client(stack.url);
      client.jar.set('aftercare_session', value);
      const page = await client.request('/console');
      expect(page.status, `session ${value.slice(0, 20)}`).toBe(303);
      expect(page.headers.get('location')).toMatch(/^\/signin/);
      const api = await client.request('/api/v1/me');
      expect(api.status, `session ${value.slice(0, 20)}`).toBe(401);
      const home = await client.request('/');
      expect(home.status, `home with session ${value.slice(0, 20)}`).toBe(200);
    }
  });

  it('serves pages with a garbage CSRF or language cookie, and a signed-in person stays signed in', async () => {
    const client = new Client(stack.url);
    await signIn(client, zone.manager.email);
    for (const name of ['aftercare_csrf', 'aftercare_lang', 'other']) {
      for (const value of values) {
        const copy = new Client(stack.url);
        for (const [k, v] of client.jar) copy.jar.set(k, v);
        copy.jar.set(name, value);
        const res = await copy.request('/console');
        expect(res.status, `${name}=${value.slice(0, 20)}`).toBe(200);
      }
    }
  });

  it('refuses a form post made with a garbage CSRF cookie as a CSRF failure, not a server error', async () => {
    // An anonymous form: a signed-in person's token is bound to the session, not to this cookie (item 13).
    const client = new Client(stack.url);
    await client.page('/signin');
    client.jar.set('aftercare_csrf', '%E0%A4%A');
    const res = await client.submit('/signin', { email: zone.manager.email });
    expect(res.status).toBe(403);
  });
});

describe('crafted paging cursors are a 400 (item 11)', () => {
  it('answers 400 with a clear message on the board page, the pipeline and the API', async () => {
    const client = new Client(stack.url);
    await signIn(client, zone.manager.email);
    for (const cursor of garbage) {
      const q = `cursor=${cursor.startsWith('%') ? cursor : encodeURIComponent(cursor)}`;
      const api = await client.request(`/api/v1/board?scope=zone&${q}`);
      expect(api.status, `api ${cursor.slice(0, 40)}`).toBe(400);
      const body = (await api.json()) as { error: string; message: string; fields?: { path: string }[] };
      expect(body.error).toBe('field.invalid');
      expect(body.message).toBeTruthy();
      expect(body.fields?.map((f) => f.path)).toEqual(['cursor']);
      const page = await client.request(`/console?scope=zone&${q}`);
      expect(page.status, `page ${cursor.slice(0, 40)}`).toBe(400);
      expect(await page.text()).toContain('<html');
      const pipeline = await client.request(`/console/pipeline?stage=signed&${q}`);
      // A well-formed key inside the pipeline's own query (stage `signed` on GSI1) is just a place to start from.
      const startsInside = cursor === b64(inSignedStage);
      expect(pipeline.status, `pipeline ${cursor.slice(0, 40)}`).toBe(startsInside ? 200 : 400);
    }
  }, 60_000);

  it('still pages with the cursor the board gave', async () => {
    const client = new Client(stack.url);
    await signIn(client, zone.manager.email);
    for (let i = 0; i < 3; i++) {
      await registerEnterprise(stack.deps, registration(zone, { name: `分页测试${i}有限公司` }), system);
    }
    await stack.engine.idle();
    const first = (await (await client.request('/api/v1/board?scope=zone&limit=1')).json()) as {
      next?: string;
    };
    expect(first.next).toBeTruthy();
    const second = await client.request(
      `/api/v1/board?scope=zone&limit=1&cursor=${encodeURIComponent(first.next!)}`,
    );
    expect(second.status).toBe(200);
  }, 60_000);
});

describe('the API never returns secrets (item 16)', () => {
  const secretish = /portalKey|token|secret|hash|password|nonce|^PK$|^SK$|^GSI/i;
  const keysOf = (value: unknown, out: string[] = []): string[] => {
    if (Array.isArray(value)) for (const v of value) keysOf(v, out);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        out.push(k);
        keysOf(v, out);
      }
    }
    return out;
  };

  it('GET /api/v1/enterprises/{id}, POST /api/v1/enterprises, /me and /board carry no portal key or tokens', async () => {
    const e = await registerEnterprise(stack.deps, registration(zone, { name: '密钥测试有限公司' }), system);
    await stack.engine.idle();
    portalLink(stack.deps, e);
    const { getEnterprise } = await import('#shared/store/enterprises.ts');
    const stored = await getEnterprise(stack.deps.db, e.id);
    expect(stored?.portalKey).toBeTruthy();

    const client = new Client(stack.url);
    await signIn(client, zone.manager.email);
    const read = await client.request(`/api/v1/enterprises/${e.id}`);
    expect(read.status).toBe(200);
    const text = await read.text();
    expect(text).not.toContain(stored!.portalKey!);
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body.id).toBe(e.id);
    expect(body.name).toBe('密钥测试有限公司');
    expect(keysOf(body).filter((k) => secretish.test(k))).toEqual([]);

    const csrf = /name="_csrf" value="([^"]+)"/.exec(await client.page('/console'))![1]!;
    const created = await client.request('/api/v1/enterprises', {
      json: registration(zone, { name: '新建密钥测试有限公司' }),
      headers: { 'x-csrf-token': csrf },
    });
    expect(created.status).toBe(201);
    const createdBody = (await created.json()) as Record<string, unknown>;
    expect(keysOf(createdBody).filter((k) => secretish.test(k))).toEqual([]);
    await stack.engine.idle();

    for (const path of ['/api/v1/me', '/api/v1/board?scope=zone', '/api/v1/settings/need-routing']) {
      const res = await client.request(path);
      expect(res.status, path).toBe(200);
      expect(
        keysOf(await res.json()).filter((k) => secretish.test(k)),
        path,
      ).toEqual([]);
    }
  }, 60_000);

  it('documents no secret field in any response schema of the OpenAPI document', async () => {
    const doc = (await (await fetch(`${stack.url}/api/v1/openapi.json`)).json()) as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const fields = Object.entries(doc.components.schemas).flatMap(([name, s]) =>
      keysOf(s.properties ?? {}).map((k) => `${name}.${k}`),
    );
    // The issued token itself is the one secret the API hands out, once, to the manager who asked for it.
    expect(fields.filter((f) => /portalKey|secret|hash|nonce|waitToken|taskToken/i.test(f))).toEqual([]);
  });
});

describe('attachments are downloaded under a safe generated name (item 12)', () => {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('内容')]);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

  it('never uses the uploader’s name or extension, and gives the detected type’s extension', async () => {
    const e = await registerEnterprise(
      stack.deps,
      registration(zone, {
        name: '附件命名有限公司',
        contacts: [{ name: '企业联系人', phone: '13900000001', email: 'names@ent.example.cn' }],
      }),
      system,
    );
    await stack.engine.idle();
    const link = new URL(portalLink(stack.deps, e));
    const portal = `${link.pathname}${link.search}`;
    const client = new Client(stack.url);
    await client.page(portal);
    const res = await client.upload(
      '/portal',
      {
        t: link.searchParams.get('t')!,
        category: 'permits',
        title: '附件命名',
        description: '附上材料。',
        contactName: '企业联系人',
        contactPhone: '13900000001',
      },
      [
        { field: 'attachments', name: 'invoice.html', bytes: pdf, type: 'text/html' },
        { field: 'attachments', name: 'photo\u202egnp.exe', bytes: png, type: 'image/png' },
      ],
    );
    expect(res.status).toBe(303);
    await stack.engine.idle();
    const page = await new Client(stack.url).page(portal);
    const hrefs = [...page.matchAll(/href="(\/attachments\?[^"]+)"/g)].map((m) =>
      m[1]!.replaceAll('&amp;', '&'),
    );
    expect(hrefs).toHaveLength(2);
    const expected = [
      { ext: 'pdf', type: 'application/pdf', bytes: pdf },
      { ext: 'png', type: 'image/png', bytes: png },
    ];
    for (const [i, href] of hrefs.entries()) {
      const download = await fetch(`${stack.url}${href}`);
      expect(download.status).toBe(200);
      const disposition = download.headers.get('content-disposition') ?? '';
      const name = `attachment-[0-9A-Za-z]+\\.${expected[i]!.ext}`;
      expect(disposition).toMatch(new RegExp(`^attachment; filename\\*=UTF-8''(${name}); filename="\\1"$`));
      expect(disposition).not.toMatch(/html|exe|\u202e|%E2%80%AE|invoice|photo/i);
      expect(download.headers.get('content-type')).toBe(expected[i]!.type);
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await download.arrayBuffer()).equals(expected[i]!.bytes)).toBe(true);
    }
    // The name shown on the page carries no bidirectional override either.
    expect(page).not.toContain('\u202e');
  }, 60_000);
});
