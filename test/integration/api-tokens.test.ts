import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEnterpriseFile } from '#shared/store/enterprises.ts';
import { keys } from '#shared/store/keys.ts';
import { Client, csrfFrom, signIn } from '../support/client.ts';
import { makeZone, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/**
 * Issue 14 item 5: API tokens. Staff issue tokens for themselves only; managers also for a named integration
 * account, which acts as itself in the audit trail. Tokens are listed (label, created, expiry, last use) and
 * revoked from a console page, and a revoked or expired token stops working at once.
 */
type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;
const clients: Record<string, Client> = {};
const csrf: Record<string, string> = {};

const ROLES = ['anonymous', 'officer', 'departmentHead', 'manager'] as const;
type Role = (typeof ROLES)[number];

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-11-25T02:00:00Z') });
  zone = await makeZone(stack.deps);
  const emails: Record<Role, string | undefined> = {
    anonymous: undefined,
    officer: zone.officer.email,
    departmentHead: zone.head.email,
    manager: zone.manager.email,
  };
  for (const role of ROLES) {
    clients[role] = new Client(stack.url);
    const email = emails[role];
    if (email) await signIn(clients[role], email);
    csrf[role] = csrfFrom(await clients[role].page('/signin'));
  }
}, 60_000);
afterAll(async () => stack.drop());

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const api = (path: string, token: string, init: RequestInit = {}) =>
  fetch(`${stack.url}${path}`, { ...init, headers: { ...bearer(token), ...(init.headers ?? {}) } });
const shownToken = (html: string) => /act_[A-Za-z0-9_-]{20,}/.exec(html)?.[0];

/** Issue a token for oneself from the console page; returns the token (shown once) and the page. */
async function issueOwn(client: Client, form: Record<string, string>) {
  await client.page('/console/tokens');
  const res = await client.submit('/console/tokens', form);
  const html = await res.text();
  expect(res.status, html.slice(0, 300)).toBe(200);
  const token = shownToken(html);
  expect(token).toBeDefined();
  return { token: token!, html };
}

interface Listed {
  id: string;
  label: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
  status: string;
}

async function listOwn(client: Client): Promise<Listed[]> {
  const res = await client.request('/api/v1/tokens');
  expect(res.status).toBe(200);
  return ((await res.json()) as { tokens: Listed[] }).tokens;
}

async function auditOf(kind: string, id: string) {
  const out = await stack.deps.db.doc.send(
    new QueryCommand({
      TableName: stack.deps.db.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `AUDIT#${kind}#${id}` },
    }),
  );
  return (out.Items ?? []) as { action: string; actor: { kind: string; id?: string }; details: object }[];
}

describe('nobody issues a token that acts as another person (the old hole)', () => {
  it('refuses a manager issuing a token for an officer, and stores nothing', async () => {
    const manager = clients.manager!;
    await manager.page('/console');
    const res = await manager.request('/api/v1/tokens', {
      json: { staffId: zone.officer.id, label: 'act as the officer' },
      headers: { 'x-csrf-token': csrfFrom(manager.lastHtml) },
    });
    const body = (await res.json()) as { token?: string };
    expect(res.status).toBe(403);
    expect(body.token).toBeUndefined();
    // The officer holds no token the manager could use.
    expect((await listOwn(clients.officer!)).filter((t) => t.label === 'act as the officer')).toEqual([]);
  });

  it('gives a token issued over the JSON API to the caller only', async () => {
    const head = clients.departmentHead!;
    await head.page('/console');
    const res = await head.request('/api/v1/tokens', {
      json: { label: 'ledger sync', days: 30 },
      headers: { 'x-csrf-token': csrfFrom(head.lastHtml) },
    });
    expect(res.status).toBe(201);
    const { token, id } = (await res.json()) as { token: string; id: string };
    const me = (await (await api('/api/v1/me', token)).json()) as { email: string };
    expect(me.email).toBe(zone.head.email);
    expect((await listOwn(head)).map((t) => t.id)).toContain(id);
    // A token may issue its owner another (rotation), never for anyone else, and never outliving itself.
    const rotated = await api('/api/v1/tokens', token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'rotated', days: 366 }),
    });
    expect(rotated.status).toBe(201);
    const child = (await rotated.json()) as { expiresAt: string; owner: unknown };
    expect(child.owner).toEqual({ kind: 'staff', id: zone.head.id });
    const parent = (await listOwn(head)).find((t) => t.id === id)!;
    expect(child.expiresAt).toBe(parent.expiresAt);
    const forOther = await api('/api/v1/tokens', token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'other', staffId: zone.officer.id }),
    });
    expect(forOther.status).toBe(403);
    // Only the digest is stored.
    const item = await stack.deps.db.doc.send(
      new GetCommand({ TableName: stack.deps.db.table, Key: keys.apiToken(digest(token)) }),
    );
    expect(item.Item).toBeDefined();
    expect(JSON.stringify(item.Item)).not.toContain(token);
  });
});

