import type { Enterprise } from './enterprise.ts';
import { type FundsOrigin, isListed, isTop500 } from './project-profile.ts';
import type { Milestone } from './stage.ts';

/**
 * What a zone is assessed on, one list: each indicator, its unit and the counter it reads. Money is in 万元; `usdWan`
 * is money kept in 万元 and shown in 万美元 at the year's rate (外资). Counts are projects.
 *
 * - `contracted` 合同投资额 and the project counts (`signed`, the size tiers, 500强, 上市) count in the month of signing;
 * - `fundsArrived` 到位资金, `fixedAssets` 固定资产投资, `capitalPaid` 注册资本到账 and the origin money count in the
 *   month of their evidence (a verified report, `reported`): a report made after its month closed is kept apart
 *   (the counter's `Late` twin) so that a closed period's result does not change silently;
 * - the stage counts (`reached…`) in the month the milestone was reached.
 */
export const INDICATORS = [
  { key: 'contracted', unit: 'wan' },
  { key: 'fundsArrived', unit: 'wan', reported: true },
  { key: 'fixedAssets', unit: 'wan', reported: true },
  { key: 'capitalPaid', unit: 'wan', reported: true },
  { key: 'outOfProvinceFunds', unit: 'wan', reported: true },
  { key: 'outOfCityFunds', unit: 'wan', reported: true },
  { key: 'foreignFunds', unit: 'usdWan', reported: true },
  { key: 'broughtIn', unit: 'count' },
  { key: 'over100m', unit: 'count' },
  { key: 'over1b', unit: 'count' },
  { key: 'industrialOver500m', unit: 'count' },
  { key: 'top500', unit: 'count' },
  { key: 'listed', unit: 'count' },
  { key: 'reachedConstructionStarted', unit: 'count' },
  { key: 'reachedConstructionCompleted', unit: 'count' },
  { key: 'reachedOperating', unit: 'count' },
  { key: 'reachedInStatistics', unit: 'count' },
] as const satisfies readonly { key: string; unit: 'wan' | 'usdWan' | 'count'; reported?: true }[];

export type IndicatorKey = (typeof INDICATORS)[number]['key'];
export const INDICATOR_KEYS = INDICATORS.map((i) => i.key) as IndicatorKey[];
export type Indicator = (typeof INDICATORS)[number];

/** The indicators credited from verified reports (money with evidence), each with a `Late` twin counter. */
export const REPORTED_INDICATORS = INDICATORS.filter((i) => 'reported' in i).map((i) => i.key);
export type ReportedIndicator = (typeof REPORTED_INDICATORS)[number];
export type LateCounter = `${ReportedIndicator}Late`;
export const LATE_COUNTERS = REPORTED_INDICATORS.map((k) => `${k}Late` as LateCounter);

/** The stage counts: which milestone each counts. */
export const STAGE_INDICATORS: Partial<Record<Milestone, IndicatorKey>> = {
  constructionStarted: 'reachedConstructionStarted',
  constructionCompleted: 'reachedConstructionCompleted',
  operating: 'reachedOperating',
  inStatistics: 'reachedInStatistics',
};

/** Size tiers, by contracted investment in 万元: 亿元以上, 10亿元以上, and 5亿元以上 for industrial projects. */
export const TIERS = { over100m: 10_000, over1b: 100_000, industrialOver500m: 50_000 } as const;

type Adds = Partial<Record<IndicatorKey | LateCounter, number>>;

/** What a signing adds (in the month of signing): the project, its money, its tier and investor counts. */
export function signingAdds(
  enterprise: Pick<Enterprise, 'contractedInvestment' | 'projectType' | 'profile'>,
): Adds {
  const money = enterprise.contractedInvestment;
  const adds: Adds = { broughtIn: 1, contracted: money };
  if (money >= TIERS.over100m) adds.over100m = 1;
  if (money >= TIERS.over1b) adds.over1b = 1;
  if (money >= TIERS.industrialOver500m && enterprise.projectType === 'industrial')
    adds.industrialOver500m = 1;
  if (isTop500(enterprise.profile)) adds.top500 = 1;
  if (isListed(enterprise.profile)) adds.listed = 1;
  return adds;
}

/** What a signing taken back adds (a negative signing, e.g. a registration undone): every count the other way. */
export const negate = (adds: Adds): Adds =>
  Object.fromEntries(Object.entries(adds).map(([k, v]) => [k, -(v ?? 0)])) as Adds;

/** The kinds of amount a report brings (到位资金, 固定资产投资完成额, 注册资本到账). */
export const REPORT_KINDS = ['funds', 'fixedAssets', 'capital'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

const ORIGIN_INDICATOR: Record<FundsOrigin, ReportedIndicator[]> = {
  local: [],
  outOfCity: ['outOfCityFunds'],
  outOfProvince: ['outOfCityFunds', 'outOfProvinceFunds'],
  foreign: ['foreignFunds'],
};

/**
 * What a verified report adds (in the month of its evidence date): funds in place also count by the enterprise's
 * origin (省外, 市外, 外资). `late`: made after that month closed, so credited to the `Late` twins instead.
 */
export function reportAdds(
  enterprise: Pick<Enterprise, 'profile'>,
  kind: ReportKind,
  amount: number,
  late: boolean,
): Adds {
  const keys: ReportedIndicator[] =
    kind === 'fixedAssets'
      ? ['fixedAssets']
      : kind === 'capital'
        ? ['capitalPaid']
        : [
            'fundsArrived',
            ...(enterprise.profile?.fundsOrigin ? ORIGIN_INDICATOR[enterprise.profile.fundsOrigin] : []),
          ];
  return Object.fromEntries(keys.map((k) => [late ? `${k}Late` : k, amount])) as Adds;
}

/** What reaching a milestone adds (in the month it was reached): one project for the stage counts that have it. */
export function milestoneAdds(milestone: Milestone): Adds {
  const key = STAGE_INDICATORS[milestone];
  return key ? { [key]: 1 } : {};
}
