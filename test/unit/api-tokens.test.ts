import { describe, expect, it } from 'vitest';
import { expiryOf, IssueToken, tokenOwnerFor } from '#shared/auth/api-tokens.ts';
import { can } from '#shared/auth/permissions.ts';
import { actorOf, channelOf, integrationPrincipal, type Principal } from '#shared/auth/principal.ts';
import {
  dueForUseRecord,
  type Integration,
  LAST_USE_INTERVAL_MS,
  TokenRequest,
  tokenStatus,
} from '#shared/domain/integration.ts';
import type { Staff } from '#shared/domain/organisation.ts';

const DEPT = '01JD0000000000000000000DEP';
const person = (role: Staff['role'], id: string): Principal => ({
  staff: {
    id,
    name: id,
    email: `${id.toLowerCase()}@x.cn`,
    role,
    departmentId: DEPT,
    active: true,
    version: 1,
  },
  via: 'session',
});
const officer = person('officer', '01JD000000000000000000000F');
const head = person('departmentHead', '01JD000000000000000000000H');
const manager = person('manager', '01JD000000000000000000000M');
const integration: Integration = {
  id: '01JD000000000000000000000I',
  name: '财务系统对接',
  departmentId: DEPT,
  active: true,
  createdAt: '2026-11-25T02:00:00.000Z',
  createdBy: manager.staff.id,
  version: 1,
};
const machine = integrationPrincipal(integration, '01JD000000000000000000000T');

describe('whom a token may act as (issue 14 item 5)', () => {
  it('is always the caller, whoever the caller is', () => {
    for (const caller of [officer, head, manager]) {
      expect(tokenOwnerFor(caller, {})).toEqual({ kind: 'staff', id: caller.staff.id });
      expect(tokenOwnerFor(caller, { staffId: caller.staff.id })).toEqual({
        kind: 'staff',
        id: caller.staff.id,
      });
    }
  });

  it('is never another person: a manager naming an officer is refused', () => {
    expect(tokenOwnerFor(manager, { staffId: officer.staff.id })).toBeUndefined();
    expect(tokenOwnerFor(head, { staffId: manager.staff.id })).toBeUndefined();
    expect(tokenOwnerFor(officer, { staffId: 42 })).toBeUndefined();
  });

  it('is an integration account only when a manager asks', () => {
    expect(tokenOwnerFor(manager, { integrationId: integration.id })).toEqual({
      kind: 'integration',
      id: integration.id,
    });
    expect(tokenOwnerFor(head, { integrationId: integration.id })).toBeUndefined();
    expect(tokenOwnerFor(officer, { integrationId: integration.id })).toBeUndefined();
    expect(tokenOwnerFor(manager, { integrationId: 7 })).toBeUndefined();
  });

  it('is nothing for an integration’s own token: it issues, lists and revokes none', () => {
    expect(tokenOwnerFor(machine, {})).toBeUndefined();
    expect(tokenOwnerFor(machine, { integrationId: integration.id })).toBeUndefined();
    expect(tokenOwnerFor(machine, { staffId: integration.id })).toBeUndefined();
  });
});

describe('an integration account acts as itself', () => {
  it('is recorded as the integration, through the API', () => {
    expect(actorOf(machine)).toEqual({ kind: 'integration', id: integration.id });
    expect(channelOf(machine)).toBe('api');
    expect(actorOf(officer)).toEqual({ kind: 'staff', id: officer.staff.id });
    expect(channelOf(officer)).toBe('web');
  });

  it('has a department head’s reach in its department and nothing of a manager’s', () => {
    expect(machine.staff).toMatchObject({ role: 'departmentHead', departmentId: DEPT, id: integration.id });
    expect(can(machine.staff, 'enterprise.register')).toBe(true);
    expect(can(machine.staff, 'board.department')).toBe(true);
    for (const action of ['board.zone', 'departments.any', 'need.routing.set', 'token.integration'] as const)
      expect(can(machine.staff, action), action).toBe(false);
  });

  it('stops with its account', () => {
    const off = integrationPrincipal({ ...integration, active: false }, 'x');
    expect(can(off.staff, 'board.view')).toBe(false);
  });
});

describe('who may manage tokens', () => {
  it('lets everyone manage their own, and only managers integration accounts’', () => {
    for (const p of [officer, head, manager]) expect(can(p.staff, 'token.issue')).toBe(true);
    expect(can(officer.staff, 'token.integration')).toBe(false);
    expect(can(head.staff, 'token.integration')).toBe(false);
    expect(can(manager.staff, 'token.integration')).toBe(true);
  });
});

describe('token rules', () => {
  const now = new Date('2026-11-25T02:00:00.000Z');
  it('is active until its expiry, then expired; revoked wins', () => {
    expect(tokenStatus({ expiresAt: '2026-11-25T02:00:00.001Z' }, now)).toBe('active');
    expect(tokenStatus({ expiresAt: '2026-11-25T02:00:00.000Z' }, now)).toBe('expired');
    expect(
      tokenStatus({ expiresAt: '2027-01-01T00:00:00.000Z', revokedAt: '2026-11-24T00:00:00.000Z' }, now),
    ).toBe('revoked');
  });

  it('records last use at most once an hour', () => {
    expect(dueForUseRecord({}, now)).toBe(true);
    expect(dueForUseRecord({ lastUsedAt: now.toISOString() }, now)).toBe(false);
    const justUnder = new Date(now.getTime() - LAST_USE_INTERVAL_MS + 1).toISOString();
    expect(dueForUseRecord({ lastUsedAt: justUnder }, now)).toBe(false);
    const anHour = new Date(now.getTime() - LAST_USE_INTERVAL_MS).toISOString();
    expect(dueForUseRecord({ lastUsedAt: anHour }, now)).toBe(true);
  });

  it('expires as asked, but a token issued with a token no later than that one', () => {
    expect(expiryOf({}, now, 30)).toBe('2026-12-25T02:00:00.000Z');
    expect(expiryOf({ tokenExpiresAt: '2026-11-30T00:00:00.000Z' }, now, 366)).toBe(
      '2026-11-30T00:00:00.000Z',
    );
    expect(expiryOf({ tokenExpiresAt: '2027-06-01T00:00:00.000Z' }, now, 1)).toBe('2026-11-26T02:00:00.000Z');
  });

  it('takes a label and 1–366 days (90 by default)', () => {
    expect(TokenRequest.parse({ label: ' 同步 ' })).toEqual({ label: '同步', days: 90 });
    for (const days of [0, 367, 1.5, -1, '30', Number.MAX_SAFE_INTEGER, Number.NaN])
      expect(TokenRequest.safeParse({ label: 'x', days }).success, String(days)).toBe(false);
    expect(TokenRequest.safeParse({ label: '', days: 1 }).success).toBe(false);
    expect(TokenRequest.safeParse({ label: 'x'.repeat(61), days: 1 }).success).toBe(false);
    expect(IssueToken.safeParse({ label: 'x', integrationId: 'not-an-id' }).success).toBe(false);
  });
});
