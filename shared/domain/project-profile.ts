import { z } from 'zod';
import { msg, Text, Wan } from './primitives.ts';

/**
 * Who the investor is, as assessments count it: 世界500强, 中国500强, 中国民营企业500强 (any of the three is "500强"), and
 * 上市公司 (listed at home or abroad). An investor may be several.
 */
export const INVESTOR_TAGS = ['global500', 'china500', 'privateChina500', 'listed'] as const;
export const InvestorTag = z.enum(INVESTOR_TAGS, { error: msg('investorTag.invalid') });
export type InvestorTag = z.infer<typeof InvestorTag>;

/**
 * Where the money comes from (资金来源), as the origin indicators count it: `local` 市内, `outOfCity` 省内市外,
 * `outOfProvince` 省外 (境内), `foreign` 境外 (外资, reported in 万美元 at the year's rate). The indicators: 省外资金 =
 * outOfProvince; 市外资金 = outOfCity + outOfProvince (境内市外, the way 市外境内资金 is counted); 外资 = foreign.
 */
export const FUNDS_ORIGINS = ['local', 'outOfCity', 'outOfProvince', 'foreign'] as const;
export const FundsOrigin = z.enum(FUNDS_ORIGINS, { error: msg('fundsOrigin.invalid') });
export type FundsOrigin = z.infer<typeof FundsOrigin>;

/** 用地 in 亩, to one decimal (a project's land, as the 台账 gives it); at most 100,000 亩. */
export const Mu = z
  .number({ error: msg('mu.invalid') })
  .min(0, { error: msg('mu.invalid') })
  .max(100_000, { error: msg('mu.invalid') })
  .transform((v) => Math.round(v * 10) / 10);

/**
 * What a zone's 项目台账 says about a project beyond its name, investor and money: the columns every ledger has. All
 * optional: a project registered from the form may have none of them yet. 总投资 is the enterprise's
 * `contractedInvestment` (合同投资额), not a field here.
 */
export const ProjectProfile = z.object({
  /** 固定资产投资 (planned), 万元. */
  fixedAssetInvestment: Wan.optional(),
  /** 注册资本, 万元 (its arrival is reported like funds in place). */
  registeredCapital: Wan.optional(),
  /** 用地（亩）. */
  landMu: Mu.optional(),
  /** 建设内容. */
  construction: Text(500).optional(),
  /** 签约形式, as the zone writes it (集中签约, 现场签约, 视频签约, 框架协议…). */
  signingForm: Text(20).optional(),
  fundsOrigin: FundsOrigin.optional(),
  /** 资金来源地: the place (e.g. 广东深圳, 新加坡). */
  originPlace: Text(40).optional(),
  investorTags: z.array(InvestorTag).max(INVESTOR_TAGS.length).optional(),
  /** 包保领导: the zone leader who answers for the project (a name: often not a user of the system). */
  sponsorLeader: Text(40).optional(),
  /** 当前进展, 存在问题, 下步措施: the ledger's three running notes. */
  progressNote: Text(500).optional(),
  problems: Text(500).optional(),
  nextSteps: Text(500).optional(),
});
export type ProjectProfile = z.infer<typeof ProjectProfile>;

/** Whether the investor counts as 500强 (any of the three lists). */
export const isTop500 = (profile: ProjectProfile | undefined): boolean =>
  (profile?.investorTags ?? []).some((t) => t !== 'listed');

export const isListed = (profile: ProjectProfile | undefined): boolean =>
  (profile?.investorTags ?? []).includes('listed');
