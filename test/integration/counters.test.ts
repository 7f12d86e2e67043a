import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { sweep } from '#shared/schedules/sweep.ts';
import { applyCounters, pendingCounters } from '#shared/store/counters.ts';
import type { Db } from '#shared/store/db.ts';
import { getScores, scoreItems, ZERO_SCORES } from '#shared/store/scores.ts';
import { addToCounters, getCounters } from '#shared/store/stats.ts';
import { type Guarded, putNew, transact } from '#shared/store/write.ts';
import { freshDb } from '../support/db.ts';
import { makeZone, manualClock, registration, storeDeps, system, type Zone } from '../support/fixtures.ts';

let db: Awaited<ReturnType<typeof freshDb>>;
const clock = manualClock('2026-11-27T02:00:00Z');
let zone: Zone;
const deps = () => storeDeps({ db, clock });

beforeAll(async () => {
  db = await freshDb();
  zone = await makeZone(deps());
});
afterAll(async () => db.drop());
afterEach(() => {
  vi.useRealTimers();
});

let n = 0;
const business = (): Guarded => {
  const id = `t${++n}`;
  return { entity: 'thing', id, reason: 'exists', item: putNew(db, { PK: `THING#${id}`, SK: 'THING' }) };
};
const department = () => `d${++n}`;
const everything = new Date('2100-01-01T00:00:00Z');
/** How many pending items a sweep applied. */
const sweptCounters = async () => {
  const result = await sweep(deps());
  return result.skipped ? 'skipped' : result.counters;
};

/** The same table, but every attempt to apply pending counters fails: a crash right after the commit. */
function crashingAfterCommit(): Db {
  return {
    table: db.table,
    doc: {
      send: async (command: unknown) => {
        const items = command instanceof TransactWriteCommand ? (command.input.TransactItems ?? []) : [];
        if (items.some((i) => i.Delete?.Key?.PK === 'COUNTQ')) throw new Error('process killed');
        return db.doc.send(command as TransactWriteCommand);
      },
    },
  } as unknown as Db;
}

/** Run with the wall clock moved forward (pending items are stamped with it; the sweep takes those a minute old). */
function inTwoMinutes() {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 2 * 60_000);
}

describe('counters applied after the transaction', () => {
  it('are right as soon as the transaction returns, and leave nothing pending', async () => {
    const d = department();
    await transact(db, [
      business(),
      ...scoreItems(db, [{ departmentId: d, period: '2026-H2', add: { tasksCompleted: 1, tasksOnTime: 1 } }]),
      ...addToCounters(db, 'DEPT', d, { opened: 1 }),
    ]);
    await transact(db, [
      business(),
      ...scoreItems(db, [
        { departmentId: d, period: '2026-H2', add: { tasksCompleted: 1, fundsArrived: 250 } },
      ]),
    ]);
    expect((await getScores(db, [d], ['2026-H2'])).get(`${d}|2026-H2`)).toEqual({
      ...ZERO_SCORES,
      fundsArrived: 250,
      tasksCompleted: 2,
      tasksOnTime: 1,
    });
    expect((await getCounters(db, [{ scope: 'DEPT', id: d }])).get(`STATS#DEPT#${d}`)?.opened).toBe(1);
    expect(await pendingCounters(db, everything)).toEqual([]);
  });

  it('count a registration for the lead department', async () => {
    const e = await registerEnterprise(deps(), registration(zone, { contractedInvestment: 5000 }), system);
    // In the month it was signed (the fixture signs on 20 November).
    const scores = await getScores(db, [e.lead.departmentId], ['2026-11']);
    expect(scores.get(`${e.lead.departmentId}|2026-11`)).toMatchObject({ broughtIn: 1, contracted: 5000 });
    expect(await pendingCounters(db, everything)).toEqual([]);
  });

  it('left pending by a crash after the commit, are applied by the sweep, exactly once', async () => {
    const d = department();
    const crashing = crashingAfterCommit();
    await transact(crashing, [
      business(),
      ...scoreItems(crashing, [{ departmentId: d, period: '2026-H2', add: { tasksCompleted: 1 } }]),
      ...addToCounters(crashing, 'STAFF', d, { resolved: 1, resolveWorkingDays: 3 }),
    ]);
    // The business change is stored; the counters are not yet.
    expect(await getScores(db, [d], ['2026-H2'])).toEqual(new Map());
    expect(await pendingCounters(db, everything)).toHaveLength(1);

    // A sweep right away leaves it (its writer may still be applying it)...
    expect(await sweptCounters()).toBe(0);
    expect(await pendingCounters(db, everything)).toHaveLength(1);
    // ...one a minute later applies it; the next finds nothing to do.
    inTwoMinutes();
    expect([await sweptCounters(), await sweptCounters()]).toEqual([1, 0]);
    expect((await getScores(db, [d], ['2026-H2'])).get(`${d}|2026-H2`)?.tasksCompleted).toBe(1);
    expect((await getCounters(db, [{ scope: 'STAFF', id: d }])).get(`STATS#STAFF#${d}`)).toMatchObject({
      resolved: 1,
      resolveWorkingDays: 3,
    });
    expect(await pendingCounters(db, everything)).toEqual([]);
  });

  it('applied twice, or by two at once, count once', async () => {
    const d = department();
    const crashing = crashingAfterCommit();
    for (let i = 0; i < 2; i++) {
      await transact(crashing, [
        business(),
        ...scoreItems(crashing, [
          { departmentId: d, period: '2026-H1', add: { broughtIn: 1, contracted: 100 } },
        ]),
      ]);
    }
    const [a, b] = (await pendingCounters(db, everything)) as [
      Awaited<ReturnType<typeof pendingCounters>>[number],
      Awaited<ReturnType<typeof pendingCounters>>[number],
    ];
    expect(await applyCounters(db, a)).toBe('applied');
    expect(await applyCounters(db, a)).toBe('already');
    const results = await Promise.all([applyCounters(db, b), applyCounters(db, b), applyCounters(db, b)]);
    expect(results.sort()).toEqual(['already', 'already', 'applied']);
    expect((await getScores(db, [d], ['2026-H1'])).get(`${d}|2026-H1`)).toMatchObject({
      broughtIn: 2,
      contracted: 200,
    });
    expect(await pendingCounters(db, everything)).toEqual([]);
  });
});