describe('the console page: issue, list, revoke', () => {
  it('issues a token for oneself, shows it once, lists it with created, expiry and last use', async () => {
    const officer = clients.officer!;
    const { token, html } = await issueOwn(officer, { label: '数据报送脚本', days: '30' });
    expect(html).toContain('数据报送脚本');
    const me = (await (await api('/api/v1/me', token)).json()) as { email: string };
    expect(me.email).toBe(zone.officer.email);

    const again = await officer.page('/console/tokens');
    expect(again).toContain('数据报送脚本');
    expect(shownToken(again)).toBeUndefined();
    const listed = (await listOwn(officer)).find((t) => t.label === '数据报送脚本')!;
    expect(listed.status).toBe('active');
    // 30 days after issue.
    expect(Date.parse(listed.expiresAt) - Date.parse(listed.createdAt)).toBe(30 * 86_400_000);
    // Times on the page are Shanghai's: issued at 10:xx Shanghai (02:xx UTC).
    const created = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Shanghai',
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(new Date(listed.createdAt));
    expect(again).toContain(created);
    expect(listed.lastUsedAt).toBeDefined();
    // Another person's list does not show it.
    expect((await listOwn(clients.departmentHead!)).map((t) => t.label)).not.toContain('数据报送脚本');
  });

  it('refuses a bad label or expiry with field errors and stores nothing', async () => {
    const officer = clients.officer!;
    const before = (await listOwn(officer)).length;
    for (const form of [
      { label: '', days: '30' },
      { label: 'x', days: '0' },
      { label: 'x', days: '367' },
      { label: 'x', days: 'ten' },
      { label: 'x'.repeat(61), days: '30' },
    ]) {
      await officer.page('/console/tokens');
      const res = await officer.submit('/console/tokens', form);
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(shownToken(await res.text())).toBeUndefined();
    }
    expect((await listOwn(officer)).length).toBe(before);
  });

  it('revokes a token from the page: it stops working at once, and is audited', async () => {
    const officer = clients.officer!;
    const { token } = await issueOwn(officer, { label: 'to revoke', days: '10' });
    expect((await api('/api/v1/me', token)).status).toBe(200);
    const { id } = (await listOwn(officer)).find((t) => t.label === 'to revoke')!;

    // Someone else cannot revoke it (it is not in their list), a forged form neither.
    await clients.departmentHead!.page('/console/tokens');
    expect((await clients.departmentHead!.submit(`/console/tokens/${id}/revoke`, {})).status).toBe(404);
    expect(
      (await officer.request(`/console/tokens/${id}/revoke`, { form: { _csrf: 'forged' } })).status,
    ).toBe(403);
    expect((await api('/api/v1/me', token)).status).toBe(200);

    const page = await officer.page('/console/tokens');
    expect(page).toContain(`/console/tokens/${id}/revoke`);
    const res = await officer.submit(`/console/tokens/${id}/revoke`, {});
    expect(res.status).toBe(303);
    expect((await api('/api/v1/me', token)).status).toBe(401);
    expect((await listOwn(officer)).find((t) => t.id === id)?.status).toBe('revoked');
    // Revoking twice changes nothing more.
    await officer.page('/console/tokens');
    expect((await officer.submit(`/console/tokens/${id}/revoke`, {})).status).toBe(409);

    const audit = await auditOf('staff', zone.officer.id);
    const revoked = audit.filter((a) => a.action === 'token.revoked');
    expect(revoked).toHaveLength(1);
    expect(revoked[0]!.actor).toEqual({ kind: 'staff', id: zone.officer.id });
    expect(audit.some((a) => a.action === 'token.issued' && a.actor.id === zone.officer.id)).toBe(true);
  });

  it('revokes over the JSON API too (DELETE /api/v1/tokens/{id}), with the token itself', async () => {
    const officer = clients.officer!;
    const { token } = await issueOwn(officer, { label: 'self-revoking', days: '10' });
    const { id } = (await listOwn(officer)).find((t) => t.label === 'self-revoking')!;
    expect((await api(`/api/v1/tokens/${id}`, token, { method: 'DELETE' })).status).toBe(204);
    expect((await api('/api/v1/me', token)).status).toBe(401);
  });
});

