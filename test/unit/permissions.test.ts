import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  type Action,
  BOARD_SCOPES,
  boardScopes,
  can,
  type Person,
  rolesFor,
} from '#shared/auth/permissions.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { type BoardQuery, scopeFor } from '#shared/board/board.ts';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import type { Role, Staff } from '#shared/domain/organisation.ts';

const person = (role: Role, id: string, departmentId: string, active = true): Person => ({
  id,
  role,
  departmentId,
  active,
});
const officer = person('officer', 'OFFICER', 'DEPT_A');
const head = person('departmentHead', 'HEAD', 'DEPT_A');
const manager = person('manager', 'MANAGER', 'DEPT_M');
const people: Record<Role, Person> = { officer, departmentHead: head, manager };

const O = ['officer', 'departmentHead', 'manager'] as const;
const H = ['departmentHead', 'manager'] as const;
const M = ['manager'] as const;

/**
 * Who may take each action, written out here rather than read from the table, so that changing a rule fails a
 * test. The route rows follow the README's authorization matrix.
 */
const EXPECTED: Record<Action, readonly Role[]> = {
  'board.view': O,
  'board.zone': M,
  'calendar.set': M,
  'board.department': H,
  'board.person': H,
  'departments.any': M,
  'mail.backlog': H,
  'mail.undeliverable': M,
  'me.settings': O,
  'pipeline.view': H,
  'scoreboard.view': H,
  'targets.set': M,
  'staff.view': H,
  'organisation.add': M,
  'staff.handOver': H,
  'ledger.import': H,
  'enterprise.register': H,
  'work.assignTo': H,
  'enterprise.view': O,
  'enterprise.manage': H,
  'enterprise.exit': H,
  'enterprise.revive': H,
  'lead.register': O,
  'lead.view': O,
  'lead.assess': H,
  'lead.figures': O,
  'enterprise.sign': O,
  'need.onBehalf': O,
  'enterprise.profile': O,
  'funds.verify': H,
  'need.figures': H,
  'need.routing.view': H,
  'need.routing.set': M,
  'need.reroute': M,
  'need.decide': M,
  'need.revisit': M,
  'need.merge': M,
  'need.clocks.view': H,
  'need.clocks.set': M,
  'need.decideExtension': H,
  'task.decideMove': H,
  'token.issue': O,
  'token.integration': M,
};

/** An enterprise served by `serviceOfficerId` of `serviceDepartmentId`, brought in by `lead`. */
const enterprise = (
  serviceOfficerId: string,
  serviceDepartmentId: string,
  lead: { staffId: string; departmentId: string },
): Pick<Enterprise, 'serviceOfficerId' | 'serviceDepartmentId' | 'lead'> => ({
  serviceOfficerId,
  serviceDepartmentId,
  lead,
});
const served = enterprise('OFFICER', 'DEPT_A', { staffId: 'SOMEONE', departmentId: 'DEPT_B' });
const broughtIn = enterprise('SOMEONE', 'DEPT_B', { staffId: 'OFFICER', departmentId: 'DEPT_A' });
const colleagues = enterprise('COLLEAGUE', 'DEPT_A', { staffId: 'COLLEAGUE', departmentId: 'DEPT_A' });
const broughtInByDepartment = enterprise('SOMEONE', 'DEPT_B', {
  staffId: 'COLLEAGUE',
  departmentId: 'DEPT_A',
});
const other = enterprise('SOMEONE', 'DEPT_B', { staffId: 'SOMEONE', departmentId: 'DEPT_B' });

