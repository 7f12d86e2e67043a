import type { Deps } from '#shared/deps.ts';
import type { Approval } from '#shared/domain/lifecycle.ts';
import type { Department, Staff } from '#shared/domain/organisation.ts';
import type { ProjectProfile } from '#shared/domain/project-profile.ts';
import { MILESTONES, type Stage, stageIndex } from '#shared/domain/stage.ts';
import { exitProject } from '#shared/enterprises/exit.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { assessLead } from '#shared/leads/assess.ts';
import { registerLead } from '#shared/leads/register.ts';
import { setApprovalRouting } from '#shared/lifecycle/approval-routing.ts';
import { setNeedRoutingSettings } from '#shared/needs/routing.ts';
import { createDepartment, createStaff } from '#shared/organisation/create.ts';
import { setUsdRate } from '#shared/scoreboard/targets.ts';
import { listDepartments } from '#shared/store/organisation.ts';

const by = { actor: { kind: 'system' as const }, channel: 'import' as const };

const DEPARTMENTS = [
  { name: '招商一局', nameEn: 'Investment Bureau I', contracted: 600_000, funds: 240_000 },
  { name: '招商二局', nameEn: 'Investment Bureau II', contracted: 500_000, funds: 200_000 },
  { name: '企业服务局', nameEn: 'Enterprise Services Bureau', contracted: 200_000, funds: 80_000 },
  { name: '规划建设局', nameEn: 'Planning and Construction Bureau', contracted: 150_000, funds: 60_000 },
  { name: '经济发展局', nameEn: 'Economic Development Bureau', contracted: 300_000, funds: 120_000 },
];

/** [name, email local part, department index, role] — one manager, five heads, fifteen officers. */
const STAFF: [string, string, number, Staff['role']][] = [
  ['陈志远', 'chen.zhiyuan', 4, 'manager'],
  ['王芳', 'wang.fang', 0, 'departmentHead'],
  ['李强', 'li.qiang', 1, 'departmentHead'],
  ['张伟', 'zhang.wei', 2, 'departmentHead'],
  ['刘洋', 'liu.yang', 3, 'departmentHead'],
  ['杨帆', 'yang.fan', 4, 'departmentHead'],
  ['陈静', 'chen.jing', 0, 'officer'],
  ['赵磊', 'zhao.lei', 0, 'officer'],
  ['黄丽', 'huang.li', 0, 'officer'],
  ['周杰', 'zhou.jie', 1, 'officer'],
  ['吴敏', 'wu.min', 1, 'officer'],
  ['徐涛', 'xu.tao', 1, 'officer'],
  ['孙悦', 'sun.yue', 2, 'officer'],
  ['马超', 'ma.chao', 2, 'officer'],
  ['朱琳', 'zhu.lin', 2, 'officer'],
  ['胡斌', 'hu.bin', 3, 'officer'],
  ['郭婷', 'guo.ting', 3, 'officer'],
  ['何平', 'he.ping', 4, 'officer'],
  ['高翔', 'gao.xiang', 4, 'officer'],
  ['林晓', 'lin.xiao', 4, 'officer'],
  ['罗成', 'luo.cheng', 2, 'officer'],
];

/**
 * Demo people on other channels (the local outbox shows their WeCom, DingTalk and SMS messages). The demo manager
 * stays on email, and sign-in links always go by email, so signing in from the outbox works for everyone.
 */
const DEMO_CHANNELS: Record<
  string,
  Partial<Pick<Staff, 'phone' | 'channel' | 'wecomUserId' | 'dingtalkUserId'>>
> = {
  'li.qiang': { channel: 'wecom', wecomUserId: 'LiQiang', phone: '13900139001' },
  'zhou.jie': { channel: 'dingtalk', dingtalkUserId: 'zhoujie01', phone: '13900139002' },
  'wu.min': { channel: 'sms', phone: '13900139003' },
};

interface SeedEnterprise {
  name: string;
  investor: string;
  industry: string;
  contracted: number;
  funds: number;
  stage: Stage;
  /** Working days from today to the next milestone's planned date (negative: already overdue). */
  nextDue?: number;
  /** Site secured, approvals running: those granted (working days ago) and those planned (working days from today). */
  approvals?: Partial<Record<Approval, { grantedDaysAgo?: number; dueIn?: number }>>;
  officer: number;
  lead: number;
  contact: [string, string];
}

