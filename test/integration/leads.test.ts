import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ARNS } from '#local/engine/definitions.ts';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import { InputError } from '#shared/domain/input-error.ts';
import type { Lead } from '#shared/domain/lead.ts';
import type { Staff } from '#shared/domain/organisation.ts';
import type { Task } from '#shared/domain/work-item.ts';
import { signProject } from '#shared/enterprises/sign.ts';
import { assessLead } from '#shared/leads/assess.ts';
import { leadFigures } from '#shared/leads/figures.ts';
import { registerLead } from '#shared/leads/register.ts';
import type { By } from '#shared/organisation/create.ts';
import { createStaff } from '#shared/organisation/create.ts';
import { periodOf } from '#shared/scoreboard/periods.ts';
import {
  countAtStage,
  enterpriseChange,
  getEnterprise,
  getEnterpriseFile,
} from '#shared/store/enterprises.ts';
import { getLead, leadHistory, listLeads } from '#shared/store/leads.ts';
import { getScores } from '#shared/store/scores.ts';
import { getTask, setWaitToken, taskItem } from '#shared/store/tasks.ts';
import { transact } from '#shared/store/write.ts';
import { Client, csrfFrom, outbox, signIn } from '../support/client.ts';
import {
  makeZone,
  manualClock,
  recordingMailer,
  recordingWorkflows,
  storeDeps,
  system,
  type Zone,
} from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;
/** A head of the second department (the manager's), and a second officer of the first. */
let headB: Staff;
let officer2: Staff;

// Wednesday 25 November 2026, 10:00 in Shanghai: office hours, so staff mail goes out at once.
const clock = manualClock('2026-11-25T02:00:00Z');
const mailer = recordingMailer();
const workflows = recordingWorkflows();
const deps = () => storeDeps({ db: stack.deps.db, clock, mailer, workflows });
const as = (person: Staff): By => ({ actor: { kind: 'staff', id: person.id }, channel: 'web' });

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-11-25T02:00:00Z') });
  zone = await makeZone(stack.deps);
  headB = await createStaff(
    stack.deps,
    {
      name: '赵强',
      email: 'headb@zone.example.cn',
      role: 'departmentHead',
      departmentId: zone.departments[1]!.id,
    },
    system,
  );
  officer2 = await createStaff(
    stack.deps,
    {
      name: '刘洋',
      email: 'officer2@zone.example.cn',
      role: 'officer',
      departmentId: zone.head.departmentId,
    },
    system,
  );
}, 60_000);
afterAll(async () => stack.drop());

let n = 0;
const newLead = (overrides: Record<string, unknown> = {}) => ({
  investor: `星河新材料${++n}集团有限公司`,
  industryChain: '新材料',
  source: 'businessReferral',
  expectedInvestment: 50000,
  contact: { name: '沈一鸣', phone: '13800138001', email: 'shen@xinghe.example.cn' },
  ...overrides,
});

/** InputError's field errors (fails the test if something else was thrown). */
async function fieldErrors(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected an InputError').toBeInstanceOf(InputError);
  return (error as InputError).fields;
}

