import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import type { Staff } from '#shared/domain/organisation.ts';
import { actingFor, actingForOne, actingHeads, isAway, SetAway } from '#shared/organisation/substitute.ts';
import type { Db } from '#shared/store/db.ts';

/** A valid 26-character id (Crockford base 32, digits only here). */
const id = (n: number) => `01${String(n).padStart(24, '0')}`;
const DEPT_A = id(900);
const DEPT_B = id(901);

let next = 1;
function person(overrides: Partial<Staff> = {}): Staff {
  const n = next++;
  return {
    id: id(n),
    name: `员工${n}`,
    email: `staff${n}@zone.example.cn`,
    role: 'officer',
    departmentId: DEPT_A,
    active: true,
    version: 1,
    ...overrides,
  };
}
const away = (from: string, to: string, substitute: Staff): Staff['away'] => ({
  from,
  to,
  substituteId: substitute.id,
});

describe('isAway', () => {
  const sub = person();
  const p = person({ away: away('2026-10-08', '2026-10-12', sub) });

  it('is away from the first day to the last day inclusive', () => {
    expect(isAway(p, '2026-10-08')).toBe(true);
    expect(isAway(p, '2026-10-10')).toBe(true);
    expect(isAway(p, '2026-10-12')).toBe(true);
  });

  it('is not away the day before or the day after', () => {
    expect(isAway(p, '2026-10-07')).toBe(false);
    expect(isAway(p, '2026-10-13')).toBe(false);
  });

  it('is never away without an absence set', () => {
    expect(isAway(person(), '2026-10-10')).toBe(false);
  });

  it('compares whole dates across month and year ends', () => {
    const q = person({ away: away('2026-12-28', '2027-01-04', sub) });
    expect(isAway(q, '2026-12-31')).toBe(true);
    expect(isAway(q, '2027-01-04')).toBe(true);
    expect(isAway(q, '2027-01-05')).toBe(false);
  });
});

describe('actingFor: who acts for a person today', () => {
  const today = '2026-10-09';

  it('is the person themselves when they are not away', () => {
    const p = person();
    expect(actingFor([p], p.id, today)).toBe(p);
  });

  it('is the substitute while the person is away', () => {
    const sub = person();
    const p = person({ away: away('2026-10-08', '2026-10-12', sub) });
    expect(actingFor([p, sub], p.id, today)).toBe(sub);
  });

  it('is the person again before and after the absence', () => {
    const sub = person();
    const p = person({ away: away('2026-10-08', '2026-10-12', sub) });
    expect(actingFor([p, sub], p.id, '2026-10-07')).toBe(p);
    expect(actingFor([p, sub], p.id, '2026-10-13')).toBe(p);
  });

  it('is undefined for an unknown or missing id', () => {
    const p = person();
    expect(actingFor([p], id(999), today)).toBeUndefined();
    expect(actingFor([p], undefined, today)).toBeUndefined();
    expect(actingFor([], p.id, today)).toBeUndefined();
  });

  it('stays with the person when the substitute is deactivated', () => {
    const sub = person({ active: false });
    const p = person({ away: away('2026-10-08', '2026-10-12', sub) });
    expect(actingFor([p, sub], p.id, today)).toBe(p);
  });

  it('stays with the person when the substitute is away too', () => {
    const third = person();
    const sub = person({ away: away('2026-10-09', '2026-10-09', third) });
    const p = person({ away: away('2026-10-08', '2026-10-12', sub) });
    expect(actingFor([p, sub, third], p.id, today)).toBe(p);
    // One hop only: the substitute's own substitute is not reached.
    expect(actingFor([p, sub, third], p.id, today)).not.toBe(third);
  });

  it('stays with the person when the named substitute is not in the list', () => {
    const gone = person();
    const p = person({ away: away('2026-10-08', '2026-10-12', gone) });
    expect(actingFor([p], p.id, today)).toBe(p);
  });

  it('does not loop when two people away name each other', () => {
    const a = person();
    const b = person({ away: away('2026-10-08', '2026-10-12', a) });
    a.away = away('2026-10-08', '2026-10-12', b);
    expect(actingFor([a, b], a.id, today)).toBe(a);
    expect(actingFor([a, b], b.id, today)).toBe(b);
  });

  it('hands over to a substitute whose own absence has not started', () => {
    const third = person();
    const sub = person({ away: away('2026-10-20', '2026-10-22', third) });
    const p = person({ away: away('2026-10-08', '2026-10-12', sub) });
    expect(actingFor([p, sub, third], p.id, today)).toBe(sub);
  });
});