describe('expiry and last use', () => {
  it('records last use at most once an hour, without a write on every request', async () => {
    const officer = clients.officer!;
    const { token } = await issueOwn(officer, { label: 'last use', days: '5' });
    const read = async () =>
      (
        await stack.deps.db.doc.send(
          new GetCommand({ TableName: stack.deps.db.table, Key: keys.apiToken(digest(token)) }),
        )
      ).Item!;
    expect((await read()).lastUsedAt).toBeUndefined();
    expect((await api('/api/v1/me', token)).status).toBe(200);
    const first = await read();
    expect(first.lastUsedAt).toBeDefined();
    for (let i = 0; i < 3; i++) expect((await api('/api/v1/board', token)).status).toBe(200);
    const later = await read();
    expect(later.lastUsedAt).toBe(first.lastUsedAt);
    expect(later.version).toBe(first.version);

    stack.clock.advance('PT61M');
    expect((await api('/api/v1/me', token)).status).toBe(200);
    const afterHour = await read();
    expect(Date.parse(afterHour.lastUsedAt)).toBeGreaterThan(Date.parse(first.lastUsedAt));
    const listed = (await listOwn(officer)).find((t) => t.label === 'last use')!;
    expect(listed.lastUsedAt).toBe(afterHour.lastUsedAt);
  });
});

describe('integration accounts', () => {
  it('acts as itself in the audit trail, with a department head’s reach in its department', async () => {
    const manager = clients.manager!;
    const [deptA] = zone.departments;
    await manager.page('/console/tokens');
    const created = await manager.submit('/console/integrations', {
      name: '财务系统对接',
      departmentId: deptA!.id,
    });
    expect(created.status).toBe(303);
    const page = await manager.page('/console/tokens');
    expect(page).toContain('财务系统对接');
    const integrationId = /\/console\/integrations\/([0-9A-Z]{26})\/tokens/.exec(page)?.[1];
    expect(integrationId).toBeDefined();

    const issued = await manager.submit(`/console/integrations/${integrationId}/tokens`, {
      label: '生产环境',
      days: '90',
    });
    const issuedHtml = await issued.text();
    expect(issued.status).toBe(200);
    const token = shownToken(issuedHtml)!;
    expect(token).toBeDefined();

    const me = (await (await api('/api/v1/me', token)).json()) as { kind: string; name: string };
    expect(me).toMatchObject({ kind: 'integration', name: '财务系统对接' });
    const registered = await api('/api/v1/enterprises', token, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: '对接登记有限公司',
        investor: '对接投资',
        industryChain: '生物医药',
        contractedInvestment: 5000,
        signedAt: '2026-11-20',
        lead: { departmentId: deptA!.id, staffId: zone.head.id },
        serviceOfficerId: zone.officer.id,
        contacts: [{ name: '李四', phone: '13912345678', email: 'li@duijie.example.cn' }],
        planned: {},
      }),
    });
    expect(registered.status).toBe(201);
    const { id: enterpriseId } = (await registered.json()) as { id: string };
    const file = await getEnterpriseFile(stack.deps.db, enterpriseId);
    const event = file!.timeline.find((e) => e.action === 'enterprise.registered')!;
    expect(event.actor).toEqual({ kind: 'integration', id: integrationId });
    expect(event.channel).toBe('api');
    // The enterprise page names the integration as the actor, not a person.
    const enterprisePage = await manager.page(`/console/enterprises/${enterpriseId}`);
    expect(enterprisePage).toContain('财务系统对接');

    // Its board is its department's; it may not do a manager's work, nor issue tokens, nor use the console.
    expect((await api('/api/v1/board', token)).status).toBe(200);
    expect(
      (
        await api('/api/v1/settings/need-routing', token, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api('/api/v1/tokens', token, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ label: 'more', integrationId }),
        })
      ).status,
    ).toBe(403);
    expect((await api('/api/v1/tokens', token)).status).toBe(403);
    expect((await fetch(`${stack.url}/console`, { headers: bearer(token), redirect: 'manual' })).status).toBe(
      303,
    );

    // Issued and audited with who and for whom.
    const audit = await auditOf('integration', integrationId!);
    const issuedEvent = audit.find((a) => a.action === 'token.issued')!;
    expect(issuedEvent.actor).toEqual({ kind: 'staff', id: zone.manager.id });
    expect(audit.some((a) => a.action === 'integration.created')).toBe(true);

    // Managers list and revoke it; it stops at once.
    const listed = await manager.page('/console/tokens');
    const tokenId = new RegExp(`/console/integrations/${integrationId}/tokens/([0-9A-Z]{26})/revoke`).exec(
      listed,
    )?.[1];
    expect(tokenId).toBeDefined();
    expect(listed).toContain('生产环境');
    const revoked = await manager.submit(
      `/console/integrations/${integrationId}/tokens/${tokenId}/revoke`,
      {},
    );
    expect(revoked.status).toBe(303);
    expect((await api('/api/v1/me', token)).status).toBe(401);
    const after = await auditOf('integration', integrationId!);
    expect(after.find((a) => a.action === 'token.revoked')?.actor).toEqual({
      kind: 'staff',
      id: zone.manager.id,
    });
  });

  it('issues integration tokens over the JSON API for managers only', async () => {
    const manager = clients.manager!;
    await manager.page('/console/tokens');
    await manager.submit('/console/integrations', {
      name: '统计平台',
      departmentId: zone.departments[1]!.id,
    });
    const page = await manager.page('/console/tokens');
    const ids = [...page.matchAll(/\/console\/integrations\/([0-9A-Z]{26})\/tokens"/g)].map((m) => m[1]!);
    const integrationId = ids.at(-1)!;
    const viaApi = await manager.request('/api/v1/tokens', {
      json: { label: 'api issued', integrationId },
      headers: { 'x-csrf-token': csrfFrom(page) },
    });
    expect(viaApi.status).toBe(201);
    const { token } = (await viaApi.json()) as { token: string };
    expect(((await (await api('/api/v1/me', token)).json()) as { name: string }).name).toBe('统计平台');

    const head = clients.departmentHead!;
    await head.page('/console');
    const refused = await head.request('/api/v1/tokens', {
      json: { label: 'not mine', integrationId },
      headers: { 'x-csrf-token': csrfFrom(head.lastHtml) },
    });
    expect(refused.status).toBe(403);
    // An unknown integration is a field error.
    const unknown = await manager.request('/api/v1/tokens', {
      json: { label: 'x', integrationId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
      headers: { 'x-csrf-token': csrfFrom(page) },
    });
    expect(unknown.status).toBe(400);
  });
});

/** Hostile, huge and far values for the token forms (the fuzzing's classes, issue 14), as text and as JSON. */
const HOSTILE = [
  '',
  ' ',
  '<script>alert(1)</script>',
  '__proto__',
  '\u0000',
  '\uD800',
  '𠮷'.repeat(61),
  'x'.repeat(70_000),
  '-1',
  '0',
  '367',
  '1e309',
  'NaN',
  'Infinity',
  '9007199254740993',
  '1.5',
  '9999-12-31',
];
const text = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 80 }), fc.integer().map(String));
const jsonValue = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, [], {}, Number.MAX_SAFE_INTEGER, -1, 0, 367, 1e308),
);

