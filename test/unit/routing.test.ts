import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import { InputError } from '#shared/domain/input-error.ts';
import type { Department, Staff } from '#shared/domain/organisation.ts';
import type { Need } from '#shared/domain/work-item.ts';
import { createNeed } from '#shared/needs/create.ts';
import {
  coordinatorOf,
  getRouting,
  ROUTING_SETTING,
  RoutingInput,
  setNeedRoutingSettings,
  setRouting,
} from '#shared/needs/routing.ts';
import type { RoutingTable } from '#shared/needs/rules.ts';
import type { FileStore } from '#shared/storage/files.ts';
import type { Db } from '#shared/store/db.ts';
import { calendar, manualClock, recordingWorkflows, system } from '../support/fixtures.ts';

/** A valid 26-character id (Crockford base 32, digits only here). */
const id = (n: number) => `01${String(n).padStart(24, '0')}`;
const LAND = id(101);
const PERMITS = id(102);
const SERVICE = id(103);

const department = (deptId: string, name: string): Department => ({
  id: deptId,
  name,
  targets: [],
  version: 1,
});
const departments = [
  department(LAND, '国土分局'),
  department(PERMITS, '行政审批局'),
  department(SERVICE, '企业服务局'),
];

const staff = (n: number, role: Staff['role'], departmentId: string, extra: Partial<Staff> = {}): Staff => ({
  id: id(n),
  name: `员工${n}`,
  email: `staff${n}@zone.example.cn`,
  role,
  departmentId,
  active: true,
  version: 1,
  ...extra,
});
const officer = staff(1, 'officer', SERVICE);
const landHead = staff(2, 'departmentHead', LAND);
const landDeputy = staff(3, 'officer', LAND);
const permitsHead = staff(4, 'departmentHead', PERMITS);
const manager = staff(5, 'manager', SERVICE);
const secondManager = staff(6, 'manager', PERMITS);

/**
 * A Db that answers as a small zone would (the routing setting, the departments, the staff) and records every
 * write; no DynamoDB.
 */
function zoneDb(zone: { table?: RoutingTable; staff?: Staff[] } = {}) {
  const writes: unknown[] = [];
  const send = vi.fn(async (command: unknown) => {
    if (command instanceof GetCommand) {
      const key = command.input.Key ?? {};
      const found = key.PK === 'SETTING' && key.SK === ROUTING_SETTING && zone.table;
      return { Item: found ? { ...key, value: zone.table } : undefined };
    }
    if (command instanceof QueryCommand) {
      const prefix = String(command.input.ExpressionAttributeValues?.[':prefix']);
      const items =
        prefix === 'DEPT#'
          ? departments.map((d) => ({ PK: 'ZONE', SK: `DEPT#${d.id}`, type: 'Department', ...d }))
          : prefix === 'STAFF#'
            ? (zone.staff ?? []).map((s) => ({ PK: 'ZONE', SK: `STAFF#${s.id}`, type: 'Staff', ...s }))
            : [];
      return { Items: items };
    }
    writes.push(command);
    return {};
  });
  return { db: { table: 'stub', doc: { send } } as unknown as Db, writes, send };
}

const clock = manualClock('2026-10-09T02:00:00.000Z'); // Fri 9 Oct 2026, 10:00 Shanghai
const noFiles = {} as FileStore;
const enterprise = {
  id: id(500),
  name: '芯途半导体有限公司',
  industryChain: '集成电路',
  stage: 'registered',
  serviceOfficerId: officer.id,
  serviceDepartmentId: SERVICE,
} as Enterprise;
const form = (category: Need['category']) => ({
  category,
  title: '用地手续咨询',
  description: '需要了解二期用地的审批流程',
  contactName: '沈一鸣',
  contactPhone: '13800138001',
});

async function open(category: Need['category'], zone: { table?: RoutingTable; staff?: Staff[] }) {
  const { db } = zoneDb(zone);
  const workflows = recordingWorkflows();
  return createNeed({ db, clock, calendar, workflows, files: noFiles }, enterprise, form(category), system);
}

