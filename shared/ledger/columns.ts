import { MILESTONES, type Milestone } from '../domain/stage.ts';
import { type Locale, type MessageKey, translator } from '../i18n/i18n.ts';

/** A ledger (台账) column: the field it fills, and its heading in each language (either is accepted). */
export interface LedgerColumn {
  key: string;
  label: MessageKey;
  milestone?: { milestone: Milestone; kind: 'planned' | 'actual' };
  required?: boolean;
}

export const LEDGER_COLUMNS: LedgerColumn[] = [
  { key: 'name', label: 'ledger.col.name', required: true },
  { key: 'investor', label: 'ledger.col.investor', required: true },
  { key: 'industryChain', label: 'ledger.col.industryChain', required: true },
  { key: 'contractedInvestment', label: 'ledger.col.contractedInvestment', required: true },
  { key: 'signedAt', label: 'ledger.col.signedAt', required: true },
  { key: 'leadDepartment', label: 'ledger.col.leadDepartment', required: true },
  { key: 'leadStaff', label: 'ledger.col.leadStaff', required: true },
  { key: 'officer', label: 'ledger.col.officer', required: true },
  { key: 'contactName', label: 'ledger.col.contactName', required: true },
  { key: 'contactPhone', label: 'ledger.col.contactPhone', required: true },
  { key: 'contactEmail', label: 'ledger.col.contactEmail', required: true },
  { key: 'fundsInPlace', label: 'ledger.col.fundsInPlace' },
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

/** A column's heading in one language, e.g. "注册 计划日期" / "Registered: planned date". */
export function columnHeading(column: LedgerColumn, locale: Locale): string {
  const t = translator(locale);
  return column.milestone
    ? t(column.label, { stage: t(`stage.${column.milestone.milestone}`) })
    : t(column.label);
}

/** Heading text (either language, spaces ignored) → column key. */
export function headingIndex(): Map<string, string> {
  const index = new Map<string, string>();
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  for (const c of LEDGER_COLUMNS) {
    for (const locale of ['zh-CN', 'en'] as const) index.set(norm(columnHeading(c, locale)), c.key);
  }
  return index;
}

export const normaliseHeading = (s: string) => s.replace(/\s+/g, '').toLowerCase();