const ENTERPRISES: SeedEnterprise[] = [
  {
    name: '芯途半导体（高新区）有限公司',
    investor: '芯途科技集团',
    industry: '集成电路',
    contracted: 120_000,
    funds: 30_000,
    stage: 'siteSecured',
    nextDue: 40,
    // Three approvals granted; 环评 is late, 施工许可 due within two working days.
    approvals: {
      projectFiling: { grantedDaysAgo: 12 },
      planningPermit: { grantedDaysAgo: 6 },
      energy: { grantedDaysAgo: 3 },
      environmental: { dueIn: -6 },
      constructionPermit: { dueIn: 2 },
    },
    officer: 6,
    lead: 1,
    contact: ['沈一鸣', '13800138001'],
  },
  {
    name: '博瑞生物医药有限公司',
    investor: '博瑞医药控股',
    industry: '生物医药',
    contracted: 50_000,
    funds: 5_000,
    stage: 'registered',
    nextDue: 1,
    officer: 9,
    lead: 2,
    contact: ['许婉清', '13800138002'],
  },
  {
    name: '清源新能源电池有限公司',
    investor: '清源能源股份',
    industry: '新能源',
    contracted: 300_000,
    funds: 120_000,
    stage: 'capacityReached',
    nextDue: 80,
    officer: 7,
    lead: 6,
    contact: ['韩立', '13800138003'],
  },
  {
    name: '智造精工机器人有限公司',
    investor: '精工智能装备集团',
    industry: '智能制造',
    contracted: 28_000,
    funds: 0,
    stage: 'signed',
    nextDue: -2,
    officer: 10,
    lead: 9,
    contact: ['邓子昂', '13800138004'],
  },
  {
    name: '华数云计算数据中心有限公司',
    investor: '华数信息集团',
    industry: '数字经济',
    contracted: 80_000,
    funds: 64_000,
    stage: 'constructionCompleted',
    nextDue: 2,
    officer: 17,
    lead: 5,
    contact: ['顾北辰', '13800138005'],
  },
  {
    name: '恒新材料科技有限公司',
    investor: '恒新实业',
    industry: '新材料',
    contracted: 35_000,
    funds: 35_000,
    stage: 'inStatistics',
    officer: 12,
    lead: 3,
    contact: ['吕思远', '13800138006'],
  },
  {
    name: '启明光电有限公司',
    investor: '启明半导体',
    industry: '集成电路',
    contracted: 60_000,
    funds: 0,
    stage: 'signed',
    nextDue: 12,
    officer: 8,
    lead: 7,
    contact: ['苏明哲', '13800138007'],
  },
  {
    name: '康泰医疗器械有限公司',
    investor: '康泰健康产业集团',
    industry: '生物医药',
    contracted: 15_000,
    funds: 4_500,
    stage: 'siteSecured',
    nextDue: -12,
    // Every approval granted: construction is what is late.
    approvals: {
      projectFiling: { grantedDaysAgo: 14 },
      planningPermit: { grantedDaysAgo: 13 },
      constructionPermit: { grantedDaysAgo: 12 },
      environmental: { grantedDaysAgo: 12 },
      energy: { grantedDaysAgo: 11 },
    },
    officer: 11,
    lead: 10,
    contact: ['蒋雨桐', '13800138008'],
  },
  {
    name: '绿能氢动力科技有限公司',
    investor: '绿能集团',
    industry: '新能源',
    contracted: 90_000,
    funds: 9_000,
    stage: 'registered',
    nextDue: 25,
    officer: 18,
    lead: 17,
    contact: ['陆远航', '13800138009'],
  },
  {
    name: '星链智能网联汽车零部件有限公司',
    investor: '星链汽车科技',
    industry: '智能制造',
    contracted: 45_000,
    funds: 22_000,
    stage: 'constructionStarted',
    nextDue: -3,
    officer: 15,
    lead: 4,
    contact: ['魏嘉言', '13800138010'],
  },
  {
    name: '数安信息技术有限公司',
    investor: '数安网络安全',
    industry: '数字经济',
    contracted: 8_000,
    funds: 1_000,
    stage: 'signed',
    nextDue: 1,
    officer: 19,
    lead: 18,
    contact: ['秦子墨', '13800138011'],
  },
  {
    name: '卓越复合材料有限公司',
    investor: '卓越新材集团',
    industry: '新材料',
    contracted: 22_000,
    funds: 22_000,
    stage: 'operating',
    nextDue: 60,
    officer: 13,
    lead: 12,
    contact: ['彭安然', '13800138012'],
  },
];

