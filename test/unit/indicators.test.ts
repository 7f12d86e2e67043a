import { describe, expect, it } from 'vitest';
import { createCalendar } from '#shared/calendar/working-days.ts';
import { milestoneAdds, reportAdds, signingAdds } from '#shared/domain/indicators.ts';
import { AnnualTarget } from '#shared/domain/organisation.ts';
import { closesAt, isClosed, isLate, monthsOf, periodOf } from '#shared/scoreboard/periods.ts';
import { indicatorProgress, places, rankBy, toUsdWan } from '#shared/scoreboard/progress.ts';
import { ScoreboardQuery, zoneTargetsOf } from '#shared/scoreboard/scoreboard.ts';
import { SetTarget, SetUsdRate } from '#shared/scoreboard/targets.ts';
import { type ScoreCounters, ZERO_SCORES } from '#shared/store/scores.ts';

const cal = createCalendar();
const counters = (c: Partial<ScoreCounters>): ScoreCounters => ({ ...ZERO_SCORES, ...c });
const year2026 = (byMonth: Record<number, Partial<ScoreCounters>>) =>
  monthsOf(2026).map((month, i) => ({ month, counters: counters(byMonth[i + 1] ?? {}) }));
const progress = (input: {
  byMonth: Record<number, Partial<ScoreCounters>>;
  targets: Partial<Record<string, number>>;
  atMonth?: string;
  closedThrough?: string;
  usdRate?: number;
}) =>
  indicatorProgress({
    months: year2026(input.byMonth),
    targets: input.targets,
    atMonth: input.atMonth ?? '2026-12',
    closed: (m) => m <= (input.closedThrough ?? ''),
    usdRate: input.usdRate,
  });
const one = (list: ReturnType<typeof progress>, key: string) => {
  const found = list.find((i) => i.key === key);
  if (!found) throw new Error(key);
  return found;
};

describe('periods', () => {
  it('counts a date in its month, and a year has twelve', () => {
    expect(periodOf('2026-01-31')).toBe('2026-01');
    expect(periodOf('2026-12-01')).toBe('2026-12');
    expect(monthsOf(2027)).toEqual([
      '2027-01',
      '2027-02',
      '2027-03',
      '2027-04',
      '2027-05',
      '2027-06',
      '2027-07',
      '2027-08',
      '2027-09',
      '2027-10',
      '2027-11',
      '2027-12',
    ]);
  });

  it('closes a month at close of business on the fifth working day of the next, holidays skipped', () => {
    // June 2026: 1 July is a Wednesday; the fifth working day is Tuesday 7 July, 17:30 in Shanghai.
    expect(closesAt(cal, '2026-06').toISOString()).toBe('2026-07-07T09:30:00.000Z');
    // September 2026: 1–7 October are the National Day holiday, Saturday 10 October is a make-up workday.
    expect(closesAt(cal, '2026-09').toISOString()).toBe('2026-10-13T09:30:00.000Z');
    // December closes in the next year (1 January 2027 is a holiday).
    expect(closesAt(cal, '2026-12').toISOString().slice(0, 10)).toBe('2027-01-08');
  });

  it('calls a report late only after its month closed', () => {
    expect(isLate(cal, '2026-06-20', new Date('2026-07-07T09:29:59Z'))).toBe(false);
    expect(isLate(cal, '2026-06-20', new Date('2026-07-07T09:30:01Z'))).toBe(true);
    expect(isClosed(cal, '2026-06', new Date('2026-07-08T00:00:00Z'))).toBe(true);
    expect(isClosed(cal, '2026-07', new Date('2026-07-08T00:00:00Z'))).toBe(false);
  });
});

