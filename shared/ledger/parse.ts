import { RegisterEnterprise } from '../domain/enterprise.ts';
import { fromZod, validate } from '../domain/input-error.ts';
import type { Department, Staff } from '../domain/organisation.ts';
import { IsoDate } from '../domain/primitives.ts';
import { MILESTONES, type Milestone, type Stage } from '../domain/stage.ts';
import { organisationProblems, type Progress } from '../enterprises/register.ts';
import type { ReadRow } from '../spreadsheets/workbook.ts';
import { headingIndex, LEDGER_COLUMNS, normaliseHeading } from './columns.ts';

/** One problem in a ledger: the spreadsheet row, the column (by key) and a message key. */
export interface LedgerError {
  row: number;
  column?: string;
  message: string;
}

export interface LedgerRow {
  row: number;
  input: RegisterEnterprise;
  progress: Progress;
}

/** Where a registration field's problem shows in the ledger. */
const COLUMN_OF: Record<string, string> = {
  'lead.departmentId': 'leadDepartment',
  'lead.staffId': 'leadStaff',
  serviceOfficerId: 'officer',
  'contacts.0.name': 'contactName',
  'contacts.0.phone': 'contactPhone',
  'contacts.0.email': 'contactEmail',
  contacts: 'contactName',
};

const integer = (v: string | undefined) =>
  v && /^-?\d+$/.test(v.replace(/,/g, '')) ? Number(v.replace(/,/g, '')) : v;

/**
 * Check a whole ledger against the organisation and the registration rules, row by row. Every problem is reported
 * (not just the first), and a ledger with any problem imports nothing.
 */
export function parseLedger(
  headers: string[],
  rows: ReadRow[],
  org: { departments: Department[]; staff: Staff[]; today: string },
): { rows: LedgerRow[]; errors: LedgerError[] } {
  const index = headingIndex();
  const present = new Set(headers.map((h) => index.get(normaliseHeading(h))).filter(Boolean));
  const missing = LEDGER_COLUMNS.filter((c) => c.required && !present.has(c.key));
  if (missing.length) {
    return {
      rows: [],
      errors: missing.map((c) => ({ row: 1, column: c.key, message: 'ledger.columnMissing' })),
    };
  }
  if (rows.length === 0) return { rows: [], errors: [{ row: 2, message: 'ledger.empty' }] };

  const byEmail = new Map(org.staff.map((s) => [s.email.toLowerCase(), s]));
  const byName = new Map(
    org.departments.flatMap((d) => [[d.name, d] as const, [d.nameEn ?? d.name, d] as const]),
  );
  const seen = new Map<string, number>();
  const out: LedgerRow[] = [];
  const errors: LedgerError[] = [];

  for (const { row, values: raw } of rows) {
    const v: Record<string, string> = {};
    for (const [heading, value] of Object.entries(raw)) {
      const key = index.get(normaliseHeading(heading));
      if (key) v[key] = value;
    }
    const rowErrors: LedgerError[] = [];
    const department = byName.get(v.leadDepartment ?? '');
    const leadStaff = byEmail.get((v.leadStaff ?? '').toLowerCase());
    const officer = byEmail.get((v.officer ?? '').toLowerCase());
    const planned: Record<string, string> = {};
    const actual: Partial<Record<Milestone, string>> = {};
    for (const m of MILESTONES) {
      if (v[`planned.${m}`]) planned[m] = v[`planned.${m}`]!;
      if (v[`actual.${m}`]) actual[m] = v[`actual.${m}`]!;
    }
    const input = {
      name: v.name ?? '',
      investor: v.investor ?? '',
      industryChain: v.industryChain ?? '',
      contractedInvestment: integer(v.contractedInvestment),
      signedAt: v.signedAt ?? '',
      lead: { departmentId: department?.id ?? '', staffId: leadStaff?.id ?? '' },
      serviceOfficerId: officer?.id ?? '',
      contacts: [{ name: v.contactName, phone: v.contactPhone, email: v.contactEmail }],
      planned,
    };
    const parsed = validate(RegisterEnterprise, input);
    if (!parsed.success) {
      for (const e of fromZod(parsed.error).fields) {
        // A department or person not found shows as "unknown" below, not as a malformed id.
        if (['lead.departmentId', 'lead.staffId', 'serviceOfficerId'].includes(e.path)) continue;
        rowErrors.push({ row, column: COLUMN_OF[e.path] ?? e.path, message: e.message });
      }
    }
    if (!department) rowErrors.push({ row, column: 'leadDepartment', message: 'department.unknown' });
    for (const p of organisationProblems(input, { officer, leadStaff, departments: org.departments })) {
      if (p.path === 'lead.departmentId') continue;
      rowErrors.push({ row, column: COLUMN_OF[p.path], message: p.message });
    }
    const progress = progressOf(
      row,
      v.signedAt ?? '',
      actual,
      // A blank cell means none, as a missing column does.
      integer(v.fundsInPlace) || 0,
      org.today,
      rowErrors,
    );
    const name = (v.name ?? '').trim();
    if (name && seen.has(name)) rowErrors.push({ row, column: 'name', message: 'ledger.duplicate' });
    seen.set(name, row);
    if (rowErrors.length || !parsed.success || !progress) errors.push(...rowErrors);
    else out.push({ row, input: parsed.data, progress });
  }
  return { rows: out, errors };
}

/** How far the project already is: the milestones reached, in order, none in the future. */
function progressOf(
  row: number,
  signedAt: string,
  actual: Partial<Record<Milestone, string>>,
  funds: number | string,
  today: string,
  errors: LedgerError[],
): Progress | undefined {
  const before = errors.length;
  let stage: Stage = 'signed';
  let since = signedAt;
  let gap = false;
  for (const m of MILESTONES) {
    const date = actual[m];
    const column = `actual.${m}`;
    if (!date) {
      gap = true;
      continue;
    }
    // IsoDate, as the enterprise's own dates: 2026-04-31 is no date (Date.parse would take it).
    if (!IsoDate.safeParse(date).success) {
      errors.push({ row, column, message: 'date.invalid' });
    } else if (gap) {
      errors.push({ row, column, message: 'ledger.milestoneGap' });
    } else if (date < since) {
      errors.push({ row, column, message: 'ledger.milestoneOrder' });
    } else if (date > today) {
      errors.push({ row, column, message: 'ledger.milestoneFuture' });
    } else {
      stage = m;
      since = date;
    }
  }
  if (typeof funds !== 'number' || funds < 0 || funds > 100_000_000) {
    errors.push({ row, column: 'fundsInPlace', message: 'money.integer' });
  }
  if (errors.length > before || typeof funds !== 'number') return undefined;
  return { stage, stageSince: since, actual, fundsInPlace: funds };
}
