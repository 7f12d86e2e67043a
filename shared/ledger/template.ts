import type { Department, Staff } from '../domain/organisation.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { Sheet } from '../spreadsheets/workbook.ts';
import { columnHeading, LEDGER_COLUMNS } from './columns.ts';

/** An empty ledger with the headings in the reader's language and one example row filled from the zone itself. */
export function ledgerTemplate(
  locale: Locale,
  example: { department?: Department; person: Staff; today: string },
): Sheet {
  const sample: Record<string, string | number> = {
    name: locale === 'en' ? 'Example Technology Co., Ltd.' : '示例科技有限公司',
    investor: locale === 'en' ? 'Example Group' : '示例集团',
    industryChain: locale === 'en' ? 'New materials' : '新材料',
    contractedInvestment: 50000,
    signedAt: example.today,
    leadDepartment: example.department
      ? (locale === 'en' && example.department.nameEn) || example.department.name
      : '',
    leadStaff: example.person.email,
    officer: example.person.email,
    contactName: locale === 'en' ? 'Li Ming' : '李明',
    contactPhone: '13800138000',
    contactEmail: 'contact@example.cn',
    fundsInPlace: 0,
  };
  return {
    name: locale === 'en' ? 'Ledger' : '项目台账',
    columns: LEDGER_COLUMNS.map((c) => ({ header: columnHeading(c, locale) })),
    rows: [LEDGER_COLUMNS.map((c) => sample[c.key] ?? null)],
  };
}
