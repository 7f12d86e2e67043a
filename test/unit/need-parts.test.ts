import { describe, expect, it } from 'vitest';
import { NEED_MAX_PARTS, partRefusal, partsEndWith, withPartStatus } from '#shared/domain/need-part.ts';

const D = (n: number) => `01J00000000000000000000D${String(n).padStart(2, '0')}`;
const need = {
  ownerDepartmentId: D(1),
  committedDate: '2026-10-12',
  parts: [] as { id: string; departmentId: string; status: 'open' | 'answered' | 'cancelled' }[],
};

describe('主办/协办: when the lead may ask a department for its part', () => {
  it('asks another department, due between today and the lead’s own committed date', () => {
    expect(partRefusal(need, { departmentId: D(2), dueDate: '2026-10-12' }, '2026-09-21')).toBeUndefined();
    expect(partRefusal(need, { departmentId: D(2), dueDate: '2026-09-21' }, '2026-09-21')).toBeUndefined();
  });
  it('refuses its own department, a past date, and a date after the committed one', () => {
    expect(partRefusal(need, { departmentId: D(1), dueDate: '2026-09-30' }, '2026-09-21')?.message).toBe(
      'part.ownDepartment',
    );
    expect(partRefusal(need, { departmentId: D(2), dueDate: '2026-09-20' }, '2026-09-21')).toEqual({
      path: 'dueDate',
      message: 'date.past',
    });
    expect(partRefusal(need, { departmentId: D(2), dueDate: '2026-10-13' }, '2026-09-21')).toEqual({
      path: 'dueDate',
      message: 'part.afterCommitted',
    });
  });
  it('asks a department once at a time, again once it answered, and at most NEED_MAX_PARTS in all', () => {
    const open = { ...need, parts: [{ id: 'p', departmentId: D(2), status: 'open' as const }] };
    expect(partRefusal(open, { departmentId: D(2), dueDate: '2026-09-30' }, '2026-09-21')?.message).toBe(
      'part.alreadyAsked',
    );
    const answered = { ...need, parts: withPartStatus(open, 'p', 'answered') };
    expect(
      partRefusal(answered, { departmentId: D(2), dueDate: '2026-09-30' }, '2026-09-21'),
    ).toBeUndefined();
    const full = {
      ...need,
      parts: Array.from({ length: NEED_MAX_PARTS }, (_, i) => ({
        id: `p${i}`,
        departmentId: D(3),
        status: 'answered' as const,
      })),
    };
    expect(partRefusal(full, { departmentId: D(4), dueDate: '2026-09-30' }, '2026-09-21')?.message).toBe(
      'part.tooMany',
    );
  });
});

describe('a need’s open parts end', () => {
  it('when it closes or goes to another department, never with a hand-over inside the department', () => {
    expect(partsEndWith({ ownerDepartmentId: D(1) }, { status: 'closed', ownerDepartmentId: D(1) })).toBe(
      'needClosed',
    );
    expect(partsEndWith({ ownerDepartmentId: D(1) }, { status: 'routed', ownerDepartmentId: D(2) })).toBe(
      'needRerouted',
    );
    expect(
      partsEndWith({ ownerDepartmentId: D(1) }, { status: 'committed', ownerDepartmentId: D(1) }),
    ).toBeUndefined();
    // Returned as not the lead's: the parts end with it, even if a manager re-routes it to the same department.
    expect(partsEndWith({ ownerDepartmentId: D(1) }, { status: 'returned', ownerDepartmentId: D(1) })).toBe(
      'needReturned',
    );
    expect(
      partsEndWith({ ownerDepartmentId: D(1) }, { status: 'escalated', ownerDepartmentId: D(1) }),
    ).toBeUndefined();
  });
});
