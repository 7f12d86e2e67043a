import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '#shared/store/db.ts';
import { insertStaff, listStaffForMessages } from '#shared/store/organisation.ts';

/** A table client that answers the staff Query from `rows` and counts the Queries it was sent. */
function stubDb(staffListMaxAgeMs: number, rows: Record<string, unknown>[]) {
  const calls = { query: 0 };
  const db = {
    table: 't',
    staffListMaxAgeMs,
    doc: {
      send: async (command: { constructor: { name: string } }) => {
        if (command.constructor.name === 'QueryCommand') {
          calls.query++;
          return { Items: rows.map((r) => ({ ...r })) };
        }
        return {};
      },
    },
  } as unknown as Db;
  return { db, calls };
}

const person = (id: string, name: string) => ({
  PK: 'ZONE',
  SK: `STAFF#${id}`,
  id,
  name,
  email: `${id.toLowerCase()}@zone.example.cn`,
  role: 'officer',
  departmentId: '01J00000000000000000000001',
  version: 1,
});
const A = '01J0000000000000000000000A';
const B = '01J0000000000000000000000B';

describe('the staff list workflow messages read', () => {
  afterEach(() => vi.useRealTimers());

  it('is read once a minute per container on AWS, and again after', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-07T01:00:00Z'), toFake: ['Date'] });
    const rows = [person(A, '甲')];
    const { db, calls } = stubDb(60_000, rows);
    expect((await listStaffForMessages(db)).map((s) => s.name)).toEqual(['甲']);
    rows.push(person(B, '乙'));
    await listStaffForMessages(db);
    expect(calls.query).toBe(1);
    vi.setSystemTime(new Date('2026-12-07T01:01:00Z'));
    expect((await listStaffForMessages(db)).map((s) => s.name)).toEqual(['甲', '乙']);
    expect(calls.query).toBe(2);
  });

  it('sees at once a person this container adds, and hands out a copy that callers may sort', async () => {
    const rows = [person(A, '甲')];
    const { db, calls } = stubDb(60_000, rows);
    const first = await listStaffForMessages(db);
    first.pop();
    expect(await listStaffForMessages(db)).toHaveLength(1);
    const { PK, SK, ...b } = person(B, '乙');
    await insertStaff(
      db,
      { ...b, active: true } as never,
      {
        id: '01J0000000000000000000000C',
        at: '2026-12-07T01:00:00.000Z',
        actor: { kind: 'system' },
        channel: 'web',
        action: 'staff.added',
        subject: { kind: 'staff', id: B },
        details: {},
      } as never,
    );
    rows.push(person(B, '乙'));
    expect((await listStaffForMessages(db)).map((s) => s.name)).toEqual(['甲', '乙']);
    expect(calls.query).toBe(2);
  });

  it('is read every time where nothing is kept (locally)', async () => {
    const { db, calls } = stubDb(0, [person(A, '甲')]);
    await listStaffForMessages(db);
    await listStaffForMessages(db);
    expect(calls.query).toBe(2);
  });
});