describe('the permission table', () => {
  it('names exactly the actions this test expects', () => {
    expect(Object.keys(ACTIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(Object.entries(EXPECTED) as [Action, readonly Role[]][])('%s', (action, roles) => {
    it.each(O)('%s', (role) => {
      expect(can(people[role], action)).toBe(roles.includes(role));
      expect([...rolesFor(action)].sort()).toEqual([...roles].sort());
    });
  });

  it('lets nobody who is signed out take any action', () => {
    for (const action of Object.keys(ACTIONS) as Action[]) expect(can(undefined, action)).toBe(false);
  });

  it('lets nobody who is no longer active take any action, managers included', () => {
    const former = person('manager', 'FORMER', 'DEPT_M', false);
    for (const action of Object.keys(ACTIONS) as Action[]) expect(can(former, action)).toBe(false);
    expect(can(former, 'enterprise.view', other)).toBe(false);
  });
});

describe('seeing an enterprise', () => {
  it('managers see every enterprise', () => {
    for (const e of [served, broughtIn, colleagues, other])
      expect(can(manager, 'enterprise.view', e)).toBe(true);
  });

  it('a head sees those their department serves or brought in, not another department’s', () => {
    expect(can(head, 'enterprise.view', colleagues)).toBe(true);
    expect(can(head, 'enterprise.view', served)).toBe(true);
    expect(can(head, 'enterprise.view', broughtInByDepartment)).toBe(true);
    expect(can(head, 'enterprise.view', other)).toBe(false);
  });

  it('an officer sees those they serve or brought in, not their colleagues’', () => {
    expect(can(officer, 'enterprise.view', served)).toBe(true);
    expect(can(officer, 'enterprise.view', broughtIn)).toBe(true);
    expect(can(officer, 'enterprise.view', colleagues)).toBe(false);
    expect(can(officer, 'enterprise.view', other)).toBe(false);
  });

  it('managing needs the role and the enterprise: a head what their department serves, an officer none', () => {
    expect(can(head, 'enterprise.manage', colleagues)).toBe(true);
    expect(can(head, 'enterprise.manage', other)).toBe(false);
    // Brought in by the head's department, served by another: the head reads it, but does not manage it.
    expect(can(head, 'enterprise.view', broughtInByDepartment)).toBe(true);
    expect(can(head, 'enterprise.manage', broughtInByDepartment)).toBe(false);
    expect(can(manager, 'enterprise.manage', other)).toBe(true);
    expect(can(officer, 'enterprise.manage', served)).toBe(false);
  });

  it('anyone who sees an enterprise may open a need on its behalf, and no one else', () => {
    expect(can(officer, 'need.onBehalf', served)).toBe(true);
    expect(can(officer, 'need.onBehalf', other)).toBe(false);
    expect(can(head, 'need.onBehalf', other)).toBe(false);
    expect(can(manager, 'need.onBehalf', other)).toBe(true);
  });

  it('a project’s 台账 details are kept by its officer and the heads answering for it, not by who brought it in', () => {
    expect(can(officer, 'enterprise.profile', served)).toBe(true);
    expect(can(officer, 'enterprise.profile', broughtIn)).toBe(false);
    expect(can(head, 'enterprise.profile', colleagues)).toBe(true);
    expect(can(head, 'enterprise.profile', broughtInByDepartment)).toBe(true);
    expect(can(head, 'enterprise.profile', other)).toBe(false);
    expect(can(manager, 'enterprise.profile', other)).toBe(true);
  });

  it('a funds report is verified by a head of its department or a manager, never by its reporter', () => {
    const report = (leadDepartmentId: string, reporterId: string) => ({
      leadDepartmentId,
      reportedBy: { kind: 'staff' as const, id: reporterId },
    });
    expect(can(head, 'funds.verify', report(head.departmentId, officer.id))).toBe(true);
    expect(can(head, 'funds.verify', report(head.departmentId, head.id))).toBe(false);
    expect(can(head, 'funds.verify', report('ANOTHER', officer.id))).toBe(false);
    expect(can(manager, 'funds.verify', report('ANOTHER', officer.id))).toBe(true);
    expect(can(officer, 'funds.verify', report(officer.departmentId, 'someone'))).toBe(false);
  });

  it('without a subject, the answer is whether the role may take the action on some subject', () => {
    expect(can(head, 'enterprise.manage')).toBe(true);
    expect(can(officer, 'enterprise.manage')).toBe(false);
  });
});

describe('rules about people and needs', () => {
  const inA = { departmentId: 'DEPT_A' };
  const inB = { departmentId: 'DEPT_B' };

  it('a head reaches the people of their department (board and people page), a manager everyone', () => {
    for (const action of ['board.person', 'staff.view'] as const) {
      expect(can(head, action, inA)).toBe(true);
      expect(can(head, action, inB)).toBe(false);
      expect(can(manager, action, inB)).toBe(true);
      expect(can(officer, action, inA)).toBe(false);
    }
  });

  it('extensions are decided by the owning department’s head or a manager', () => {
    const asked = (departmentId: string | undefined) => ({ departmentId, requester: officer });
    expect(can(head, 'need.decideExtension', asked('DEPT_A'))).toBe(true);
    expect(can(head, 'need.decideExtension', asked('DEPT_B'))).toBe(false);
    expect(can(head, 'need.decideExtension', asked(undefined))).toBe(false);
    expect(can(manager, 'need.decideExtension', asked('DEPT_B'))).toBe(true);
    expect(can(officer, 'need.decideExtension', asked('DEPT_A'))).toBe(false);
  });

  it('a head registers only what their department brought in and serves; a manager anything', () => {
    const reg = (serviceDepartmentId: string, lead: string) => ({
      serviceDepartmentId,
      lead: { departmentId: lead },
    });
    expect(can(head, 'enterprise.register', reg('DEPT_A', 'DEPT_A'))).toBe(true);
    expect(can(head, 'enterprise.register', reg('DEPT_A', 'DEPT_B'))).toBe(false);
    expect(can(head, 'enterprise.register', reg('DEPT_B', 'DEPT_A'))).toBe(false);
    expect(can(manager, 'enterprise.register', reg('DEPT_B', 'DEPT_A'))).toBe(true);
  });

  it('a head gives work to their own department’s people, never to a manager or another department', () => {
    expect(can(head, 'work.assignTo', { ...inA, role: 'officer' })).toBe(true);
    expect(can(head, 'work.assignTo', { ...inB, role: 'officer' })).toBe(false);
    expect(can(head, 'work.assignTo', { ...inA, role: 'manager' })).toBe(false);
    expect(can(manager, 'work.assignTo', { ...inB, role: 'departmentHead' })).toBe(true);
    expect(can(officer, 'work.assignTo', { ...inA, role: 'officer' })).toBe(false);
  });
});

describe('board scopes', () => {
  it('officers choose their own items, heads also their department, managers also the zone', () => {
    expect(boardScopes((a) => can(officer, a))).toEqual(['mine']);
    expect(boardScopes((a) => can(head, a))).toEqual(['department', 'mine']);
    expect(boardScopes((a) => can(manager, a))).toEqual(['zone', 'department', 'mine']);
    expect(BOARD_SCOPES.map((s) => s.scope)).toEqual(['zone', 'department', 'mine']);
  });

  const staff = (p: Person): Staff => ({ ...p, name: p.id, email: `${p.id}@x.cn`, version: 1 }) as Staff;
  const principal = (p: Person): Principal => ({ staff: staff(p), via: 'session' });
  const colleague = staff(person('officer', 'COLLEAGUE', 'DEPT_A'));
  const stranger = staff(person('officer', 'STRANGER', 'DEPT_B'));
  const team = [colleague, stranger];
  const scope = (p: Person, q: Partial<BoardQuery>) => scopeFor(principal(p), { limit: 50, ...q }, team);

  it('each person starts on their widest scope', () => {
    expect(scope(manager, {})).toEqual({ scope: 'zone', key: { kind: 'zone' } });
    expect(scope(head, {})).toEqual({ scope: 'department', key: { kind: 'department', id: 'DEPT_A' } });
    expect(scope(officer, {})).toEqual({ scope: 'mine', key: { kind: 'officer', id: 'OFFICER' } });
  });

  it('a scope one may not take falls back to one’s widest, and a head never sees another department', () => {
    expect(scope(officer, { scope: 'zone' }).scope).toBe('mine');
    expect(scope(head, { scope: 'zone' })).toEqual({
      scope: 'department',
      key: { kind: 'department', id: 'DEPT_A' },
    });
    expect(scope(head, { scope: 'department', department: 'DEPT_B' }).key).toEqual({
      kind: 'department',
      id: 'DEPT_A',
    });
    expect(scope(head, { scope: 'mine' }).key).toEqual({ kind: 'officer', id: 'HEAD' });
  });

  it('a manager may choose any department, from the zone scope too', () => {
    expect(scope(manager, { department: 'DEPT_B' }).key).toEqual({ kind: 'department', id: 'DEPT_B' });
    expect(scope(manager, { scope: 'department' }).key).toEqual({ kind: 'department', id: 'DEPT_M' });
    expect(scope(manager, { scope: 'mine', department: 'DEPT_B' }).scope).toBe('mine');
  });

  it('one person’s items: a head’s department’s people, anyone for a manager, nobody for an officer', () => {
    expect(scope(head, { officer: 'COLLEAGUE' })).toEqual({
      scope: 'officer',
      key: { kind: 'officer', id: 'COLLEAGUE' },
    });
    expect(scope(head, { officer: 'STRANGER' }).scope).toBe('department');
    expect(scope(manager, { officer: 'STRANGER' }).key).toEqual({ kind: 'officer', id: 'STRANGER' });
    expect(scope(officer, { officer: 'COLLEAGUE' }).key).toEqual({ kind: 'officer', id: 'OFFICER' });
  });
});