export const DEMO_DOMAIN = 'hitech-zone.example.cn';

/** The enterprises the demo zone has: the signed projects, and the lead accepted into talks. */
export const SEEDED_ENTERPRISES = ENTERPRISES.length + 1;

/**
 * A department's demo targets for the year: its money, and counts in proportion (a zone assesses each indicator on
 * its own, 双过半 and 序时进度 alike). 外资 in 万美元.
 */
function demoTargets(contracted: number, funds: number): Record<string, number> {
  return {
    contracted,
    fundsArrived: funds,
    fixedAssets: Math.round(funds * 0.6),
    capitalPaid: Math.round(funds * 0.2),
    outOfProvinceFunds: Math.round(funds * 0.4),
    outOfCityFunds: Math.round(funds * 0.5),
    foreignFunds: Math.round(funds / 7.1 / 10),
    broughtIn: Math.max(2, Math.round(contracted / 100_000)),
    over100m: Math.max(1, Math.round(contracted / 150_000)),
    over1b: contracted >= 300_000 ? 1 : 0,
    industrialOver500m: contracted >= 300_000 ? 1 : 0,
    top500: 1,
    reachedConstructionStarted: 2,
  };
}

/** Who the demo investors are and where their money comes from: by position in ENTERPRISES (the rest: 市内). */
const DEMO_PROFILES: ProjectProfile[] = [
  {
    fundsOrigin: 'outOfProvince',
    originPlace: '广东深圳',
    investorTags: ['listed'],
    sponsorLeader: '王副主任',
    signingForm: '集中签约',
  },
  {
    fundsOrigin: 'outOfProvince',
    originPlace: '上海',
    investorTags: ['china500', 'listed'],
    signingForm: '现场签约',
  },
  { fundsOrigin: 'foreign', originPlace: '新加坡', investorTags: ['global500'], signingForm: '视频签约' },
  { fundsOrigin: 'outOfCity', originPlace: '省内' },
];