describe('RoutingInput', () => {
  it('accepts a table that names a department for some categories and leaves the rest out', () => {
    expect(RoutingInput.parse({ land: LAND })).toEqual({ land: LAND });
    expect(RoutingInput.parse({})).toEqual({});
  });

  it('refuses a department that is not an id, on that category', () => {
    const result = RoutingInput.safeParse({ land: LAND, permits: 'planning office' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['permits', 'id.invalid'],
    ]);
  });

  it('takes only need categories: anything else is refused, not dropped while the table is replaced', () => {
    expect(RoutingInput.safeParse({ land: LAND, parking: PERMITS }).success).toBe(false);
    // As a JSON body parses it: `__proto__` is an own key there, and no category.
    expect(RoutingInput.safeParse(JSON.parse(`{"__proto__":{"land":"${LAND}"}}`)).success).toBe(false);
    expect(RoutingInput.parse({ land: LAND })).toEqual({ land: LAND });
  });
});

describe('getRouting and setRouting', () => {
  it('is an empty table before a manager sets one', async () => {
    expect(await getRouting({ db: zoneDb().db })).toEqual({});
  });

  it('reads the table that was set', async () => {
    expect(await getRouting({ db: zoneDb({ table: { land: LAND } }).db })).toEqual({ land: LAND });
  });

  it('stores a table naming known departments, and audits the change', async () => {
    const { db, writes } = zoneDb();
    const table = { land: LAND, permits: PERMITS };
    expect(await setRouting({ db, clock }, table, system)).toEqual(table);
    // One transaction: the setting and its audit event, all or nothing (no write of its own before it).
    expect(writes).toHaveLength(1);
    const [save] = writes as TransactWriteCommand[];
    expect(save).toBeInstanceOf(TransactWriteCommand);
    const [setting, audit] = save!.input.TransactItems ?? [];
    expect(setting?.Put?.Item).toMatchObject({ PK: 'SETTING', SK: ROUTING_SETTING, value: table });
    expect(audit?.Put?.Item).toMatchObject({ type: 'Audit', action: 'settings.routingChanged' });
  });

  it('refuses unknown departments, naming each category, and writes nothing', async () => {
    const { db, writes } = zoneDb();
    const error = await setRouting(
      { db, clock },
      { land: LAND, hiring: id(777), utilities: id(778) },
      system,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const fields = [...(error as InputError).fields].sort((a, b) => a.path.localeCompare(b.path));
    expect(fields).toEqual([
      { path: 'hiring', message: 'department.unknown' },
      { path: 'utilities', message: 'department.unknown' },
    ]);
    expect(writes).toEqual([]);
  });

  it('refuses malformed input before reading anything', async () => {
    const { db, send } = zoneDb();
    await expect(setRouting({ db, clock }, { land: 42 }, system)).rejects.toBeInstanceOf(InputError);
    expect(send).not.toHaveBeenCalled();
  });
});

describe('who owns a new need', () => {
  const table: RoutingTable = { land: LAND, permits: PERMITS };
  const everyone = [officer, landHead, landDeputy, permitsHead];

  it('goes to the head of the department the table names for its category', async () => {
    const need = await open('land', { table, staff: everyone });
    expect(need).toMatchObject({ ownerId: landHead.id, ownerDepartmentId: LAND, status: 'routed' });
  });

  it('goes to the enterprise’s service officer for a category the table leaves out', async () => {
    const need = await open('hiring', { table, staff: everyone });
    expect(need).toMatchObject({ ownerId: officer.id, ownerDepartmentId: SERVICE });
  });

  it('goes to the service officer when no routing is set at all', async () => {
    const need = await open('land', { staff: everyone });
    expect(need.ownerId).toBe(officer.id);
  });

  it('goes to the service officer when the named department has no active head', async () => {
    const retired = { ...landHead, active: false };
    const need = await open('land', { table, staff: [officer, retired, landDeputy] });
    expect(need).toMatchObject({ ownerId: officer.id, ownerDepartmentId: SERVICE });
  });

  it('goes straight to the head’s substitute while the head is away', async () => {
    const away = { ...landHead, away: { from: '2026-10-08', to: '2026-10-16', substituteId: landDeputy.id } };
    const need = await open('land', { table, staff: [officer, away, landDeputy] });
    expect(need).toMatchObject({ ownerId: landDeputy.id, ownerDepartmentId: LAND });
  });

  it('goes to the service officer’s substitute while the officer is away', async () => {
    const away = { ...officer, away: { from: '2026-10-09', to: '2026-10-09', substituteId: permitsHead.id } };
    const need = await open('other', { table, staff: [away, landHead, permitsHead] });
    expect(need).toMatchObject({ ownerId: permitsHead.id, ownerDepartmentId: PERMITS });
  });

  it('is due for sign-for the next working day and resolvable within its category’s clock', async () => {
    // Fri 9 Oct: next working day is the make-up Saturday 10 Oct; land allows 15 working days, the first of
    // them that Saturday: 10, 12–16, 19–23, 26–29 Oct.
    const need = await open('land', { table, staff: everyone });
    expect(need.dueAt).toBe('2026-10-10T09:30:00.000Z');
    expect(need.resolveBy).toBe(calendar.addWorkingDays('2026-10-09', 15));
    expect(need.resolveBy).toBe('2026-10-29');
  });
});

describe('the coordinator', () => {
  it('is the manager the settings name, while they are an active manager', () => {
    expect(coordinatorOf([officer, manager, secondManager], secondManager.id)).toBe(secondManager);
  });

  it('is, with none named, the first active manager (as the settings page proposes)', () => {
    expect(coordinatorOf([officer, manager, secondManager], undefined)).toBe(manager);
    const retired = { ...manager, active: false };
    expect(coordinatorOf([officer, retired, secondManager], undefined)).toBe(secondManager);
  });

  it('is, when the one named is no longer an active manager, the first active manager', () => {
    const retired = { ...secondManager, active: false };
    expect(coordinatorOf([officer, manager, retired], secondManager.id)).toBe(manager);
    expect(coordinatorOf([officer, manager], officer.id)).toBe(manager);
  });

  it('is nobody in a zone without an active manager', () => {
    expect(coordinatorOf([officer, landHead], undefined)).toBeUndefined();
  });

  it('must still be named an active manager when the settings are saved', async () => {
    const { db, writes } = zoneDb({ staff: [officer, manager] });
    const error = await setNeedRoutingSettings(
      { db, clock },
      { table: {}, coordinatorId: officer.id },
      system,
    ).catch((e: unknown) => e);
    expect((error as InputError).fields).toEqual([
      { path: 'coordinatorId', message: 'settings.coordinator.invalid' },
    ]);
    expect(writes).toEqual([]);
  });
});

describe('who owns a new need in a zone that never saved the settings page', () => {
  const everyone = [officer, landHead, landDeputy, permitsHead, manager, secondManager];

  it('goes, with no route, to the first active manager as coordinator — not the service officer', async () => {
    const need = await open('hiring', { table: { land: LAND }, staff: everyone });
    expect(need).toMatchObject({ ownerId: manager.id, ownerDepartmentId: SERVICE });
    expect((await open('land', { staff: everyone })).ownerId).toBe(manager.id);
  });

  it('still goes to the routed department’s head', async () => {
    const need = await open('land', { table: { land: LAND }, staff: everyone });
    expect(need.ownerId).toBe(landHead.id);
  });

  it('goes to the coordinator’s substitute while they are away', async () => {
    const away = {
      ...manager,
      away: { from: '2026-10-08', to: '2026-10-16', substituteId: secondManager.id },
    };
    const need = await open('hiring', { staff: [officer, away, secondManager] });
    expect(need).toMatchObject({ ownerId: secondManager.id, ownerDepartmentId: PERMITS });
  });
});
