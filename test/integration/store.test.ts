import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '#shared/domain/errors.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { ensureOpenTask } from '#shared/lifecycle/open.ts';
import { createStaff } from '#shared/organisation/create.ts';
import { openItems } from '#shared/store/board.ts';
import { enterprisesAtStage, getEnterprise, getEnterpriseFile } from '#shared/store/enterprises.ts';
import { keys } from '#shared/store/keys.ts';
import { listStaff } from '#shared/store/organisation.ts';
import { BadCursorError } from '#shared/store/pagination.ts';
import { closeTaskItem } from '#shared/store/tasks.ts';
import { transact, updateVersioned } from '#shared/store/write.ts';
import { freshDb } from '../support/db.ts';
import {
  calendar,
  makeZone,
  manualClock,
  recordingMailer,
  recordingWorkflows,
  registration,
  system,
  testConfig,
  testLinks,
  type Zone,
} from '../support/fixtures.ts';

let db: Awaited<ReturnType<typeof freshDb>>;
const clock = manualClock('2026-11-27T02:00:00Z');
let zone: Zone;
const workflows = recordingWorkflows();
const mailer = recordingMailer();
const deps = () => ({ db, clock, calendar, workflows, config: testConfig, links: testLinks, mailer });

beforeAll(async () => {
  db = await freshDb();
  zone = await makeZone(deps());
});
afterAll(async () => db.drop());

describe('registering an enterprise', () => {
  it('stores the enterprise at the signed stage with its audit event, and starts its lifecycle once', async () => {
    const e = await registerEnterprise(deps(), registration(zone), system);
    expect(workflows.started.filter((s) => s.enterpriseId === e.id)).toEqual([
      { enterpriseId: e.id, generation: 1, phase: 'Signed' },
    ]);
    expect(e).toMatchObject({
      stage: 'signed',
      fundsInPlace: 0,
      serviceDepartmentId: zone.officer.departmentId,
    });
    expect(e.milestones.registered).toEqual({ planned: '2026-12-10' });
    const file = await getEnterpriseFile(db, e.id);
    expect(file?.enterprise).toEqual(e);
    expect(file?.timeline.map((a) => a.action)).toEqual(['enterprise.registered', 'portal.sent']);
    expect(file?.timeline[0]?.channel).toBe('system');
  });

  it('rejects bad fields with field-level messages and stores nothing', async () => {
    const before = (await enterprisesAtStage(db, 'signed')).items.length;
    const error = await registerEnterprise(
      deps(),
      registration(zone, { name: '', contractedInvestment: 12.5, signedAt: '2026-13-01', contacts: [] }),
      system,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const fields = Object.fromEntries((error as InputError).fields.map((f) => [f.path, f.message]));
    expect(fields).toMatchObject({
      name: 'text.required',
      contractedInvestment: 'money.integer',
      signedAt: 'date.invalid',
      contacts: 'contacts.required',
    });
    expect((await enterprisesAtStage(db, 'signed')).items.length).toBe(before);
  });

  it('refuses planned dates out of order', async () => {
    const error = await registerEnterprise(
      deps(),
      registration(zone, { planned: { registered: '2027-03-01', siteSecured: '2027-01-01' } }),
      system,
    ).catch((e: unknown) => e);
    expect((error as InputError).fields).toEqual([{ path: 'planned.siteSecured', message: 'planned.order' }]);
  });

  it('refuses an unknown officer or a lead from another department, storing nothing', async () => {
    const before = (await enterprisesAtStage(db, 'signed')).items.length;
    const error = await registerEnterprise(
      deps(),
      registration(zone, {
        serviceOfficerId: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
        lead: { departmentId: zone.departments[1]!.id, staffId: zone.head.id },
      }),
      system,
    ).catch((e: unknown) => e);
    expect((error as InputError).fields).toEqual([
      { path: 'serviceOfficerId', message: 'staff.unknown' },
      { path: 'lead.staffId', message: 'staff.notInDepartment' },
    ]);
    expect((await enterprisesAtStage(db, 'signed')).items.length).toBe(before);
  });
});

describe('conditional writes', () => {
  it('keeps staff emails unique: the second insert fails whole', async () => {
    const before = (await listStaff(db)).length;
    const error = await createStaff(
      deps(),
      {
        name: '重复',
        email: zone.officer.email.toUpperCase(),
        role: 'officer',
        departmentId: zone.officer.departmentId,
      },
      system,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).reason).toBe('email.taken');
    expect((await listStaff(db)).length).toBe(before);
  });

  it('refuses a stale version and reports a missing item as not found', async () => {
    const e = await registerEnterprise(deps(), registration(zone, { name: '版本测试有限公司' }), system);
    const key = keys.enterprise(e.id);
    await updateVersioned(db, {
      entity: 'enterprise',
      id: e.id,
      key,
      expectedVersion: 1,
      set: { investor: 'A' },
    });
    const stale = await updateVersioned(db, {
      entity: 'enterprise',
      id: e.id,
      key,
      expectedVersion: 1,
      set: { investor: 'B' },
    }).catch((x: unknown) => x);
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as ConflictError).reason).toBe('version');
    expect((await getEnterprise(db, e.id))?.investor).toBe('A');
    const missing = await updateVersioned(db, {
      entity: 'enterprise',
      id: 'nope',
      key: keys.enterprise('nope'),
      expectedVersion: 1,
    }).catch((x: unknown) => x);
    expect(missing).toBeInstanceOf(NotFoundError);
  });

  it('closes an open task once: a second close changes nothing and says not-open', async () => {
    const e = await registerEnterprise(deps(), registration(zone, { name: '任务测试有限公司' }), system);
    const { task } = (await ensureOpenTask(deps(), e.id, system))!;
    expect((await ensureOpenTask(deps(), e.id, system))?.task.id).toBe(task.id); // never a second open task
    expect(task.milestone).toBe('registered');
    expect(task.dueAt).toBe('2026-12-10T09:30:00.000Z');
    const board = async () =>
      (await openItems(db, { kind: 'officer', id: zone.officer.id })).items.map((i) => i.id);
    expect(await board()).toContain(task.id);

    await transact(db, [closeTaskItem(db, task, { status: 'completed', at: clock.now().toISOString() })]);
    const again = await transact(db, [
      closeTaskItem(db, { ...task, version: 2 }, { status: 'completed', at: clock.now().toISOString() }),
    ]).catch((x: unknown) => x);
    expect(again).toBeInstanceOf(ConflictError);
    expect((again as ConflictError).reason).toBe('not-open');
    expect(await board()).not.toContain(task.id);
    const file = await getEnterpriseFile(db, e.id);
    expect(file?.tasks[0]).toMatchObject({ status: 'completed', version: 2 });
  });
});

