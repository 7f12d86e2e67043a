import type { Department, Staff } from '../domain/organisation.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { Sheet } from '../spreadsheets/workbook.ts';
import { columnHeading, LEDGER_COLUMNS } from './columns.ts';
import { ledgerWords } from './words.ts';

/** The example row's project name in each language: a ledger uploaded with it still in is refused on that row. */
export const EXAMPLE_NAMES: ReadonlySet<string> = new Set([
  '示例科技有限公司',
  'Example Technology Co., Ltd.',
]);

/** An empty ledger with the headings in the reader's language and one example row filled from the zone itself. */
export function ledgerTemplate(
  locale: Locale,
  example: { department?: Department; person: Staff; today: string },
): Sheet {
  const en = locale === 'en';
  const words = ledgerWords(locale);
  const sample: Record<string, string | number> = {
    seq: 1,
    name: en ? 'Example Technology Co., Ltd.' : '示例科技有限公司', // one of EXAMPLE_NAMES
    investor: en ? 'Example Group' : '示例集团',
    projectType: words.projectType('industrial'),
    industryChain: en ? 'New materials' : '新材料',
    construction: en ? 'A new-materials plant, 50,000 m²' : '新建新材料生产基地，建筑面积 5 万平方米',
    contractedInvestment: 50000,
    fixedAssetInvestment: 40000,
    registeredCapital: 10000,
    landMu: 120.5,
    signingForm: en ? 'On-site signing' : '现场签约',
    signedAt: example.today,
    fundsOrigin: words.fundsOrigin('outOfProvince'),
    originPlace: en ? 'Shenzhen, Guangdong' : '广东深圳',
    investorTags: words.investorTags(['china500', 'listed']),
    leadDepartment: example.department ? (en && example.department.nameEn) || example.department.name : '',
    // People by name, within the department (an email names one person where two share a name).
    leadStaff: example.person.name,
    officer: example.person.name,
    sponsorLeader: en ? 'Deputy Director Zhou' : '周副主任',
    contactName: en ? 'Li Ming' : '李明',
    contactPhone: '13800138000',
    contactEmail: 'contact@example.cn',
    fundsInPlace: 0,
    progressNote: en ? 'Contract signed; company registration under way' : '已签约，正在办理工商注册',
    problems: en ? 'None' : '暂无',
    nextSteps: en ? 'Help with the site survey' : '协助开展选址踏勘',
  };
  return {
    name: en ? 'Ledger' : '项目台账',
    columns: LEDGER_COLUMNS.map((c) => ({ header: columnHeading(c, locale) })),
    rows: [LEDGER_COLUMNS.map((c) => sample[c.key] ?? null)],
  };
}