describe('registering a lead: the first registrant holds the investor', () => {
  it('stores the lead with the registrant, their department and the server time', async () => {
    const lead = await registerLead(
      deps(),
      newLead({ registeredAt: '2000-01-01T00:00:00.000Z' }),
      as(zone.officer),
    );
    const stored = await getLead(stack.deps.db, lead.id);
    expect(stored).toMatchObject({
      status: 'registered',
      registeredBy: zone.officer.id,
      departmentId: zone.officer.departmentId,
      registeredAt: clock.now().toISOString(),
    });
    expect(stored?.duplicateOf).toBeUndefined();
    expect((await leadHistory(stack.deps.db, lead.id)).map((e) => e.action)).toEqual(['lead.registered']);
  });

  it('flags a second registration of the same investor (name written differently) to the head, never merging', async () => {
    const first = await registerLead(
      deps(),
      newLead({ investor: '芯途科技集团有限公司', uscc: '91350100M000100Y43' }),
      as(zone.officer),
    );
    mailer.sent.length = 0;
    const second = await registerLead(
      deps(),
      newLead({ investor: '芯途科技（中国）有限公司' }),
      as(officer2),
    );
    expect(second.id).not.toBe(first.id);
    expect(second.duplicateOf).toBe(first.id);
    expect((await getLead(stack.deps.db, second.id))?.duplicateOf).toBe(first.id);
    // The earlier lead is untouched.
    expect(await getLead(stack.deps.db, first.id)).toMatchObject({ status: 'registered', version: 1 });
    const toHead = mailer.sent.filter((m) => m.to.includes(zone.head.email));
    expect(toHead).toHaveLength(1);
    expect(toHead[0]?.subject).toContain('芯途科技（中国）有限公司');
    expect(toHead[0]?.text).toContain(`/console/leads/${first.id}`);
    expect(toHead[0]?.text).toContain(`/console/leads/${second.id}`);

    // The same USCC under another name is the same investor too.
    const third = await registerLead(
      deps(),
      newLead({ investor: '福州芯途电子', uscc: '91350100m000100y43' }),
      as(zone.otherOfficer),
    );
    expect(third.duplicateOf).toBe(first.id);
    // …and the other department's heads hear of it (the registrant's department; its head is headB).
    expect(mailer.sent.some((m) => m.to.includes(headB.email) && m.subject.includes('福州芯途电子'))).toBe(
      true,
    );
  });

  it('lets exactly one of two simultaneous registrations of a new investor hold it', async () => {
    const input = newLead({ investor: '同时登记科技有限公司' });
    const both = await Promise.all([
      registerLead(deps(), input, as(zone.head)),
      registerLead(deps(), input, as(zone.manager)),
    ]);
    const originals = both.filter((l) => !l.duplicateOf);
    expect(originals).toHaveLength(1);
    expect(both.find((l) => l.duplicateOf)?.duplicateOf).toBe(originals[0]?.id);
  });

  it('stores nothing for bad input, and says which field', async () => {
    const before = (
      await listLeads(stack.deps.db, { kind: 'registrant', staffId: zone.officer.id }, { limit: 100 })
    ).items.length;
    const errors = await fieldErrors(
      registerLead(deps(), newLead({ uscc: '91350100M000100Y44', expectedInvestment: -1 }), as(zone.officer)),
    );
    expect(errors.map((e) => e.path).sort()).toEqual(['expectedInvestment', 'uscc']);
    expect(
      await fieldErrors(
        registerLead(
          deps(),
          newLead({ referrer: { staffId: '01JD0000000000000000000000' } }),
          as(zone.officer),
        ),
      ),
    ).toEqual([{ path: 'referrer.staffId', message: 'staff.unknown' }]);
    const after = (
      await listLeads(stack.deps.db, { kind: 'registrant', staffId: zone.officer.id }, { limit: 100 })
    ).items.length;
    expect(after).toBe(before);
  });

  it('names a staff referrer by their name', async () => {
    const lead = await registerLead(
      deps(),
      newLead({ referrer: { staffId: zone.manager.id } }),
      as(zone.officer),
    );
    expect(lead.referrer).toEqual({ staffId: zone.manager.id, name: zone.manager.name });
  });
});