describe('fuzzing the token forms and API: never a 5xx, nothing stored on a refusal', () => {
  async function ownCount(client: Client) {
    return (await listOwn(client)).length;
  }

  it('POST /console/tokens and /console/integrations', async () => {
    const manager = clients.manager!;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ label: text, days: text }, { requiredKeys: [] }),
        fc.record({ name: text, departmentId: text }, { requiredKeys: [] }),
        async (tokenForm, integrationForm) => {
          const before = await ownCount(manager);
          await manager.page('/console/tokens');
          const issued = await manager.submit('/console/tokens', tokenForm);
          expect(issued.status, JSON.stringify(tokenForm).slice(0, 200)).toBeLessThan(500);
          if (issued.status >= 400) expect(await ownCount(manager)).toBe(before);
          const page = await manager.page('/console/tokens');
          const integrations = (page.match(/data-integration=/g) ?? []).length;
          const added = await manager.submit('/console/integrations', integrationForm);
          expect(added.status, JSON.stringify(integrationForm).slice(0, 200)).toBeLessThan(500);
          if (added.status >= 400) {
            const after = await manager.page('/console/tokens');
            expect((after.match(/data-integration=/g) ?? []).length).toBe(integrations);
          }
        },
      ),
      { numRuns: 25, seed: 14_05 },
    );
  }, 120_000);

  it('POST /api/v1/tokens', async () => {
    const officer = clients.officer!;
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { label: jsonValue, days: jsonValue, integrationId: jsonValue, staffId: jsonValue },
          { requiredKeys: [] },
        ),
        async (body) => {
          const before = await ownCount(officer);
          await officer.page('/console');
          const res = await officer.request('/api/v1/tokens', {
            json: body,
            headers: { 'x-csrf-token': csrfFrom(officer.lastHtml) },
          });
          expect(res.status, JSON.stringify(body).slice(0, 200)).toBeLessThan(500);
          if (res.status >= 400) expect(await ownCount(officer)).toBe(before);
          // An officer never gets a token for an integration or for someone else.
          if ('integrationId' in body || ('staffId' in body && body.staffId !== zone.officer.id))
            expect(res.status).not.toBe(201);
        },
      ),
      { numRuns: 40, seed: 14_05 },
    );
  }, 120_000);
});