describe('what counts where', () => {
  it('counts a signing by size tier, industrial 5亿, 500强 and 上市', () => {
    const e = (money: number, projectType: 'industrial' | 'service', tags: string[] = []) =>
      signingAdds({ contractedInvestment: money, projectType, profile: { investorTags: tags as never } });
    expect(e(9_999, 'industrial')).toEqual({ broughtIn: 1, contracted: 9_999 });
    expect(e(10_000, 'industrial')).toEqual({ broughtIn: 1, contracted: 10_000, over100m: 1 });
    expect(e(50_000, 'industrial')).toEqual({
      broughtIn: 1,
      contracted: 50_000,
      over100m: 1,
      industrialOver500m: 1,
    });
    expect(e(50_000, 'service')).toEqual({ broughtIn: 1, contracted: 50_000, over100m: 1 });
    expect(e(100_000, 'service', ['global500', 'listed'])).toEqual({
      broughtIn: 1,
      contracted: 100_000,
      over100m: 1,
      over1b: 1,
      top500: 1,
      listed: 1,
    });
    expect(e(1, 'service', ['listed'])).toEqual({ broughtIn: 1, contracted: 1, listed: 1 });
  });

  it('counts funds by origin: 省外 is also 市外, 外资 apart, 市内 in neither', () => {
    const f = (fundsOrigin?: 'local' | 'outOfCity' | 'outOfProvince' | 'foreign') =>
      reportAdds({ profile: fundsOrigin ? { fundsOrigin } : {} }, 'funds', 300, false);
    expect(f()).toEqual({ fundsArrived: 300 });
    expect(f('local')).toEqual({ fundsArrived: 300 });
    expect(f('outOfCity')).toEqual({ fundsArrived: 300, outOfCityFunds: 300 });
    expect(f('outOfProvince')).toEqual({ fundsArrived: 300, outOfCityFunds: 300, outOfProvinceFunds: 300 });
    expect(f('foreign')).toEqual({ fundsArrived: 300, foreignFunds: 300 });
  });

  it('keeps a late report on the Late counters, and other kinds on their own indicator', () => {
    expect(reportAdds({ profile: { fundsOrigin: 'foreign' } }, 'funds', 5, true)).toEqual({
      fundsArrivedLate: 5,
      foreignFundsLate: 5,
    });
    expect(reportAdds({ profile: { fundsOrigin: 'foreign' } }, 'fixedAssets', 7, false)).toEqual({
      fixedAssets: 7,
    });
    expect(reportAdds({ profile: {} }, 'capital', 9, true)).toEqual({ capitalPaidLate: 9 });
  });

  it('counts the stages 开工, 竣工, 投产, 纳统 and no other milestone', () => {
    expect(milestoneAdds('constructionStarted')).toEqual({ reachedConstructionStarted: 1 });
    expect(milestoneAdds('inStatistics')).toEqual({ reachedInStatistics: 1 });
    expect(milestoneAdds('registered')).toEqual({});
  });
});

describe('双过半, each indicator on its own', () => {
  it('passes one indicator and fails another: not "both together"', () => {
    const list = progress({
      byMonth: { 3: { contracted: 600 }, 6: { fundsArrived: 100 }, 9: { fundsArrived: 300 } },
      targets: { contracted: 1000, fundsArrived: 400 },
      closedThrough: '2026-10',
    });
    expect(one(list, 'contracted').halfway).toBe('passed');
    // Funds were 100 of 400 by 30 June: failed, although the year caught up (400).
    expect(one(list, 'fundsArrived')).toMatchObject({
      halfway: 'failed',
      firstHalf: 100,
      achieved: 400,
      share: 1,
    });
    expect(one(list, 'broughtIn').halfway).toBe('noTarget');
  });

  it('needs at least half of an odd target, and is pending until June closes', () => {
    const at = (amount: number, closedThrough: string) =>
      one(
        progress({ byMonth: { 6: { contracted: amount } }, targets: { contracted: 1001 }, closedThrough }),
        'contracted',
      ).halfway;
    expect(at(500, '2026-05')).toBe('pending');
    expect(at(500, '2026-06')).toBe('failed');
    expect(at(501, '2026-05')).toBe('passed');
  });

  it('leaves a late report out of the closed half-year, and keeps it in the year', () => {
    const list = progress({
      byMonth: { 5: { fundsArrived: 150, fundsArrivedLate: 100 } },
      targets: { fundsArrived: 400 },
      closedThrough: '2026-10',
    });
    expect(one(list, 'fundsArrived')).toMatchObject({
      firstHalf: 150,
      halfway: 'failed',
      achieved: 250,
      late: 100,
    });
  });
});