describe('研判 (assessment) and signing', () => {
  let lead: Lead;
  let enterprise: Enterprise;

  it('is refused to an officer and to a head of another department, and changes nothing', async () => {
    lead = await registerLead(deps(), newLead({ investor: '远航智能装备股份有限公司' }), as(zone.officer));
    const accept = { decision: 'accept', negotiatorId: officer2.id };
    expect(await fieldErrors(assessLead(deps(), lead.id, accept, as(zone.officer)))).toEqual([
      { path: 'decision', message: 'lead.notYours' },
    ]);
    expect(await fieldErrors(assessLead(deps(), lead.id, accept, as(headB)))).toEqual([
      { path: 'decision', message: 'lead.notYours' },
    ]);
    expect(await getLead(stack.deps.db, lead.id)).toMatchObject({ status: 'registered', version: 1 });
  });

  it('never names a negotiator from another department (a head), and stores nothing half-way', async () => {
    const negotiating = await countAtStage(stack.deps.db, 'negotiating');
    expect(
      await fieldErrors(
        assessLead(
          deps(),
          lead.id,
          { decision: 'accept', negotiatorId: zone.otherOfficer.id },
          as(zone.head),
        ),
      ),
    ).toEqual([{ path: 'negotiatorId', message: 'scope.otherDepartment' }]);
    expect(await fieldErrors(assessLead(deps(), lead.id, { decision: 'decline' }, as(zone.head)))).toEqual([
      { path: 'reason', message: 'lead.reason.required' },
    ]);
    expect(await getLead(stack.deps.db, lead.id)).toMatchObject({ status: 'registered', version: 1 });
    expect(await countAtStage(stack.deps.db, 'negotiating')).toBe(negotiating);
  });

  it('accepts: an enterprise in talks, credited to the registrant, served by the negotiator, its lifecycle started', async () => {
    mailer.sent.length = 0;
    const scoresBefore = await getScores(stack.deps.db, [zone.head.departmentId], [periodOf('2026-11-25')]);
    const result = await assessLead(
      deps(),
      lead.id,
      { decision: 'accept', negotiatorId: officer2.id, name: '远航智能装备项目' },
      as(zone.head),
    );
    enterprise = result.enterprise!;
    const stored = await getEnterprise(stack.deps.db, enterprise.id);
    expect(stored).toMatchObject({
      name: '远航智能装备项目',
      investor: '远航智能装备股份有限公司',
      stage: 'negotiating',
      status: 'active',
      contractedInvestment: 0,
      lead: { departmentId: zone.officer.departmentId, staffId: zone.officer.id },
      serviceOfficerId: officer2.id,
      serviceDepartmentId: officer2.departmentId,
      origin: {
        leadId: lead.id,
        negotiator: { staffId: officer2.id, departmentId: officer2.departmentId },
        expectedInvestment: 50000,
      },
    });
    expect(stored?.signedAt).toBeUndefined();
    expect(workflows.started).toContainEqual({
      enterpriseId: enterprise.id,
      generation: 1,
      phase: 'Negotiating',
    });
    expect(await getLead(stack.deps.db, lead.id)).toMatchObject({
      status: 'accepted',
      enterpriseId: enterprise.id,
      assessment: { by: zone.head.id, decision: 'accept', negotiatorId: officer2.id },
    });
    // The negotiator hears they lead the talks.
    expect(mailer.sent.some((m) => m.to.includes(officer2.email) && m.text.includes(enterprise.id))).toBe(
      true,
    );
    // A lead in talks is not a project brought in.
    expect(await getScores(stack.deps.db, [zone.head.departmentId], [periodOf('2026-11-25')])).toEqual(
      scoresBefore,
    );
    const file = await getEnterpriseFile(stack.deps.db, enterprise.id);
    expect(file?.timeline.map((e) => e.action)).toContain('enterprise.talksBegun');
    // Assessed once only.
    expect(
      await fieldErrors(
        assessLead(deps(), lead.id, { decision: 'decline', reason: '重复' }, as(zone.manager)),
      ),
    ).toEqual([{ path: 'decision', message: 'lead.alreadyAssessed' }]);
  });

  it('refuses a signing by someone else, in the future, with nothing contracted — and stores nothing', async () => {
    const input = { agreement: 'contract', contractedInvestment: 80000, signedAt: '2026-11-24' };
    expect(await fieldErrors(signProject(deps(), enterprise.id, input, as(zone.officer)))).toEqual([
      { path: 'agreement', message: 'signing.notYours' },
    ]);
    expect(await fieldErrors(signProject(deps(), enterprise.id, input, as(headB)))).toEqual([
      { path: 'agreement', message: 'signing.notYours' },
    ]);
    expect(
      await fieldErrors(
        signProject(deps(), enterprise.id, { ...input, signedAt: '2026-11-26' }, as(officer2)),
      ),
    ).toEqual([{ path: 'signedAt', message: 'date.future' }]);
    expect(
      await fieldErrors(
        signProject(deps(), enterprise.id, { ...input, contractedInvestment: 0 }, as(officer2)),
      ),
    ).toEqual([{ path: 'contractedInvestment', message: 'money.positive' }]);
    expect(await getEnterprise(stack.deps.db, enterprise.id)).toMatchObject({
      stage: 'negotiating',
      version: 1,
    });
  });

  it('signs: stage signed, the follow-up cancelled and its wait released, the scoreboard and the leaderboard count it', async () => {
    // The open follow-up task the lifecycle keeps while in talks, with its waiting token.
    const current = (await getEnterprise(stack.deps.db, enterprise.id))!;
    const task: Task = {
      id: '01KB0000000000000000000000',
      enterpriseId: enterprise.id,
      enterpriseName: enterprise.name,
      industryChain: enterprise.industryChain,
      stage: 'negotiating',
      kind: 'followUp',
      status: 'open',
      officerId: officer2.id,
      departmentId: officer2.departmentId,
      dueAt: '2026-12-02T09:30:00.000Z',
      openedAt: clock.now().toISOString(),
      notified: [],
      version: 1,
    };
    await transact(stack.deps.db, [
      taskItem(stack.deps.db, task),
      enterpriseChange(stack.deps.db, current, { ...current, openTaskId: task.id }),
    ]);
    await setWaitToken(stack.deps.db, enterprise.id, task.id, 'the-waiting-token');
    const scoresBefore = await getScores(stack.deps.db, [zone.officer.departmentId], ['2026-11']);
    const before = scoresBefore.get(`${zone.officer.departmentId}|2026-11`);

    const signed = await signProject(
      deps(),
      enterprise.id,
      {
        agreement: 'framework',
        contractedInvestment: 80000,
        signedAt: '2026-11-25',
        projectType: 'service',
        planned: { registered: '2026-12-20' },
      },
      as(officer2),
    );
    expect(signed.stage).toBe('signed');
    const stored = await getEnterprise(stack.deps.db, enterprise.id);
    expect(stored).toMatchObject({
      stage: 'signed',
      stageSince: '2026-11-25',
      signedAt: '2026-11-25',
      contractedInvestment: 80000,
      projectType: 'service',
      serviceOfficerId: officer2.id,
      origin: { agreement: 'framework' },
      milestones: { registered: { planned: '2026-12-20' } },
    });
    expect(stored?.openTaskId).toBeUndefined();
    expect(await getTask(stack.deps.db, enterprise.id, task.id)).toMatchObject({ status: 'cancelled' });
    expect(workflows.released.map((r) => r.token)).toContain('the-waiting-token');
    expect(await getLead(stack.deps.db, lead.id)).toMatchObject({
      status: 'signed',
      contractedInvestment: 80000,
      agreement: 'framework',
    });
    const after = (await getScores(stack.deps.db, [zone.officer.departmentId], ['2026-11'])).get(
      `${zone.officer.departmentId}|2026-11`,
    );
    expect((after?.broughtIn ?? 0) - (before?.broughtIn ?? 0)).toBe(1);
    expect((after?.contracted ?? 0) - (before?.contracted ?? 0)).toBe(80000);
    // The contacts get their portal link.
    expect(mailer.sent.some((m) => m.to.includes('shen@xinghe.example.cn'))).toBe(true);
    const file = await getEnterpriseFile(stack.deps.db, enterprise.id);
    expect(file?.timeline.map((e) => e.action)).toContain('enterprise.signed');

    // The leaderboard: the registrant and their department hold the lead from registration to signing.
    const figures = await leadFigures(stack.deps);
    const person = figures.people.find((p) => p.id === zone.officer.id);
    expect(person).toMatchObject({ signed: 1, contracted: 80000, accepted: 1 });
    expect(person?.registered).toBeGreaterThanOrEqual(4);
    const department = figures.departments.find((d) => d.id === zone.officer.departmentId);
    expect(department).toMatchObject({ signed: 1, contracted: 80000, accepted: 1 });
    expect(figures.people.find((p) => p.id === officer2.id)).toMatchObject({ duplicates: 1, registered: 0 });

    // Signed once only.
    expect(
      await fieldErrors(
        signProject(
          deps(),
          enterprise.id,
          { agreement: 'contract', contractedInvestment: 1, signedAt: '2026-11-24' },
          as(officer2),
        ),
      ),
    ).toEqual([{ path: 'agreement', message: 'signing.notInTalks' }]);
  });

  it('declines with a reason, on the lead’s history, and counts it', async () => {
    const other = await registerLead(deps(), newLead({ investor: '不靠谱投资有限公司' }), as(officer2));
    const { lead: declined } = await assessLead(
      deps(),
      other.id,
      { decision: 'decline', reason: '投资方实力不足' },
      as(zone.manager),
    );
    expect(declined.status).toBe('declined');
    expect(await getLead(stack.deps.db, other.id)).toMatchObject({
      status: 'declined',
      assessment: { decision: 'decline', reason: '投资方实力不足', by: zone.manager.id },
    });
    expect((await leadHistory(stack.deps.db, other.id)).map((e) => e.action)).toEqual([
      'lead.registered',
      'lead.declined',
    ]);
    const figures = await leadFigures(stack.deps);
    expect(figures.people.find((p) => p.id === officer2.id)?.declined).toBe(1);
  });

  it('does not accept a duplicate while its earlier lead stands', async () => {
    const first = await registerLead(deps(), newLead({ investor: '双胞胎科技' }), as(zone.officer));
    const dup = await registerLead(deps(), newLead({ investor: '双胞胎科技有限公司' }), as(officer2));
    expect(dup.duplicateOf).toBe(first.id);
    expect(
      await fieldErrors(
        assessLead(deps(), dup.id, { decision: 'accept', negotiatorId: officer2.id }, as(zone.head)),
      ),
    ).toEqual([{ path: 'decision', message: 'lead.duplicate' }]);
  });
});

