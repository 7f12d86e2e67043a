import { describe, expect, it } from 'vitest';
import { departmentScore, halfwayCheck, periodOf } from '#shared/scoreboard/scoreboard.ts';
import { ZERO_SCORES } from '#shared/store/scores.ts';

const target = { contractedInvestment: 1000, fundsInPlace: 400 };

describe('the scoreboard rules', () => {
  it('puts a date in its half-year', () => {
    expect(periodOf('2026-01-01')).toBe('2026-H1');
    expect(periodOf('2026-06-30')).toBe('2026-H1');
    expect(periodOf('2026-07-01')).toBe('2026-H2');
    expect(periodOf('2026-12-31')).toBe('2026-H2');
  });

  it('passes "both past half by mid-year" only when both figures reach half in the first half', () => {
    const check = (contracted: number, fundsArrived: number, today: string) =>
      halfwayCheck({ year: 2026, today, firstHalf: { contracted, fundsArrived }, target });
    expect(check(500, 200, '2026-06-30')).toBe('passed');
    expect(check(500, 200, '2026-12-01')).toBe('passed');
    expect(check(499, 200, '2026-05-01')).toBe('pending');
    expect(check(900, 199, '2026-06-30')).toBe('pending');
    expect(check(499, 400, '2026-07-01')).toBe('failed');
    expect(check(1000, 0, '2026-07-01')).toBe('failed');
    expect(
      halfwayCheck({ year: 2026, today: '2026-07-01', firstHalf: { contracted: 0, fundsArrived: 0 } }),
    ).toBe('noTarget');
  });

  it('adds the halves, takes the year’s target, and works out the shares', () => {
    const score = departmentScore({
      department: {
        id: 'd',
        name: '招商一局',
        targets: [
          { year: 2025, contractedInvestment: 10, fundsInPlace: 10 },
          { year: 2026, ...target },
        ],
      },
      year: 2026,
      today: '2026-11-27',
      firstHalf: {
        ...ZERO_SCORES,
        broughtIn: 2,
        contracted: 600,
        fundsArrived: 100,
        tasksCompleted: 4,
        tasksOnTime: 3,
      },
      secondHalf: {
        ...ZERO_SCORES,
        broughtIn: 1,
        contracted: 150,
        fundsArrived: 200,
        tasksCompleted: 4,
        tasksOnTime: 4,
      },
    });
    expect(score.totals).toEqual({
      broughtIn: 3,
      contracted: 750,
      fundsArrived: 300,
      tasksCompleted: 8,
      tasksOnTime: 7,
      exited: 0,
      revived: 0,
    });
    expect(score.target).toEqual(target);
    expect(score.contractedShare).toBe(0.75);
    expect(score.fundsShare).toBe(0.75);
    // Funds were only 100 of 400 by 30 June: the mid-year check failed even though the year caught up.
    expect(score.halfway).toBe('failed');
    expect(score.onTimeRate).toBe(0.875);
  });

  it('shows no shares without a target for the year', () => {
    const score = departmentScore({
      department: { id: 'd', name: 'x', targets: [] },
      year: 2026,
      today: '2026-03-01',
      firstHalf: ZERO_SCORES,
      secondHalf: ZERO_SCORES,
    });
    expect([score.contractedShare, score.fundsShare, score.onTimeRate, score.halfway]).toEqual([
      null,
      null,
      null,
      'noTarget',
    ]);
  });
});