describe('序时进度', () => {
  it('compares the cumulative amount with the time-proportional target, month by month', () => {
    const list = progress({
      byMonth: { 1: { contracted: 100 }, 2: { contracted: 50 }, 4: { contracted: 200 } },
      targets: { contracted: 1200 },
      atMonth: '2026-03',
    });
    const c = one(list, 'contracted');
    expect(c.months.slice(0, 4).map((m) => [m.cumulative, m.expected, m.schedule])).toEqual([
      [100, 100, 'ahead'],
      [150, 200, 'behind'],
      [150, 300, 'behind'],
      [350, 400, 'behind'],
    ]);
    expect(c.atMonth).toMatchObject({ month: '2026-03', cumulative: 150, expected: 300, rate: 0.5 });
  });

  it('keeps late reports out of a closed month and counts them in an open one', () => {
    const c = one(
      progress({
        byMonth: { 2: { fundsArrived: 10, fundsArrivedLate: 5 } },
        targets: { fundsArrived: 120 },
        closedThrough: '2026-02',
      }),
      'fundsArrived',
    );
    expect(c.months[1]).toMatchObject({ cumulative: 10, late: 5, amount: 15 });
    expect(c.months[2]).toMatchObject({ cumulative: 15 });
  });

  it('shows 外资 in 万美元 at the year’s rate, and nothing without one', () => {
    const list = progress({
      byMonth: { 1: { foreignFunds: 710 } },
      targets: { foreignFunds: 1200 },
      usdRate: 7.1,
    });
    expect(one(list, 'foreignFunds')).toMatchObject({ achieved: 100, unit: 'usdWan', target: 1200 });
    expect(toUsdWan(100, undefined)).toBeNull();
    // Without a rate nothing is judged: not "failed" or "behind" on a zero.
    const noRate = one(
      progress({
        byMonth: { 1: { foreignFunds: 710 } },
        targets: { foreignFunds: 1200 },
        closedThrough: '2026-10',
      }),
      'foreignFunds',
    );
    expect(noRate).toMatchObject({ halfway: 'noTarget', target: null });
    expect(noRate.atMonth.schedule).toBe('noTarget');
  });

  it('ranks departments by 序时完成率, those without a target last by amount', () => {
    const row = (id: string, amount: number, target?: number) => ({
      id,
      indicators: progress({
        byMonth: { 1: { contracted: amount } },
        targets: target ? { contracted: target } : {},
        atMonth: '2026-06',
      }),
    });
    const ranked = rankBy(
      [row('a', 100, 1200), row('b', 9000), row('c', 600, 1200), row('d', 10)],
      'contracted',
    );
    expect(ranked.map((r) => r.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(places(ranked, 'contracted')).toEqual([1, 2, 3, 4]);
  });

  it('gives departments level on the indicator the same place (1, 1, 3…)', () => {
    const row = (id: string, amount: number) => ({
      id,
      indicators: progress({
        byMonth: { 1: { contracted: amount } },
        targets: { contracted: 1200 },
        atMonth: '2026-03',
      }),
    });
    const ranked = rankBy([row('a', 0), row('b', 300), row('c', 0), row('d', 0)], 'contracted');
    expect(ranked[0]!.id).toBe('b');
    expect(places(ranked, 'contracted')).toEqual([1, 2, 2, 2]);
  });
});

describe('targets and the query', () => {
  it('gives the zone a target only where every department has one, added up', () => {
    expect(zoneTargetsOf([{ contracted: 100, top500: 1 }, { contracted: 50 }])).toEqual({ contracted: 150 });
    expect(zoneTargetsOf([])).toEqual({});
  });

  it('reads targets stored with the two old fields as the new indicators', () => {
    expect(AnnualTarget.parse({ year: 2026, contractedInvestment: 10, fundsInPlace: 4 })).toEqual({
      year: 2026,
      values: { contracted: 10, fundsArrived: 4 },
    });
  });

  it('takes a target per indicator from a form: empty is none, unknown indicators refused', () => {
    expect(
      SetTarget.parse({
        departmentId: '01JD0000000000000000000000',
        year: '2026',
        values: { contracted: '100', top500: '' },
      }).values,
    ).toEqual({
      contracted: 100,
      top500: undefined,
    });
    expect(
      SetTarget.safeParse({ departmentId: '01JD0000000000000000000000', year: 2026, values: { nope: 1 } })
        .success,
    ).toBe(false);
    expect(
      SetTarget.safeParse({
        departmentId: '01JD0000000000000000000000',
        year: 2026,
        values: { contracted: '1.5' },
      }).success,
    ).toBe(false);
    // Plain digits only: Number() alone reads '0x10' as 16 and '1e3' as 1000.
    for (const odd of ['0x10', '1e3', '-5', '1 000'])
      expect(
        SetTarget.safeParse({
          departmentId: '01JD0000000000000000000000',
          year: 2026,
          values: { contracted: odd },
        }).success,
        odd,
      ).toBe(false);
  });

  it('takes a rate between 1 and 20 with at most two decimals', () => {
    expect(SetUsdRate.parse({ year: '2026', usdRate: '7.10' }).usdRate).toBe(7.1);
    expect(SetUsdRate.safeParse({ year: 2026, usdRate: '7.105' }).success).toBe(false);
    expect(SetUsdRate.safeParse({ year: 2026, usdRate: '0' }).success).toBe(false);
  });

  it('takes a year, a month and an indicator to rank by', () => {
    expect(ScoreboardQuery.parse({ year: '2026', month: '3', rank: 'top500' })).toEqual({
      year: 2026,
      month: 3,
      rank: 'top500',
    });
    expect(ScoreboardQuery.safeParse({ month: '13' }).success).toBe(false);
    expect(ScoreboardQuery.safeParse({ rank: 'x' }).success).toBe(false);
  });
});
