import { describe, expect, it } from 'vitest';
import { departmentScore, halfwayCheck, periodOf, ScoreboardQuery } from '#shared/scoreboard/scoreboard.ts';
import { type ScoreCounters, ZERO_SCORES } from '#shared/store/scores.ts';
import { NEED_COUNTERS, type NeedCounters } from '#shared/store/stats.ts';

const counters = (c: Partial<ScoreCounters>): ScoreCounters => ({ ...ZERO_SCORES, ...c });

/** A department's score in 2026 with the given target and halves. */
function score2026(input: {
  target?: { contractedInvestment: number; fundsInPlace: number };
  firstHalf?: Partial<ScoreCounters>;
  secondHalf?: Partial<ScoreCounters>;
  today?: string;
}) {
  return departmentScore({
    department: {
      id: 'd1',
      name: '招商一局',
      nameEn: 'Bureau One',
      targets: input.target ? [{ year: 2026, ...input.target }] : [],
    },
    year: 2026,
    today: input.today ?? '2026-11-27',
    firstHalf: counters(input.firstHalf ?? {}),
    secondHalf: counters(input.secondHalf ?? {}),
  });
}

describe('half-year periods', () => {
  it('puts January–June in H1 and July–December in H2, every month', () => {
    for (let month = 1; month <= 12; month++) {
      const mm = String(month).padStart(2, '0');
      expect(periodOf(`2026-${mm}-15`), mm).toBe(month <= 6 ? '2026-H1' : '2026-H2');
    }
  });

  it('keeps the year of the date at the turn of the year', () => {
    expect(periodOf('2025-12-31')).toBe('2025-H2');
    expect(periodOf('2026-01-01')).toBe('2026-H1');
    expect(periodOf('2030-07-01')).toBe('2030-H2');
  });
});

describe('both past half by mid-year (双过半)', () => {
  const target = { contractedInvestment: 1001, fundsInPlace: 301 };
  const check = (contracted: number, fundsArrived: number, today = '2026-05-01', year = 2026) =>
    halfwayCheck({ year, today, firstHalf: { contracted, fundsArrived }, target });

  it('needs at least half of an odd target, with no rounding down in the department’s favour', () => {
    expect(check(500, 151)).toBe('pending'); // 500 of 1001 is just under half
    expect(check(501, 150)).toBe('pending'); // 150 of 301 is just under half
    expect(check(501, 151)).toBe('passed');
    expect(check(500, 151, '2026-07-01')).toBe('failed');
  });

  it('passes as soon as both are met, even early in the year, and stays passed', () => {
    expect(check(1001, 301, '2026-01-15')).toBe('passed');
    expect(check(2000, 400, '2027-03-01')).toBe('passed');
  });

  it('is pending up to and including 30 June of the year, and failed from 1 July or any later year', () => {
    expect(check(0, 0, '2026-06-30')).toBe('pending');
    expect(check(0, 0, '2026-07-01')).toBe('failed');
    expect(check(0, 0, '2027-01-10')).toBe('failed');
    // Looking ahead at next year's target from this year: not yet decided.
    expect(check(0, 0, '2026-12-31', 2027)).toBe('pending');
  });

  it('with only one figure targeted, judges that figure alone', () => {
    const fundsOnly = { contractedInvestment: 0, fundsInPlace: 400 };
    const contractedOnly = { contractedInvestment: 1000, fundsInPlace: 0 };
    const at = '2026-07-01';
    expect(
      halfwayCheck({
        year: 2026,
        today: at,
        firstHalf: { contracted: 0, fundsArrived: 200 },
        target: fundsOnly,
      }),
    ).toBe('passed');
    expect(
      halfwayCheck({
        year: 2026,
        today: at,
        firstHalf: { contracted: 9999, fundsArrived: 199 },
        target: fundsOnly,
      }),
    ).toBe('failed');
    expect(
      halfwayCheck({
        year: 2026,
        today: at,
        firstHalf: { contracted: 500, fundsArrived: 0 },
        target: contractedOnly,
      }),
    ).toBe('passed');
  });

  it('has nothing to check without a target, or with both figures targeted at zero', () => {
    const firstHalf = { contracted: 100, fundsArrived: 100 };
    expect(halfwayCheck({ year: 2026, today: '2026-07-01', firstHalf })).toBe('noTarget');
    expect(
      halfwayCheck({
        year: 2026,
        today: '2026-07-01',
        firstHalf,
        target: { contractedInvestment: 0, fundsInPlace: 0 },
      }),
    ).toBe('noTarget');
  });
});