describe('actingHeads: who an escalation goes to', () => {
  const today = '2026-10-09';

  it('is every active head of the department, and only of that department', () => {
    const h1 = person({ role: 'departmentHead' });
    const h2 = person({ role: 'departmentHead' });
    const other = person({ role: 'departmentHead', departmentId: DEPT_B });
    const officer = person();
    const retired = person({ role: 'departmentHead', active: false });
    const manager = person({ role: 'manager' });
    expect(actingHeads([h1, h2, other, officer, retired, manager], DEPT_A, today)).toEqual([h1, h2]);
  });

  it('replaces a head who is away by their substitute', () => {
    const sub = person({ departmentId: DEPT_B });
    const h1 = person({ role: 'departmentHead', away: away('2026-10-01', '2026-10-31', sub) });
    const h2 = person({ role: 'departmentHead' });
    expect(actingHeads([h1, h2, sub], DEPT_A, today)).toEqual([sub, h2]);
  });

  it('keeps a head who is away when their substitute cannot act', () => {
    const sub = person({ active: false });
    const h = person({ role: 'departmentHead', away: away('2026-10-01', '2026-10-31', sub) });
    expect(actingHeads([h, sub], DEPT_A, today)).toEqual([h]);
  });

  it('is empty for a department with no head, and for no department', () => {
    const officer = person();
    expect(actingHeads([officer], DEPT_A, today)).toEqual([]);
    expect(actingHeads([person({ role: 'departmentHead' })], undefined, today)).toEqual([]);
  });
});

describe('actingForOne: the same rule, reading only the people it needs', () => {
  function stubDb(people: Staff[]) {
    const send = vi.fn(async (command: unknown) => {
      expect(command).toBeInstanceOf(GetCommand);
      const sk = String((command as GetCommand).input.Key?.SK);
      const found = people.find((p) => `STAFF#${p.id}` === sk);
      return { Item: found ? { PK: 'ZONE', SK: sk, type: 'Staff', ...found } : undefined };
    });
    return { db: { table: 'stub', doc: { send } } as unknown as Db, send };
  }

  it('reads only the person when they are not away', async () => {
    const p = person();
    const { db, send } = stubDb([p]);
    expect(await actingForOne(db, p.id, '2026-10-09')).toEqual(p);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('reads the substitute too while the person is away, and returns them', async () => {
    const sub = person();
    const p = person({ away: away('2026-10-08', '2026-10-12', sub) });
    const { db, send } = stubDb([p, sub]);
    expect(await actingForOne(db, p.id, '2026-10-09')).toEqual(sub);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('returns the person when the substitute no longer exists', async () => {
    const p = person({ away: away('2026-10-08', '2026-10-12', person()) });
    const { db } = stubDb([p]);
    expect(await actingForOne(db, p.id, '2026-10-09')).toEqual(p);
  });

  it('returns undefined for an unknown person', async () => {
    const { db } = stubDb([]);
    expect(await actingForOne(db, id(999), '2026-10-09')).toBeUndefined();
  });
});

describe('SetAway: naming a substitute for a period', () => {
  const substituteId = id(1);

  it('accepts a period of a single day', () => {
    expect(SetAway.safeParse({ from: '2026-10-09', to: '2026-10-09', substituteId }).success).toBe(true);
  });

  it('refuses a period that ends before it starts, on the `to` field', () => {
    const result = SetAway.safeParse({ from: '2026-10-10', to: '2026-10-09', substituteId });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['to', 'away.order']]);
  });

  it('refuses dates that are not dates and a substitute that is not an id', () => {
    expect(SetAway.safeParse({ from: '2026-02-30', to: '2026-03-01', substituteId }).success).toBe(false);
    expect(SetAway.safeParse({ from: '2026-10-09', to: '2026-10-09', substituteId: 'bob' }).success).toBe(
      false,
    );
  });
});
