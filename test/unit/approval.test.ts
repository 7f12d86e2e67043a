import { describe, expect, it } from 'vitest';
import { can } from '#shared/auth/permissions.ts';
import { approversOf } from '#shared/domain/approval.ts';
import type { Staff } from '#shared/domain/organisation.ts';

const person = (id: string, role: Staff['role'], departmentId: string, active = true): Staff => ({
  id,
  name: id,
  email: `${id}@zone.example.cn`,
  role,
  departmentId,
  active,
  version: 1,
});
const officer = person('officer', 'officer', 'A');
const head = person('head', 'departmentHead', 'A');
const otherHead = person('head2', 'departmentHead', 'B');
const manager = person('manager', 'manager', 'M');
const manager2 = person('manager2', 'manager', 'M');
const staff = [officer, head, otherHead, manager, manager2, person('gone', 'departmentHead', 'A', false)];
const ids = (list: Staff[]) => list.map((s) => s.id);

describe('approversOf: nobody approves their own request', () => {
  it("an officer's request goes to their department's active heads", () => {
    expect(ids(approversOf(staff, officer, 'A'))).toEqual(['head']);
  });
  it("a head's own request goes to the managers, not to the head", () => {
    expect(ids(approversOf(staff, head, 'A'))).toEqual(['manager', 'manager2']);
  });
  it("a manager's own request goes to the other managers", () => {
    expect(ids(approversOf(staff, manager, 'A'))).toEqual(['manager2']);
  });
  it('a department without a head sends it to the managers', () => {
    expect(ids(approversOf(staff, person('x', 'officer', 'C'), 'C'))).toEqual(['manager', 'manager2']);
  });
  it('a head away that day is passed over: with every head away, the managers decide', () => {
    const away = { ...head, away: { from: '2026-12-01', to: '2026-12-04', substituteId: 'officer' } };
    expect(ids(approversOf([officer, away, manager], officer, 'A', '2026-12-02'))).toEqual(['manager']);
    expect(ids(approversOf([officer, away, manager], officer, 'A', '2026-12-07'))).toEqual(['head']);
  });

  it('nobody, when the only possible approver is the requester', () => {
    expect(approversOf([manager], manager, 'M')).toEqual([]);
  });
});

describe('deciding on a request is never deciding on one’s own', () => {
  const request = (requester: Staff, departmentId = 'A') => ({ departmentId, requester });
  const DECIDE = ['need.decideExtension', 'task.decideMove'] as const;

  it('a head decides an officer’s request in their department; not their own, nor a fellow head’s', () => {
    const head2 = person('head3', 'departmentHead', 'A');
    for (const action of DECIDE) {
      expect(can(head, action, request(officer))).toBe(true);
      expect(can(head, action, request(head))).toBe(false);
      expect(can(head2, action, request(head))).toBe(false);
      expect(can(otherHead, action, request(officer))).toBe(false);
      expect(can(manager, action, request(head))).toBe(true);
      expect(can(manager, action, request(manager))).toBe(false);
      expect(can(officer, action, request(officer))).toBe(false);
      expect(can(head, action, { departmentId: 'A', requester: undefined })).toBe(false);
    }
  });

  it('everyone approversOf asks may decide, under the same rule', () => {
    for (const requester of staff.filter((s) => s.active)) {
      for (const approver of approversOf(staff, requester, requester.departmentId)) {
        for (const action of DECIDE)
          expect(can(approver, action, request(requester, requester.departmentId))).toBe(true);
      }
    }
  });

  it('a manager does not re-route or decide a need they own (returned or escalated)', () => {
    expect(can(manager, 'need.reroute', { ownerId: 'officer' })).toBe(true);
    expect(can(manager, 'need.reroute', { ownerId: 'manager' })).toBe(false);
    expect(can(manager, 'need.decide', { ownerId: 'manager' })).toBe(false);
    expect(can(manager2, 'need.decide', { ownerId: 'manager' })).toBe(true);
  });
});