describe('a department’s score', () => {
  it('rounds shares to three decimals, half up', () => {
    const thirds = score2026({
      target: { contractedInvestment: 3, fundsInPlace: 3 },
      firstHalf: { contracted: 1, fundsArrived: 2 },
    });
    expect(thirds.contractedShare).toBe(0.333);
    expect(thirds.fundsShare).toBe(0.667);
    const eighths = score2026({
      target: { contractedInvestment: 8, fundsInPlace: 16 },
      firstHalf: { contracted: 1, fundsArrived: 1 },
    });
    expect(eighths.contractedShare).toBe(0.125);
    expect(eighths.fundsShare).toBe(0.063); // 0.0625 rounds up
  });

  it('does not cap a share at 100% when the target is exceeded', () => {
    const s = score2026({
      target: { contractedInvestment: 1000, fundsInPlace: 400 },
      firstHalf: { contracted: 900, fundsArrived: 100 },
      secondHalf: { contracted: 600, fundsArrived: 500 },
    });
    expect(s.contractedShare).toBe(1.5);
    expect(s.fundsShare).toBe(1.5);
  });

  it('shows no share for a figure targeted at zero, and still shows the other', () => {
    const s = score2026({
      target: { contractedInvestment: 0, fundsInPlace: 400 },
      firstHalf: { contracted: 50, fundsArrived: 100 },
    });
    expect(s.contractedShare).toBeNull();
    expect(s.fundsShare).toBe(0.25);
  });

  it('gives an on-time rate only once a task is completed, and 0 when none was on time', () => {
    expect(score2026({}).onTimeRate).toBeNull();
    expect(score2026({ firstHalf: { tasksCompleted: 3 } }).onTimeRate).toBe(0);
    expect(
      score2026({ firstHalf: { tasksCompleted: 2, tasksOnTime: 1 }, secondHalf: { tasksCompleted: 1 } })
        .onTimeRate,
    ).toBe(0.333);
    expect(score2026({ firstHalf: { tasksCompleted: 2, tasksOnTime: 2 } }).onTimeRate).toBe(1);
  });

  it('uses only the target of the year asked for', () => {
    const s = departmentScore({
      department: {
        id: 'd',
        name: 'x',
        targets: [
          { year: 2025, contractedInvestment: 100, fundsInPlace: 100 },
          { year: 2027, contractedInvestment: 100, fundsInPlace: 100 },
        ],
      },
      year: 2026,
      today: '2026-08-01',
      firstHalf: counters({ contracted: 100, fundsArrived: 100 }),
      secondHalf: ZERO_SCORES,
    });
    expect(s.target).toBeUndefined();
    expect([s.contractedShare, s.fundsShare, s.halfway]).toEqual([null, null, 'noTarget']);
  });

  it('adds every counter of the halves, keeps the first half as it was, and passes names and needs through', () => {
    const needs = {
      id: 'd1',
      name: '招商一局',
      // Every counter the store keeps, at zero, but one.
      counts: { ...(Object.fromEntries(NEED_COUNTERS.map((c) => [c, 0])) as NeedCounters), opened: 1 },
      responseRate: null,
      onTimeRate: null,
      resolutionRate: null,
      satisfactionRate: null,
      firstContactOnTimeRate: null,
      partsOnTimeRate: null,
      averageWorkingDaysToResolve: null,
    };
    const firstHalf = counters({
      broughtIn: 1,
      contracted: 2,
      fundsArrived: 3,
      tasksCompleted: 4,
      tasksOnTime: 5,
    });
    const s = departmentScore({
      department: { id: 'd1', name: '招商一局', nameEn: 'Bureau One', targets: [] },
      year: 2026,
      today: '2026-11-27',
      firstHalf,
      secondHalf: counters({
        broughtIn: 10,
        contracted: 20,
        fundsArrived: 30,
        tasksCompleted: 40,
        tasksOnTime: 50,
      }),
      needs,
    });
    expect(s.totals).toEqual({
      broughtIn: 11,
      contracted: 22,
      fundsArrived: 33,
      tasksCompleted: 44,
      tasksOnTime: 55,
      exited: 0,
      revived: 0,
    });
    expect(s.firstHalf).toEqual(firstHalf);
    expect([s.id, s.name, s.nameEn]).toEqual(['d1', '招商一局', 'Bureau One']);
    expect(s.needs).toBe(needs);
  });

  it('judges the mid-year check on the first half even when the second half makes up the year', () => {
    const s = score2026({
      target: { contractedInvestment: 1000, fundsInPlace: 400 },
      firstHalf: { contracted: 499, fundsArrived: 400 },
      secondHalf: { contracted: 5000 },
    });
    expect(s.contractedShare).toBe(5.499);
    expect(s.halfway).toBe('failed');
    expect(
      score2026({
        target: { contractedInvestment: 1000, fundsInPlace: 400 },
        firstHalf: { contracted: 500, fundsArrived: 200 },
      }).halfway,
    ).toBe('passed');
  });
});

describe('the scoreboard query', () => {
  it('takes a year from the query string, from 2000 to 2100, or none', () => {
    expect(ScoreboardQuery.parse({ year: '2026' })).toEqual({ year: 2026 });
    expect(ScoreboardQuery.parse({})).toEqual({});
    for (const year of ['1999', '2101', '2026.5', 'abc']) {
      expect(ScoreboardQuery.safeParse({ year }).success, year).toBe(false);
    }
  });
});
