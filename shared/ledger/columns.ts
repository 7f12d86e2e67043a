import { MILESTONES, type Milestone } from '../domain/stage.ts';
import { type Locale, type MessageKey, translator } from '../i18n/i18n.ts';

/** A ledger (台账) column: the field it fills, and its heading in each language (either is accepted). */
export interface LedgerColumn {
  key: string;
  label: MessageKey;
  /** Headings of earlier templates, still read (合同投资额, 产业链, the people's email columns). */
  aliases?: MessageKey[];
  milestone?: { milestone: Milestone; kind: 'planned' | 'actual' };
  required?: boolean;
}

/** The columns zones keep in a 项目台账, in their order; the template, the check and the export share them. */
export const LEDGER_COLUMNS: LedgerColumn[] = [
  // 序号: read and ignored (a ledger's row numbers are the spreadsheet's).
  { key: 'seq', label: 'ledger.col.seq' },
  { key: 'name', label: 'ledger.col.name', required: true },
  { key: 'investor', label: 'ledger.col.investor', required: true },
  { key: 'projectType', label: 'ledger.col.projectType' },
  {
    key: 'industryChain',
    label: 'ledger.col.industry',
    aliases: ['ledger.col.industryChain'],
    required: true,
  },
  { key: 'construction', label: 'ledger.col.construction' },
  {
    key: 'contractedInvestment',
    label: 'ledger.col.totalInvestment',
    aliases: ['ledger.col.contractedInvestment'],
    required: true,
  },
  { key: 'fixedAssetInvestment', label: 'ledger.col.fixedAssetInvestment' },
  { key: 'registeredCapital', label: 'ledger.col.registeredCapital' },
  { key: 'landMu', label: 'ledger.col.landMu' },
  { key: 'signingForm', label: 'ledger.col.signingForm' },
  { key: 'signedAt', label: 'ledger.col.signedAt', required: true },
  { key: 'fundsOrigin', label: 'ledger.col.fundsOrigin' },
  { key: 'originPlace', label: 'ledger.col.originPlace' },
  { key: 'investorTags', label: 'ledger.col.investorTags' },
  { key: 'leadDepartment', label: 'ledger.col.leadDepartment', required: true },
  { key: 'leadStaff', label: 'ledger.col.leadPerson', aliases: ['ledger.col.leadStaff'], required: true },
  { key: 'serviceDepartment', label: 'ledger.col.serviceDepartment' },
  { key: 'officer', label: 'ledger.col.officerName', aliases: ['ledger.col.officer'], required: true },
  { key: 'sponsorLeader', label: 'ledger.col.sponsorLeader' },
  { key: 'contactName', label: 'ledger.col.contactName', required: true },
  { key: 'contactPhone', label: 'ledger.col.contactPhone', required: true },
  { key: 'contactEmail', label: 'ledger.col.contactEmail', required: true },
  { key: 'fundsInPlace', label: 'ledger.col.fundsInPlace' },
  { key: 'fundsAsOf', label: 'ledger.col.fundsAsOf' },
  { key: 'progressNote', label: 'ledger.col.progressNote' },
  { key: 'problems', label: 'ledger.col.problems' },
  { key: 'nextSteps', label: 'ledger.col.nextSteps' },
  ...MILESTONES.flatMap((milestone) =>
    (['planned', 'actual'] as const).map(
      (kind): LedgerColumn => ({
        key: `${kind}.${milestone}`,
        label: `ledger.col.${kind}`,
        milestone: { milestone, kind },
      }),
    ),
  ),
];

/** A column's heading in one language, e.g. "已注册（计划日期）" / "Registered: planned date". */
export function columnHeading(column: LedgerColumn, locale: Locale, label = column.label): string {
  const t = translator(locale);
  return column.milestone ? t(label, { stage: t(`stage.${column.milestone.milestone}`) }) : t(label);
}

export const normaliseHeading = (s: string) => s.replace(/\s+/g, '').toLowerCase();

let index: Map<string, string> | undefined;

/** Heading text (either language, today's or an earlier template's, spaces and case ignored) → column key. */
export function headingIndex(): Map<string, string> {
  if (index) return index;
  index = new Map<string, string>();
  for (const c of LEDGER_COLUMNS) {
    for (const label of [c.label, ...(c.aliases ?? [])]) {
      for (const locale of ['zh-CN', 'en'] as const) {
        index.set(normaliseHeading(columnHeading(c, locale, label)), c.key);
      }
    }
  }
  return index;
}