describe('races', () => {
  it('lets one of two heads accepting the same lead at once win: one enterprise, the other told it changed', async () => {
    const lead = await registerLead(deps(), newLead({ investor: '抢先研判科技' }), as(zone.officer));
    const before = await countAtStage(stack.deps.db, 'negotiating');
    const results = await Promise.allSettled([
      assessLead(deps(), lead.id, { decision: 'accept', negotiatorId: zone.officer.id }, as(zone.head)),
      assessLead(deps(), lead.id, { decision: 'accept', negotiatorId: officer2.id }, as(zone.manager)),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await countAtStage(stack.deps.db, 'negotiating')).toBe(before + 1);
    const stored = await getLead(stack.deps.db, lead.id);
    expect(stored?.status).toBe('accepted');
    expect(stored?.version).toBe(2);
  });
});

describe('hostile input on the lead routes', () => {
  it('answers every malformed body with a 4xx, never a 500, and escapes what it shows', async () => {
    const client = new Client(stack.url);
    await signIn(client, zone.head.email);
    const headers = { 'x-csrf-token': csrfFrom(await client.page('/console')) };
    const lead = await registerLead(
      deps(),
      newLead({ investor: '<img src=x onerror=alert(1)>科技', notes: '<script>alert(2)</script>' }),
      as(zone.officer),
    );
    const bodies: unknown[] = [
      null,
      [],
      'text',
      42,
      { __proto__: { polluted: true } },
      { investor: 'x'.repeat(5000) },
      { decision: 'accept', negotiatorId: '../../etc' },
      { decision: 'decline', reason: { $ne: 1 } },
      { agreement: 'contract', contractedInvestment: 1e30, signedAt: '9999-12-31' },
      { agreement: 'contract', contractedInvestment: '1000', signedAt: '2026-13-45' },
      { contact: { name: '\u0000', phone: '+86 138 0013 8000' }, expectedInvestment: -0 },
    ];
    const paths = [
      '/api/v1/leads',
      `/api/v1/leads/${lead.id}/assessment`,
      '/api/v1/leads/NOTANID/assessment',
      '/api/v1/enterprises/01KB0000000000000000000000/signing',
    ];
    for (const path of paths)
      for (const body of bodies) {
        const res = await client.request(path, { json: body, headers });
        expect(res.status, `${path} ${JSON.stringify(body)?.slice(0, 60)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${path} ${JSON.stringify(body)?.slice(0, 60)}`).toBeLessThan(500);
      }
    const page = await client.page(`/console/leads/${lead.id}`);
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<script>alert(2)');
    expect(page).toContain('&lt;img src=x onerror=alert(1)');
    expect(await getLead(stack.deps.db, lead.id)).toMatchObject({ status: 'registered', version: 1 });
    await client.page('/console/leads?status=%3Cscript%3E');
    await client.page('/console/leads?cursor=garbage', 400);
  }, 60_000);
});

describe('authorization of the lead routes: every route × every role', () => {
  const ROLES = ['anonymous', 'officer', 'departmentHead', 'manager', 'otherOfficer'] as const;
  type Role = (typeof ROLES)[number];
  const clients = {} as Record<Role, Client>;
  const csrf = {} as Record<Role, string>;
  /** A lead the officer registered in department A, and an enterprise in talks the officer negotiates. */
  let leadId = '';
  let talksId = '';

  beforeAll(async () => {
    const lead = await registerLead(deps(), newLead({ investor: '权限矩阵科技' }), as(zone.officer));
    leadId = lead.id;
    const talks = await registerLead(deps(), newLead({ investor: '权限矩阵在谈科技' }), as(zone.officer));
    const { enterprise } = await assessLead(
      deps(),
      talks.id,
      { decision: 'accept', negotiatorId: zone.officer.id },
      as(zone.head),
    );
    talksId = enterprise!.id;
    const emails: Record<Role, string | undefined> = {
      anonymous: undefined,
      officer: zone.officer.email,
      departmentHead: zone.head.email,
      manager: zone.manager.email,
      otherOfficer: zone.otherOfficer.email,
    };
    for (const role of ROLES) {
      clients[role] = new Client(stack.url);
      const email = emails[role];
      if (email) await signIn(clients[role], email);
      csrf[role] = csrfFrom(await clients[role].page('/signin'));
    }
  }, 60_000);

  // 303: to sign in. 401: the API without credentials. 403: not this person's. 400: allowed, but the empty input
  // is refused with field errors, so nothing changes.
  const page = { anonymous: 303 };
  const api = { anonymous: 401 };
  const rows: {
    what: string;
    method: 'GET' | 'POST';
    path: () => string;
    body?: 'form' | 'json';
    expect: Record<Role, number>;
  }[] = [
    {
      what: 'leads list',
      method: 'GET',
      path: () => '/console/leads',
      expect: { ...page, officer: 200, departmentHead: 200, manager: 200, otherOfficer: 200 },
    },
    {
      what: 'lead form',
      method: 'GET',
      path: () => '/console/leads/new',
      expect: { ...page, officer: 200, departmentHead: 200, manager: 200, otherOfficer: 200 },
    },
    {
      what: 'register a lead',
      method: 'POST',
      path: () => '/console/leads',
      body: 'form',
      expect: { ...page, officer: 400, departmentHead: 400, manager: 400, otherOfficer: 400 },
    },
    {
      what: 'leaderboard',
      method: 'GET',
      path: () => '/console/leads/figures',
      expect: { ...page, officer: 200, departmentHead: 200, manager: 200, otherOfficer: 200 },
    },
    {
      what: 'a lead’s page',
      method: 'GET',
      path: () => `/console/leads/${leadId}`,
      expect: { ...page, officer: 200, departmentHead: 200, manager: 200, otherOfficer: 403 },
    },
    {
      what: 'assess (page)',
      method: 'POST',
      path: () => `/console/leads/${leadId}/assessment`,
      body: 'form',
      expect: { ...page, officer: 403, departmentHead: 400, manager: 400, otherOfficer: 403 },
    },
    {
      what: 'sign (page)',
      method: 'POST',
      path: () => `/console/enterprises/${talksId}/signing`,
      body: 'form',
      expect: { ...page, officer: 400, departmentHead: 400, manager: 400, otherOfficer: 403 },
    },
    {
      what: 'register a lead (API)',
      method: 'POST',
      path: () => '/api/v1/leads',
      body: 'json',
      expect: { ...api, officer: 400, departmentHead: 400, manager: 400, otherOfficer: 400 },
    },
    {
      what: 'leads (API)',
      method: 'GET',
      path: () => '/api/v1/leads',
      expect: { ...api, officer: 200, departmentHead: 200, manager: 200, otherOfficer: 200 },
    },
    {
      what: 'assess (API)',
      method: 'POST',
      path: () => `/api/v1/leads/${leadId}/assessment`,
      body: 'json',
      expect: { ...api, officer: 403, departmentHead: 400, manager: 400, otherOfficer: 403 },
    },
    {
      what: 'sign (API)',
      method: 'POST',
      path: () => `/api/v1/enterprises/${talksId}/signing`,
      body: 'json',
      expect: { ...api, officer: 400, departmentHead: 400, manager: 400, otherOfficer: 403 },
    },
    {
      what: 'leaderboard (API)',
      method: 'GET',
      path: () => '/api/v1/figures/leads',
      expect: { ...api, officer: 200, departmentHead: 200, manager: 200, otherOfficer: 200 },
    },
  ];
  const cases = rows.flatMap((row) => ROLES.map((role) => [row.what, role, row] as const));
  it.each(cases)('%s as %s', async (_what, role, row) => {
    const init =
      row.body === 'form'
        ? { method: row.method, form: { _csrf: csrf[role] } }
        : row.body === 'json'
          ? { method: row.method, json: {}, headers: { 'x-csrf-token': csrf[role] } }
          : { method: row.method };
    const res = await clients[role].request(row.path(), init);
    expect(res.status).toBe(row.expect[role]);
    if (res.status === 303)
      expect(res.headers.get('location')).toMatch(row.method === 'GET' ? /^\/signin\?next=/ : /^\/signin$/);
  });
});

describe('the pages and the API', () => {
  it('registers a lead from the phone form, flags a duplicate, assesses and signs from the pages', async () => {
    const officer = new Client(stack.url);
    await signIn(officer, officer2.email);
    const form = await officer.page('/console/leads/new');
    expect(form).toContain('name="investor"');
    expect(form).toContain('inputmode="numeric"');
    expect(form).toContain('inputmode="tel"');
    const res = await officer.submit('/console/leads', {
      investor: '页面登记科技有限公司',
      industryChain: '人工智能',
      source: 'expo',
      expectedInvestment: '30000',
      'contact.name': '王五',
      'contact.phone': '13900139000',
      'contact.email': 'wangwu@page.example.cn',
      'referrer.name': '某商会李会长',
    });
    expect(res.status, await res.clone().text()).toBe(303);
    const leadPath = res.headers.get('location')!;
    expect(leadPath).toMatch(/^\/console\/leads\/[0-9A-Z]{26}/);
    const leadId = /leads\/([0-9A-Z]{26})/.exec(leadPath)![1]!;

    // Bad input: the form again, with the field's error, and nothing stored.
    await officer.page('/console/leads/new');
    const bad = await officer.submit('/console/leads', {
      investor: '',
      industryChain: '人工智能',
      source: 'expo',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('aria-invalid="true"');

    // A duplicate, registered by someone else: its page links to the earlier lead; the head is mailed.
    const other = new Client(stack.url);
    await signIn(other, zone.officer.email);
    await other.page('/console/leads/new');
    const dupRes = await other.submit('/console/leads', {
      investor: '页面登记科技',
      industryChain: '人工智能',
      source: 'online',
      expectedInvestment: '10000',
      'contact.name': '王五',
      'contact.phone': '13900139000',
    });
    expect(dupRes.status).toBe(303);
    const dupPage = await other.page(dupRes.headers.get('location')!);
    expect(dupPage).toContain(`/console/leads/${leadId}`);
    const mails = await outbox(stack.url);
    expect(mails.some((m) => m.to.includes(zone.head.email) && m.subject.includes('页面登记科技'))).toBe(
      true,
    );

    // The officer sees no assessment form; the head does, on the list and the page.
    expect(await officer.page(`/console/leads/${leadId}`)).not.toContain(
      `/console/leads/${leadId}/assessment`,
    );
    const head = new Client(stack.url);
    await signIn(head, zone.head.email);
    const list = await head.page('/console/leads?status=registered');
    expect(list).toContain('页面登记科技有限公司');
    const leadPage = await head.page(`/console/leads/${leadId}`);
    expect(leadPage).toContain(`/console/leads/${leadId}/assessment`);
    // A head of another department may not even open it.
    const otherHead = new Client(stack.url);
    await signIn(otherHead, headB.email);
    await otherHead.page(`/console/leads/${leadId}`, 403);

    // The duplicate cannot be accepted while the earlier lead is open, and the page says why (no field to mark).
    const dupId = /\/console\/leads\/([0-9A-Z]{26})/.exec(dupRes.headers.get('location')!)![1]!;
    expect(dupId).not.toBe(leadId);
    await head.page(`/console/leads/${dupId}`);
    const refused = await head.submit(`/console/leads/${dupId}/assessment`, {
      decision: 'accept',
      negotiatorId: officer2.id,
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('role="alert">该线索与较早登记的线索重复，请研判较早的线索</p>');
    await head.page(`/console/leads/${leadId}`);
    const accepted = await head.submit(`/console/leads/${leadId}/assessment`, {
      decision: 'accept',
      negotiatorId: officer2.id,
    });
    expect(accepted.status, await accepted.clone().text()).toBe(303);
    const enterprisePath = accepted.headers.get('location')!;
    expect(enterprisePath).toMatch(/^\/console\/enterprises\/[0-9A-Z]{26}/);
    const enterpriseId = /enterprises\/([0-9A-Z]{26})/.exec(enterprisePath)![1]!;
    // The enterprise page of a project in talks (no signing date yet) shows.
    expect(await head.page(enterprisePath)).toContain('页面登记科技有限公司');
    expect(await getEnterprise(stack.deps.db, enterpriseId)).toMatchObject({ stage: 'negotiating' });
    // Its lifecycle runs: the execution `<id>-g1` was started on the engine.
    const execution = await stack.engine.describeExecution(
      `${LOCAL_ARNS.lifecycle.replace(':stateMachine:', ':execution:')}:${enterpriseId}-g1`,
    );
    expect(execution.name).toBe(`${enterpriseId}-g1`);
    // The lifecycle's Negotiating phase opens a follow-up task for the negotiator.
    await stack.engine.idle();
    const inTalks = await getEnterpriseFile(stack.deps.db, enterpriseId);
    const followUp = inTalks?.tasks.find((t) => t.status === 'open');
    expect(followUp).toMatchObject({ kind: 'followUp', officerId: officer2.id, stage: 'negotiating' });

    // The negotiator signs from the lead's page.
    const page = await officer.page(`/console/leads/${leadId}`);
    expect(page).toContain(`/console/enterprises/${enterpriseId}/signing`);
    const signed = await officer.submit(`/console/enterprises/${enterpriseId}/signing`, {
      agreement: 'contract',
      contractedInvestment: '25000',
      signedAt: '2026-11-25',
      projectType: 'industrial',
    });
    expect(signed.status, await signed.clone().text()).toBe(303);
    expect(await getEnterprise(stack.deps.db, enterpriseId)).toMatchObject({
      stage: 'signed',
      contractedInvestment: 25000,
    });
    expect(await getLead(stack.deps.db, leadId)).toMatchObject({ status: 'signed' });
    // The follow-up is cancelled, and the lifecycle moves on to the first milestone after signing.
    await stack.engine.idle();
    const after = await getEnterpriseFile(stack.deps.db, enterpriseId);
    expect(after?.tasks.find((t) => t.id === followUp?.id)?.status).toBe('cancelled');
    expect(after?.tasks.find((t) => t.status === 'open')).toMatchObject({
      kind: 'tracking',
      milestone: 'registered',
      officerId: officer2.id,
    });

    const board = await officer.page('/console/leads/figures');
    expect(board).toContain(officer2.name);
  }, 60_000);

  it('serves the JSON API: register, list, assess, sign, figures', async () => {
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    const token = csrfFrom(await officer.page('/console'));
    const headers = { 'x-csrf-token': token };
    const created = await officer.request('/api/v1/leads', {
      json: newLead({ investor: '接口登记有限公司' }),
      headers,
    });
    expect(created.status).toBe(201);
    const lead = (await created.json()) as Lead;
    expect(lead).toMatchObject({ status: 'registered', registeredBy: zone.officer.id });
    const bad = await officer.request('/api/v1/leads', { json: { investor: '' }, headers });
    expect(bad.status).toBe(400);

    const listed = (await (await officer.request('/api/v1/leads')).json()) as { items: Lead[] };
    expect(listed.items.map((l) => l.id)).toContain(lead.id);
    // An officer may not assess.
    const refused = await officer.request(`/api/v1/leads/${lead.id}/assessment`, {
      json: { decision: 'decline', reason: '不行' },
      headers,
    });
    expect(refused.status).toBe(403);

    const head = new Client(stack.url);
    await signIn(head, zone.head.email);
    const headHeaders = { 'x-csrf-token': csrfFrom(await head.page('/console')) };
    const assessed = await head.request(`/api/v1/leads/${lead.id}/assessment`, {
      json: { decision: 'accept', negotiatorId: zone.officer.id },
      headers: headHeaders,
    });
    expect(assessed.status, await assessed.clone().text()).toBe(200);
    const { enterprise } = (await assessed.json()) as { enterprise: { id: string; stage: string } };
    expect(enterprise.stage).toBe('negotiating');
    const signing = await officer.request(`/api/v1/enterprises/${enterprise.id}/signing`, {
      json: { agreement: 'contract', contractedInvestment: 1000, signedAt: '2026-11-25' },
      headers,
    });
    expect(signing.status, await signing.clone().text()).toBe(200);
    expect(((await signing.json()) as { stage: string }).stage).toBe('signed');
    const figures = await officer.request('/api/v1/figures/leads');
    expect(figures.status).toBe(200);
    const body = (await figures.json()) as { people: { id: string; signed: number }[] };
    expect(body.people.find((p) => p.id === zone.officer.id)?.signed).toBeGreaterThanOrEqual(2);
    const doc = (await (await fetch(`${stack.url}/api/v1/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/leads',
        '/api/v1/leads/{id}/assessment',
        '/api/v1/enterprises/{id}/signing',
        '/api/v1/figures/leads',
      ]),
    );
  }, 60_000);
});
