import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '#shared/auth/rate-limit.ts';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import type { Need } from '#shared/domain/work-item.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { moveLink } from '#shared/lifecycle/due-date-move.ts';
import { taskLink } from '#shared/lifecycle/task-link.ts';
import { createNeed } from '#shared/needs/create.ts';
import { needHandleLink, needRateLink } from '#shared/needs/links.ts';
import { portalLink } from '#shared/needs/portal.ts';
import { openTasksOf } from '#shared/store/tasks.ts';
import { Client, csrfFrom, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;
let manager: Client;
let csrf: string;
let enterprise: Enterprise;
let need: Need;

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-11-25T02:00:00Z') });
  zone = await makeZone(stack.deps);
  enterprise = await registerEnterprise(stack.deps, registration(zone), system);
  need = await createNeed(
    stack.deps,
    enterprise,
    {
      category: 'permits',
      title: '模糊测试诉求',
      description: '请协助。',
      contactName: '沈一鸣',
      contactPhone: '13800138001',
    },
    system,
  );
  await stack.engine.idle();
  manager = new Client(stack.url);
  await signIn(manager, zone.manager.email);
  csrf = csrfFrom(await manager.page('/console'));
}, 60_000);
afterAll(async () => stack.drop());

/** Every item in the table except the local-only ones (outbox, executions, settings): what a request may change. */
async function snapshot(): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await stack.deps.db.doc.send(
      new ScanCommand({ TableName: stack.deps.db.table, ExclusiveStartKey: start }),
    );
    for (const i of out.Items ?? []) {
      const pk = String(i.PK);
      // RATE#: rate-limit counters, which count every attempt, refused ones too.
      if (pk === 'OUTBOX' || pk.startsWith('EXEC') || pk === 'SETTING' || pk.startsWith('SIGNIN#')) continue;
      if (pk.startsWith('RATE#')) continue;
      items.set(`${pk}|${i.SK}`, JSON.stringify(i));
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

const HOSTILE = [
  '',
  ' ',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '"; DROP TABLE x; --',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile input, on purpose
  '${jndi:ldap://x}',
  '{{7*7}}',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  '\u0000',
  '\uD800',
  '𠮷𠮷𠮷',
  'ع‮الكلمة',
  '9'.repeat(400),
  'x'.repeat(70_000),
  '-1',
  '1e309',
  'NaN',
  '2026-02-30',
  'a@b',
];
/** Issue 14: dates far in the past or future (a 9999-12-31 once stopped the server) and huge numbers. */
const FAR_DATES = [
  '9999-12-31',
  '1900-01-01',
  '0001-01-01',
  '1999-12-31',
  '2101-01-01',
  '9999-12-31T23:59:59.999Z',
];
const HUGE = ['1e15', '1000000000000000', '9007199254740993', '1e308', 'Infinity', '-1e15', '100000001'];
const farDate = fc
  .tuple(
    fc.oneof(fc.integer({ min: 1, max: 1999 }), fc.integer({ min: 2101, max: 9999 })),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
  )
  .map(
    ([y, m, d]) =>
      `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  );
const hugeNumber = fc.oneof(
  fc.integer({ min: 100_000_001, max: Number.MAX_SAFE_INTEGER }),
  fc.double({ min: 1e12, noNaN: true }),
);
const extreme = fc.oneof(fc.constantFrom(...FAR_DATES, ...HUGE), farDate, hugeNumber.map(String));
const value = fc.oneof(
  fc.constantFrom(...HOSTILE),
  { arbitrary: extreme, weight: 2 },
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer().map(String),
);
const json = fc.oneof(
  value,
  hugeNumber,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(value, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('name', 'email', 'x', '__proto__'), value, { maxKeys: 3 }),
);

/** A form with some of the route's real fields (and some others), each with a random or hostile value. */
const formOf = (fields: string[]) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 12 })), value, {
    maxKeys: fields.length + 2,
  });
const jsonOf = (fields: string[]) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 12 })), json, {
    maxKeys: fields.length + 2,
  });

const REGISTER = [
  'name',
  'investor',
  'industryChain',
  'contractedInvestment',
  'signedAt',
  'lead.departmentId',
  'lead.staffId',
  'serviceOfficerId',
  'contacts.0.name',
  'contacts.0.phone',
  'contacts.0.email',
  'planned.registered',
];

interface Target {
  name: string;
  send: (client: Client, body: Record<string, unknown>) => Promise<Response>;
  body: fc.Arbitrary<Record<string, unknown>>;
  /** JSON answers must carry field-level messages on 400. */
  api?: boolean;
}

const form = (path: () => string) => (client: Client, body: Record<string, unknown>) =>
  client.request(path(), { form: { ...(body as Record<string, string>), _csrf: csrf } });
const api =
  (path: string, method = 'POST') =>
  (client: Client, body: Record<string, unknown>) =>
    client.request(path, { method, json: body, headers: { 'x-csrf-token': csrf } });

const TARGETS: Target[] = [
  { name: 'register (form)', send: form(() => '/console/enterprises'), body: formOf(REGISTER) },
  {
    name: 'register (API)',
    send: api('/api/v1/enterprises'),
    body: jsonOf([
      'name',
      'investor',
      'contractedInvestment',
      'signedAt',
      'lead',
      'contacts',
      'planned',
      'serviceOfficerId',
    ]),
    api: true,
  },
  {
    name: 'set a target',
    send: form(() => '/console/scoreboard/targets'),
    body: formOf(['departmentId', 'year', 'contractedInvestment', 'fundsInPlace']),
  },
  { name: 'hand over', send: form(() => '/console/staff/hand-over'), body: formOf(['fromId', 'toId']) },
  { name: 'away period', send: form(() => '/console/me/away'), body: formOf(['from', 'to', 'substituteId']) },
  { name: 'digest', send: form(() => '/console/me/digest'), body: formOf(['daily', 'at']) },
  { name: 'email language', send: form(() => '/console/me/locale'), body: formOf(['locale']) },
  {
    name: 'reassign',
    send: form(() => `/console/enterprises/${enterprise.id}/reassign`),
    body: formOf(['serviceOfficerId']),
  },
  {
    name: 're-plan',
    send: form(() => `/console/enterprises/${enterprise.id}/plan`),
    body: formOf(['planned.registered', 'planned.siteSecured']),
  },
  {
    name: 'need on behalf',
    send: form(() => `/console/enterprises/${enterprise.id}/need`),
    body: formOf(['category', 'title', 'description', 'contactName', 'contactPhone', 'urgency']),
  },
  {
    name: 'need routing (API)',
    send: api('/api/v1/settings/need-routing', 'PUT'),
    body: jsonOf(['permits', 'land', 'utilities']),
    api: true,
  },
  {
    name: 'API token (API)',
    send: api('/api/v1/tokens'),
    body: jsonOf(['staffId', 'name', 'days']),
    api: true,
  },
  {
    name: 'portal need form',
    send: async (client, body) => {
      // This tests validation, not the rate limit (abuse.test.ts does): start each case with a clear limit.
      LIMITS.needsPerEnterprise.reset();
      LIMITS.needsPerClient.reset();
      const t = new URL(portalLink(stack.deps, enterprise)).searchParams.get('t')!;
      return client.request('/portal', { form: { ...(body as Record<string, string>), t, _csrf: csrf } });
    },
    body: formOf(['category', 'title', 'description', 'contactName', 'contactPhone', 'urgency']),
  },
  {
    name: 'task report',
    send: async (client, body) => {
      const [task] = await openTasksOf(stack.deps.db, enterprise.id);
      const t = new URL(taskLink(stack.deps, task!)).searchParams.get('t')!;
      return client.request('/task', { form: { ...(body as Record<string, string>), t, _csrf: csrf } });
    },
    body: formOf([
      'outcome',
      'milestone.actualDate',
      'milestone.fundsInPlace',
      'visit.visitDate',
      'notes',
      'reason',
      'newDueDate',
    ]),
  },
  {
    name: 'sign-in request',
    send: async (client, body) => {
      LIMITS.signInPerAddressAndClient.reset();
      LIMITS.signInPerClient.reset();
      return client.request('/signin', { form: { ...(body as Record<string, string>), _csrf: csrf } });
    },
    body: formOf(['email']),
  },
  {
    name: 'sign-in confirmation',
    send: (client, body) =>
      client.request('/signin/verify', { form: { ...(body as Record<string, string>), _csrf: csrf } }),
    body: formOf(['t']),
  },
  {
    name: 'need actions (staff link)',
    send: async (client, body) => {
      // The owner's link, so the owner's steps are exercised (the managers' are refused on a need not theirs).
      const t = new URL(needHandleLink(stack.deps, need, need.ownerId ?? zone.manager.id)).searchParams.get(
        't',
      )!;
      return client.request('/need', { form: { ...(body as Record<string, string>), t, _csrf: csrf } });
    },
    body: formOf([
      'action',
      'committedDate',
      'answer',
      'reason',
      'departmentId',
      'decision',
      'to',
      'approve',
    ]),
  },
  {
    name: 'due-date move decision (approver link)',
    send: async (client, body) => {
      const [task] = await openTasksOf(stack.deps.db, enterprise.id);
      // The task's latest request when there is one (the task report target makes some), else one that is not there.
      const move = {
        enterpriseId: enterprise.id,
        taskId: task!.id,
        id: task!.move?.id ?? '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      };
      const t = new URL(moveLink(stack.deps, move, zone.manager.id)).searchParams.get('t')!;
      return client.request('/task/move', { form: { t, ...(body as Record<string, string>), _csrf: csrf } });
    },
    body: formOf(['decision', 'comment', 't']),
  },
  {
    name: 'rating (enterprise link)',
    send: async (client, body) => {
      const t = new URL(needRateLink(stack.deps, need)).searchParams.get('t')!;
      return client.request('/rate', { form: { ...(body as Record<string, string>), t, _csrf: csrf } });
    },
    body: formOf(['rating', 'comment']),
  },
  {
    name: 'board query',
    send: (client, body) => client.request(`/console?${new URLSearchParams(body as Record<string, string>)}`),
    body: formOf(['scope', 'stage', 'kind', 'industryChain', 'officer', 'department', 'cursor', 'limit']),
  },
  {
    name: 'board API query',
    send: (client, body) =>
      client.request(`/api/v1/board?${new URLSearchParams(body as Record<string, string>)}`),
    body: formOf(['scope', 'stage', 'cursor', 'limit']),
    api: true,
  },
];

/** Fixed by default so CI is repeatable; `FUZZ_SEED=<n>` (or `random`) explores further. */
const SEED =
  process.env.FUZZ_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? 20261127);

describe('oversized bodies on every route that takes one', () => {
  // Over the 6 MB a synchronous Lambda invocation carries: refused before any handler runs, on AWS and locally.
  const huge = 'x'.repeat(6 * 1024 * 1024 + 1);
  it.each(TARGETS.filter((t) => !t.name.includes('query')).map((t) => [t.name, t] as const))(
    '%s: a body over 6 MB is a 413, nothing stored',
    async (_name, target) => {
      const before = await snapshot();
      const res = await target.send(manager, { pad: huge });
      await res.text();
      expect(res.status).toBe(413);
      const after = await snapshot();
      expect([...after].filter(([k, v]) => before.get(k) !== v).map(([k]) => k)).toEqual([]);
    },
    60_000,
  );
});

describe('hostile and random input on every form and API route (fast-check)', () => {
  it.each(TARGETS.map((t) => [t.name, t] as const))(
    '%s: never a 5xx, field-level 400s, nothing stored half-way',
    async (_name, target) => {
      await fc.assert(
        fc.asyncProperty(target.body, async (body) => {
          const before = await snapshot();
          const res = await target.send(manager, body);
          const text = await res.text();
          expect(res.status, text.slice(0, 300)).toBeLessThan(500);
          const after = await snapshot();
          if (res.status >= 400) {
            // Refused: not one item added or changed.
            expect([...after].filter(([k, v]) => before.get(k) !== v).map(([k]) => k)).toEqual([]);
            if (res.status === 400 && target.api && res.headers.get('content-type')?.includes('json')) {
              const answer = JSON.parse(text) as { error: string; fields?: unknown[] };
              expect(answer.error).toBeTruthy();
            }
          }
        }),
        { numRuns: 25, seed: SEED },
      );
    },
    120_000,
  );
});