/** On an empty database, load a realistic demo zone. Returns false (and writes nothing) if data exists. */
export async function seedIfEmpty(deps: Deps): Promise<boolean> {
  if ((await listDepartments(deps.db)).length > 0) return false;
  const { calendar, clock } = deps;
  const today = calendar.localDate(clock.now());
  const year = Number(today.slice(0, 4));

  const departments: Department[] = [];
  for (const d of DEPARTMENTS) {
    departments.push(
      await createDepartment(
        deps,
        {
          name: d.name,
          nameEn: d.nameEn,
          targets: [{ year, values: demoTargets(d.contracted, d.funds) }],
        },
        by,
      ),
    );
  }
  const staff: Staff[] = [];
  for (const [name, local, dept, role] of STAFF) {
    staff.push(
      await createStaff(
        deps,
        {
          name,
          email: `${local}@${DEMO_DOMAIN}`,
          role,
          departmentId: departments[dept]!.id,
          ...DEMO_CHANNELS[local],
        },
        by,
      ),
    );
  }

  // Approvals go to the departments that handle them (their heads hold the tasks; a blocked one's need goes there).
  await setApprovalRouting(
    deps,
    {
      projectFiling: departments[4]!.id,
      energy: departments[4]!.id,
      planningPermit: departments[3]!.id,
      constructionPermit: departments[3]!.id,
      environmental: departments[3]!.id,
    },
    by,
  );
  // Needs go to the departments that handle their category (their heads sign for them); the rest ("other") to the
  // coordinator, the zone's manager.
  await setNeedRoutingSettings(
    deps,
    {
      table: {
        permits: departments[4]!.id,
        financing: departments[4]!.id,
        incentives: departments[4]!.id,
        land: departments[3]!.id,
        utilities: departments[3]!.id,
        hiring: departments[2]!.id,
      },
      coordinatorId: staff[0]!.id,
    },
    by,
  );
  await setUsdRate(deps, { year, usdRate: 7.1 }, by);
  const ids = new Map<string, string>();
  for (const [index, s] of ENTERPRISES.entries()) {
    const officer = staff[s.officer]!;
    const lead = staff[s.lead]!;
    // Stages from signing on: 0 is signed, 1 registered…
    const reached = stageIndex(s.stage) - stageIndex('signed');
    // Walk back from today: each reached milestone happened some working days before the next.
    const actualDates: string[] = [];
    let cursor = calendar.addWorkingDays(today, -15);
    for (let i = reached; i >= 0; i--) {
      actualDates[i] = cursor;
      cursor = calendar.addWorkingDays(cursor, -20);
    }
    const planned: Record<string, string> = {};
    const actual: Record<string, string> = {};
    MILESTONES.forEach((m, i) => {
      const index = i + 1;
      if (index <= reached) planned[m] = actual[m] = actualDates[index]!;
      else if (index === reached + 1 && s.nextDue !== undefined)
        planned[m] = calendar.addWorkingDays(today, s.nextDue);
    });
    const registered = await registerEnterprise(
      deps,
      {
        name: s.name,
        investor: s.investor,
        industryChain: s.industry,
        contractedInvestment: s.contracted,
        signedAt: actualDates[0],
        lead: { departmentId: lead.departmentId, staffId: lead.id },
        serviceOfficerId: officer.id,
        contacts: [
          {
            name: s.contact[0],
            phone: s.contact[1],
            email: `contact${s.contact[1].slice(-2)}@enterprise.example.cn`,
            // One demo contact is told by SMS (the outbox shows it).
            ...(s.contact[1] === '13800138001' ? { channel: 'sms' as const } : {}),
          },
        ],
        planned,
        profile: DEMO_PROFILES[index] ?? { fundsOrigin: 'local' },
      },
      by,
      {
        progress: {
          stage: s.stage,
          stageSince: actualDates[reached]!,
          actual,
          fundsInPlace: s.funds,
          approvals: Object.fromEntries(
            Object.entries(s.approvals ?? {}).map(([a, v]) =>
              v.grantedDaysAgo !== undefined
                ? [a, { actual: calendar.addWorkingDays(today, -v.grantedDaysAgo) }]
                : [a, { planned: calendar.addWorkingDays(today, v.dueIn ?? 20) }],
            ),
          ),
        },
      },
    );
    ids.set(s.name, registered.id);
  }
  await seedLeads(deps, staff, ids);
  return true;
}

/**
 * 全民招商: three leads — one awaiting 研判, one flagged as the same investor registered again by someone else, and one
 * accepted into talks (its follow-up task with the negotiating officer) — and one signed project that stopped.
 */
async function seedLeads(deps: Deps, staff: Staff[], ids: Map<string, string>): Promise<void> {
  const as = (i: number) => ({
    actor: { kind: 'staff' as const, id: staff[i]!.id },
    channel: 'web' as const,
  });
  const lead = (investor: string, industryChain: string, expectedInvestment: number, phone: string) => ({
    investor,
    industryChain,
    source: 'businessReferral' as const,
    expectedInvestment,
    contact: { name: '联系人', phone, email: `lead${phone.slice(-2)}@investor.example.cn` },
  });
  await registerLead(deps, lead('远航储能科技集团有限公司', '新能源', 80_000, '13900139001'), as(9));
  const first = await registerLead(
    deps,
    {
      ...lead('蓝海智能装备股份有限公司', '智能制造', 50_000, '13900139002'),
      referrer: { name: '省商会 何会长' },
    },
    as(6),
  );
  // The same investor, registered a week later by another department: flagged for the head, not merged.
  await registerLead(deps, lead('蓝海智能装备（集团）', '智能制造', 50_000, '13900139003'), as(16));
  await assessLead(deps, first.id, { decision: 'accept', negotiatorId: staff[6]!.id }, as(1));

  // A signed project whose investor withdrew: stopped (退出), kept on record, counted on the pipeline.
  const stopped = ids.get('绿能氢动力科技有限公司');
  if (stopped)
    await exitProject(
      deps,
      stopped,
      {
        kind: 'withdrawn',
        reason: '投资方调整战略，撤回投资计划。',
        date: deps.calendar.localDate(deps.clock.now()),
      },
      as(0),
    );
}
