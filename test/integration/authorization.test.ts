import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { portalLink } from '#shared/needs/portal.ts';
import { Client, csrfFrom, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;
/** Served by the officer in department A (the head's); and one of department B, which the head cannot see. */
let own: Enterprise;
let other: Enterprise;
const clients: Record<string, Client> = {};
const csrf: Record<string, string> = {};

const ROLES = ['anonymous', 'officer', 'departmentHead', 'manager'] as const;
type Role = (typeof ROLES)[number];

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-11-25T02:00:00Z') });
  zone = await makeZone(stack.deps);
  own = await registerEnterprise(stack.deps, registration(zone, { name: '本部门企业有限公司' }), system);
  other = await registerEnterprise(
    stack.deps,
    registration(zone, {
      name: '他部门企业有限公司',
      serviceOfficerId: zone.otherOfficer.id,
      lead: { departmentId: zone.manager.departmentId, staffId: zone.manager.id },
    }),
    system,
  );
  await stack.engine.idle();
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

interface Row {
  what: string;
  method: 'GET' | 'POST' | 'PUT';
  path: () => string;
  /** Sent as a form (pages) or JSON (API). Empty bodies: an allowed caller gets a 400, so nothing changes. */
  body?: 'form' | 'json';
  expect: Record<Role, number>;
  /** Where a 303 for a signed-in role goes, when an empty body is a valid change (else it must be sign-in). */
  saved?: RegExp;
}

// 303: to the sign-in page. 401: API without credentials. 403: not this person's. 400: allowed, but the (empty)
// input is refused with field errors — nothing is stored (200 for need routing: an empty table is a valid one).
// This table is the README's security matrix.
const page = { anonymous: 303 };
const api = { anonymous: 401 };
const MATRIX: Row[] = [
  {
    what: 'overdue board',
    method: 'GET',
    path: () => '/console',
    expect: { ...page, officer: 200, departmentHead: 200, manager: 200 },
  },
  {
    what: 'board export',
    method: 'GET',
    path: () => '/console/board.xlsx',
    expect: { ...page, officer: 200, departmentHead: 200, manager: 200 },
  },
  {
    what: 'pipeline',
    method: 'GET',
    path: () => '/console/pipeline',
    expect: { ...page, officer: 403, departmentHead: 200, manager: 200 },
  },
  {
    what: 'scoreboard',
    method: 'GET',
    path: () => '/console/scoreboard',
    expect: { ...page, officer: 403, departmentHead: 200, manager: 200 },
  },
  {
    what: 'set a target',
    method: 'POST',
    path: () => '/console/scoreboard/targets',
    body: 'form',
    expect: { ...page, officer: 403, departmentHead: 403, manager: 400 },
  },
  {
    what: 'set the USD rate',
    method: 'POST',
    path: () => '/console/scoreboard/usd-rate',
    body: 'form',
    expect: { ...page, officer: 403, departmentHead: 403, manager: 400 },
  },
  {
    what: 'the scoreboard as JSON',
    method: 'GET',
    path: () => '/api/v1/figures/scoreboard',
    expect: { ...api, officer: 403, departmentHead: 200, manager: 200 },
  },
  {
    what: 'funds reports to verify',
    method: 'GET',
    path: () => '/console/funds',
    expect: { ...page, officer: 403, departmentHead: 200, manager: 200 },
  },
  {
    what: 'the holiday arrangements',
    method: 'GET',
    path: () => '/console/calendar',
    expect: { ...page, officer: 403, departmentHead: 403, manager: 200 },
  },
  {
    what: 'enter a year’s arrangement',
    method: 'POST',
    path: () => '/console/calendar',
    body: 'form',
    expect: { ...page, officer: 403, departmentHead: 403, manager: 400 },
  },
  {
    what: 'people',
    method: 'GET',
    path: () => '/console/staff',
    expect: { ...page, officer: 403, departmentHead: 200, manager: 200 },
  },
  {
    what: 'add a person',
    method: 'POST',
    path: () => '/console/staff/people',
    body: 'form',
    expect: { ...page, officer: 403, departmentHead: 403, manager: 400 },
  },
  {
    // An empty body is a valid choice (email, no phone): saved.
    what: "a person's notification channel",
    method: 'POST',
    path: () => `/console/staff/people/${zone.otherOfficer.id}/contact`,
    body: 'form',
    expect: { ...page, officer: 403, departmentHead: 403, manager: 303 },
    saved: /^\/console\/staff\?contact=1$/,
  },
  {
    what: 'settings',
    method: 'GET',
    path: () => '/console/settings',
    expect: { ...page, officer: 403, departmentHead: 200, manager: 200 },
  },
  {
    what: 'the return visits awaiting a coordinator',
    method: 'GET',
    path: () => '/console/revisits',
    expect: { ...page, officer: 403, departmentHead: 403, manager: 200 },
  },
  {
    what: 'set need routing (page)',
    method: 'POST',
    path: () => '/console/settings/need-routing',
    body: 'form',
    expect: { ...page, officer: 403, departmentHead: 403, manager: 400 },
  },
  {
    what: 'set approval routing (page)',
    method: 'POST',
    path: () => '/console/settings/approval-routing',
    body: 'form',
    expect: { ...page, officer: 403, departmentHead: 403, manager: 400 },
  },
  {
    what: 'need clocks',
    method: 'GET',
    path: () => '/console/settings/need-clocks',
    expect: { ...page, officer: 403, departmentHead: 200, manager: 200 },
  },
  {
    what: 'set need clocks (page)',
    method: 'POST',
    path: () => '/console/settings/need-clocks',
    body: 'form',
    expect: { ...page, officer: 403, departmentHead: 403, manager: 400 },
  },
  {
    what: 'add a department',
    method: 'POST',
    path: () => '/console/staff/departments',
    body: 'form',
    expect: { ...page, officer: 403, departmentHead: 403, manager: 400 },
  },
  {
    what: 'hand over work',
    method: 'POST',
    path: () => '/console/staff/hand-over',
    body: 'form',
    expect: { ...page, officer: 403, departmentHead: 400, manager: 400 },
  },
  {
    what: 'my settings',
    method: 'GET',
    path: () => '/console/me',
    expect: { ...page, officer: 200, departmentHead: 200, manager: 200 },
  },
  {
    what: 'my away period',
    method: 'POST',
    path: () => '/console/me/digest',
    body: 'form',
    expect: { ...page, officer: 400, departmentHead: 400, manager: 400 },
  },
  {
    what: 'ledger import',
    method: 'GET',
    path: () => '/console/import',
    expect: { ...page, officer: 403, departmentHead: 200, manager: 200 },
  },
  {
    what: 'registration form',
    method: 'GET',
    path: () => '/console/enterprises/new',
    expect: { ...page, officer: 403, departmentHead: 200, manager: 200 },
  },
  {
    what: 'register',
    method: 'POST',
    path: () => '/console/enterprises',
    body: 'form',
    expect: { ...page, officer: 403, departmentHead: 400, manager: 400 },
  },
  {
    what: 'own enterprise page',
    method: 'GET',
    path: () => `/console/enterprises/${own.id}`,
    expect: { ...page, officer: 200, departmentHead: 200, manager: 200 },
  },
  {
    what: "other department's enterprise page",
    method: 'GET',
    path: () => `/console/enterprises/${other.id}`,
    expect: { ...page, officer: 403, departmentHead: 403, manager: 200 },
  },
  {
    what: 'reassign own enterprise',
    method: 'POST',
    path: () => `/console/enterprises/${own.id}/reassign`,
    body: 'form',
    expect: { ...page, officer: 403, departmentHead: 400, manager: 400 },
  },
  {
    what: "reassign other department's",
    method: 'POST',
    path: () => `/console/enterprises/${other.id}/reassign`,
    body: 'form',
    expect: { ...page, officer: 403, departmentHead: 403, manager: 400 },
  },
  {
    what: 'need on behalf of own enterprise',
    method: 'POST',
    path: () => `/console/enterprises/${own.id}/need`,
    body: 'form',
    expect: { ...page, officer: 400, departmentHead: 400, manager: 400 },
  },
  {
    what: "need on behalf of other's",
    method: 'POST',
    path: () => `/console/enterprises/${other.id}/need`,
    body: 'form',
    expect: { ...page, officer: 403, departmentHead: 403, manager: 400 },
  },
  {
    what: 'API: me',
    method: 'GET',
    path: () => '/api/v1/me',
    expect: { ...api, officer: 200, departmentHead: 200, manager: 200 },
  },
  {
    what: 'API: board',
    method: 'GET',
    path: () => '/api/v1/board',
    expect: { ...api, officer: 200, departmentHead: 200, manager: 200 },
  },
  {
    what: 'API: own enterprise',
    method: 'GET',
    path: () => `/api/v1/enterprises/${own.id}`,
    expect: { ...api, officer: 200, departmentHead: 200, manager: 200 },
  },
  {
    what: "API: other department's enterprise",
    method: 'GET',
    path: () => `/api/v1/enterprises/${other.id}`,
    expect: { ...api, officer: 403, departmentHead: 403, manager: 200 },
  },
  {
    what: 'API: register',
    method: 'POST',
    path: () => '/api/v1/enterprises',
    body: 'json',
    expect: { ...api, officer: 403, departmentHead: 400, manager: 400 },
  },
  {
    what: 'API: needs figures',
    method: 'GET',
    path: () => '/api/v1/figures/needs',
    expect: { ...api, officer: 403, departmentHead: 200, manager: 200 },
  },
  {
    what: 'API: read need routing',
    method: 'GET',
    path: () => '/api/v1/settings/need-routing',
    expect: { ...api, officer: 403, departmentHead: 200, manager: 200 },
  },
  {
    what: 'API: change need routing',
    method: 'PUT',
    path: () => '/api/v1/settings/need-routing',
    body: 'json',
    expect: { ...api, officer: 403, departmentHead: 403, manager: 200 },
  },
  {
    what: 'API: read need clocks',
    method: 'GET',
    path: () => '/api/v1/settings/need-clocks',
    expect: { ...api, officer: 403, departmentHead: 200, manager: 200 },
  },
  {
    what: 'API: change need clocks',
    method: 'PUT',
    path: () => '/api/v1/settings/need-clocks',
    body: 'json',
    expect: { ...api, officer: 403, departmentHead: 403, manager: 400 },
  },
  {
    what: "API: a person's notification channel",
    method: 'PUT',
    path: () => `/api/v1/staff/${zone.otherOfficer.id}/contact`,
    body: 'json',
    expect: { ...api, officer: 403, departmentHead: 403, manager: 200 },
  },
  {
    // Everyone issues tokens for themselves only (issue 14 item 5; the token routes' rows: api-tokens.test.ts).
    what: 'API: issue a token',
    method: 'POST',
    path: () => '/api/v1/tokens',
    body: 'json',
    expect: { ...api, officer: 400, departmentHead: 400, manager: 400 },
  },
];

describe('authorization: every route × every role × own and other’s', () => {
  const cases = MATRIX.flatMap((row) => ROLES.map((role) => [row.what, role, row] as const));
  it.each(cases)('%s as %s', async (_what, role, row) => {
    const client = clients[role]!;
    const init =
      row.body === 'form'
        ? { method: row.method, form: { _csrf: csrf[role]! } }
        : row.body === 'json'
          ? { method: row.method, json: {}, headers: { 'x-csrf-token': csrf[role]! } }
          : { method: row.method };
    const res = await client.request(row.path(), init);
    expect(res.status).toBe(row.expect[role]);
    // A 303 sends to sign-in, but for a row whose empty body is a valid change: then back to its page.
    if (res.status === 303)
      expect(res.headers.get('location')).toMatch(
        role !== 'anonymous' && row.saved
          ? row.saved
          : row.method === 'GET'
            ? /^\/signin\?next=/
            : /^\/signin$/,
      );
  });

  it('opens an enterprise’s portal only with its own link, and the link opens nothing else', async () => {
    const anonymous = clients.anonymous!;
    const link = new URL(portalLink(stack.deps, own));
    const portal = await anonymous.request(`${link.pathname}${link.search}`);
    expect(portal.status).toBe(200);
    expect(await portal.text()).toContain('本部门企业有限公司');
    // The same token for another enterprise's id, an altered token, and the console: all refused.
    const token = link.searchParams.get('t')!;
    const [body, sig] = token.split('.');
    const forged = Buffer.from(Buffer.from(body!, 'base64url').toString().replace(own.id, other.id)).toString(
      'base64url',
    );
    expect((await anonymous.request(`/portal?t=${forged}.${sig}`)).status).toBe(403);
    expect((await anonymous.request(`/portal?t=${token}x`)).status).toBe(403);
    expect((await anonymous.request(`/console/enterprises/${own.id}?t=${token}`)).status).toBe(303);
  });
});