interface Row {
  what: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: () => string;
  body?: 'form' | 'json';
  expect: Record<Role, number>;
}

const NONE = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
// 303: to the sign-in page. 401: API without credentials. 403: refused. 400: allowed, the empty input refused.
// 404: allowed, but there is no such token of theirs. These rows are the README's authorization table's.
const MATRIX: Row[] = [
  {
    what: 'token page',
    method: 'GET',
    path: () => '/console/tokens',
    expect: { anonymous: 303, officer: 200, departmentHead: 200, manager: 200 },
  },
  {
    what: 'issue own token (page)',
    method: 'POST',
    path: () => '/console/tokens',
    body: 'form',
    expect: { anonymous: 303, officer: 400, departmentHead: 400, manager: 400 },
  },
  {
    what: 'revoke own token (page)',
    method: 'POST',
    path: () => `/console/tokens/${NONE}/revoke`,
    body: 'form',
    expect: { anonymous: 303, officer: 404, departmentHead: 404, manager: 404 },
  },
  {
    what: 'add an integration account',
    method: 'POST',
    path: () => '/console/integrations',
    body: 'form',
    expect: { anonymous: 303, officer: 403, departmentHead: 403, manager: 400 },
  },
  {
    what: 'issue an integration token (page)',
    method: 'POST',
    path: () => `/console/integrations/${NONE}/tokens`,
    body: 'form',
    expect: { anonymous: 303, officer: 403, departmentHead: 403, manager: 400 },
  },
  {
    what: 'revoke an integration token (page)',
    method: 'POST',
    path: () => `/console/integrations/${NONE}/tokens/${NONE}/revoke`,
    body: 'form',
    expect: { anonymous: 303, officer: 403, departmentHead: 403, manager: 404 },
  },
  {
    what: 'API: list own tokens',
    method: 'GET',
    path: () => '/api/v1/tokens',
    expect: { anonymous: 401, officer: 200, departmentHead: 200, manager: 200 },
  },
  {
    what: 'API: issue a token',
    method: 'POST',
    path: () => '/api/v1/tokens',
    body: 'json',
    expect: { anonymous: 401, officer: 400, departmentHead: 400, manager: 400 },
  },
  {
    what: 'API: revoke own token',
    method: 'DELETE',
    path: () => `/api/v1/tokens/${NONE}`,
    expect: { anonymous: 401, officer: 404, departmentHead: 404, manager: 404 },
  },
];

describe('authorization of the token routes', () => {
  const cases = MATRIX.flatMap((row) => ROLES.map((role) => [row.what, role, row] as const));
  it.each(cases)('%s as %s', async (_what, role, row) => {
    const client = clients[role]!;
    const init =
      row.body === 'form'
        ? { method: row.method, form: { _csrf: csrf[role]! } }
        : row.body === 'json'
          ? { method: row.method, json: {}, headers: { 'x-csrf-token': csrf[role]! } }
          : { method: row.method, headers: { 'x-csrf-token': csrf[role]! } };
    const res = await client.request(row.path(), init);
    expect(res.status).toBe(row.expect[role]);
    if (res.status === 303)
      expect(res.headers.get('location')).toMatch(row.method === 'GET' ? /^\/signin\?next=/ : /^\/signin$/);
  });
});

// Last: it moves the clock a day, past every session.
describe('expiry', () => {
  it('stops an expired token at once (before DynamoDB’s TTL removes it) and lists it as expired', async () => {
    const officer = clients.officer!;
    const { token } = await issueOwn(officer, { label: 'one day', days: '1' });
    expect((await api('/api/v1/me', token)).status).toBe(200);
    stack.clock.advance('P1DT1M');
    expect((await api('/api/v1/me', token)).status).toBe(401);
    // (The day also ended the session: sign in again to see the list.)
    const again = new Client(stack.url);
    await signIn(again, zone.officer.email);
    expect((await listOwn(again)).find((t) => t.label === 'one day')?.status).toBe('expired');
  });
});