describe('queries without scans', () => {
  it('serves open items earliest-due first by zone, department and officer, one page at a time', async () => {
    const local = await freshDb();
    const d = { db: local, clock, calendar, workflows, config: testConfig, links: testLinks, mailer };
    try {
      const z = await makeZone(d, 'q');
      const dates = ['2026-12-15', '2026-11-20', '2027-01-05', '2026-11-25', '2026-12-01', '2026-11-10'];
      for (const [i, planned] of dates.entries()) {
        const officer = i % 2 ? z.otherOfficer : z.officer;
        const e = await registerEnterprise(
          d,
          registration(z, {
            name: `企业${i}`,
            serviceOfficerId: officer.id,
            signedAt: '2026-11-01',
            industryChain: i % 3 ? '生物医药' : '集成电路',
            planned: { registered: planned },
          }),
          system,
        );
        await ensureOpenTask(d, e.id, system);
      }
      const zonePage = await openItems(local, { kind: 'zone' });
      const due = zonePage.items.map((i) => i.dueAt?.slice(0, 10));
      expect(due).toEqual([...dates].sort());

      const mine = await openItems(local, { kind: 'officer', id: z.officer.id });
      expect(mine.items.every((i) => i.itemType === 'task' && i.officerId === z.officer.id)).toBe(true);
      expect(mine.items.length).toBe(3);
      const dept = await openItems(local, { kind: 'department', id: z.otherOfficer.departmentId });
      expect(dept.items.length).toBe(3);

      const filtered = await openItems(local, { kind: 'zone' }, { filters: { industryChain: '集成电路' } });
      expect(filtered.items.map((i) => i.enterpriseName).sort()).toEqual(['企业0', '企业3']);

      // Paging: two at a time covers everything once, in order.
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await openItems(local, { kind: 'zone' }, { limit: 2, cursor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.next;
      } while (cursor);
      expect(seen).toEqual(zonePage.items.map((i) => i.id));

      const stage = await enterprisesAtStage(local, 'signed');
      expect(stage.items.length).toBe(6);
      expect(await partitionCountOf(local, keys.enterprisePartition(stage.items[0]!.id))).toBe(5); // ENT, 3 audits (registered, portal link sent, task opened), task
    } finally {
      await local.drop();
    }
  });

  it('rejects a malformed cursor as a client error', async () => {
    await expect(openItems(db, { kind: 'zone' }, { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
      BadCursorError,
    );
  });
});

async function partitionCountOf(local: typeof db, pk: string) {
  const out = await local.doc.send(
    new QueryCommand({
      TableName: local.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': pk },
    }),
  );
  return out.Count ?? 0;
}
