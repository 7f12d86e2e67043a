import { RegisterEnterprise } from '../domain/enterprise.ts';
import { fromZod, validate } from '../domain/input-error.ts';
import type { Department, Staff } from '../domain/organisation.ts';
import { IsoDate } from '../domain/primitives.ts';
import { MILESTONES, type Milestone, type Stage } from '../domain/stage.ts';
import { organisationProblems, type Progress } from '../enterprises/register.ts';
import type { ReadRow } from '../spreadsheets/workbook.ts';
import { headingIndex, LEDGER_COLUMNS, normaliseHeading } from './columns.ts';
import { type PersonFound, staffIndex } from './people.ts';
import { EXAMPLE_NAMES } from './template.ts';
import { readFundsOrigin, readInvestorTag, readProjectType, splitTags } from './words.ts';

/** One problem in a ledger: the spreadsheet row, the column (by key), a message key and what it names. */
export interface LedgerError {
  row: number;
  column?: string;
  message: string;
  params?: Record<string, string>;
}

export interface LedgerRow {
  row: number;
  input: RegisterEnterprise;
  progress: Progress;
}

/** Where a registration field's problem shows in the ledger (a profile field shows in its own column). */
const COLUMN_OF: Record<string, string> = {
  'lead.departmentId': 'leadDepartment',
  'lead.staffId': 'leadStaff',
  serviceOfficerId: 'officer',
  'contacts.0.name': 'contactName',
  'contacts.0.phone': 'contactPhone',
  'contacts.0.email': 'contactEmail',
  contacts: 'contactName',
};
const columnOf = (path: string) =>
  COLUMN_OF[path] ?? (path.startsWith('profile.') ? path.split('.')[1]! : path);

const integer = (v: string | undefined) =>
  v && /^-?\d+$/.test(v.replace(/,/g, '')) ? Number(v.replace(/,/g, '')) : v;
/** 用地（亩） has decimals: 12.5. */
const decimal = (v: string | undefined) =>
  v && /^-?\d+(\.\d+)?$/.test(v.replace(/,/g, '')) ? Number(v.replace(/,/g, '')) : v;
const text = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
/** The columns of figures and dates: typed with a Chinese input method they may be full-width (５０００, ２０２６－１１－０１). */
const FIGURES =
  /^(contractedInvestment|fixedAssetInvestment|registeredCapital|landMu|fundsInPlace|signedAt|fundsAsOf|planned\..*|actual\..*)$/;
/** A figure or date as a half-width one reads (NFKC), written 2026/11/25 or 2026.11.25 as 2026-11-25. */
const asTyped = (value: string) =>
  value
    .normalize('NFKC')
    .trim()
    .replace(
      /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/,
      (_, y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`,
    );

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

  const people = staffIndex(org.staff);
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
      if (key) v[key] = FIGURES.test(key) ? asTyped(value) : value;
    }
    const rowErrors: LedgerError[] = [];
    const department = byName.get(v.leadDepartment ?? '');
    // 服务专员 within the 服务部门 if the ledger has one, else within the 首谈部门.
    const serviceDepartment = v.serviceDepartment ? byName.get(v.serviceDepartment) : department;
    if (v.serviceDepartment && !serviceDepartment) {
      rowErrors.push({ row, column: 'serviceDepartment', message: 'department.unknown' });
    }
    const found = (column: string, result: PersonFound, value: string | undefined) => {
      if (result.kind === 'ambiguous') {
        rowErrors.push({
          row,
          column,
          message: 'ledger.person.ambiguous',
          params: { emails: result.emails },
        });
      } else if (result.kind === 'unknown') {
        rowErrors.push({
          row,
          column,
          message: 'ledger.person.unknown',
          params: { name: (value ?? '').trim() },
        });
      }
      return result.kind === 'found' || result.kind === 'email' ? result.staff : undefined;
    };
    const leadStaff = found('leadStaff', people.find(v.leadStaff, department, { former: true }), v.leadStaff);
    const officer = found('officer', people.find(v.officer, serviceDepartment), v.officer);
    const planned: Record<string, string> = {};
    const actual: Partial<Record<Milestone, string>> = {};
    for (const m of MILESTONES) {
      if (v[`planned.${m}`]) planned[m] = v[`planned.${m}`]!;
      if (v[`actual.${m}`]) actual[m] = v[`actual.${m}`]!;
    }
    const projectType = text(v.projectType) && readProjectType(v.projectType!);
    if (text(v.projectType) && !projectType) {
      rowErrors.push({ row, column: 'projectType', message: 'ledger.projectType.unknown' });
    }
    const input = {
      name: v.name ?? '',
      investor: v.investor ?? '',
      industryChain: v.industryChain ?? '',
      contractedInvestment: integer(v.contractedInvestment),
      signedAt: v.signedAt ?? '',
      ...(projectType ? { projectType } : {}),
      lead: { departmentId: department?.id ?? '', staffId: leadStaff?.id ?? '' },
      serviceOfficerId: officer?.id ?? '',
      contacts: [{ name: v.contactName, phone: v.contactPhone, email: v.contactEmail }],
      planned,
      profile: profileOf(row, v, rowErrors),
    };
    // A signed project was signed by now (a later date would count its signing in a month to come); its fixed-asset
    // investment is part of its total.
    if (IsoDate.safeParse(input.signedAt).success && input.signedAt > org.today)
      rowErrors.push({ row, column: 'signedAt', message: 'date.future' });
    const fixed = input.profile.fixedAssetInvestment;
    const total = input.contractedInvestment;
    if (typeof fixed === 'number' && typeof total === 'number' && fixed > total)
      rowErrors.push({ row, column: 'fixedAssetInvestment', message: 'ledger.fixedAboveTotal' });
    const parsed = validate(RegisterEnterprise, input);
    if (!parsed.success) {
      for (const e of fromZod(parsed.error).fields) {
        // A department or person not found shows as "unknown" below, not as a malformed id.
        if (['lead.departmentId', 'lead.staffId', 'serviceOfficerId'].includes(e.path)) continue;
        rowErrors.push({ row, column: columnOf(e.path), message: e.message });
      }
    }
    if (!department) rowErrors.push({ row, column: 'leadDepartment', message: 'department.unknown' });
    const named = new Set(rowErrors.map((e) => e.column));
    for (const p of organisationProblems(input, { officer, leadStaff, departments: org.departments })) {
      const column = COLUMN_OF[p.path];
      // Already said: an unknown department, or a person not found by name.
      if (
        p.path === 'lead.departmentId' ||
        named.has(column) ||
        (column === 'officer' && !serviceDepartment)
      ) {
        continue;
      }
      if (column === 'leadStaff' && !department) continue;
      rowErrors.push({ row, column, message: p.message });
    }
    const progress = progressOf(
      row,
      v.signedAt ?? '',
      actual,
      // A blank cell means none, as a missing column does.
      integer(v.fundsInPlace) || 0,
      text(v.fundsAsOf),
      org.today,
      rowErrors,
    );
    const name = (v.name ?? '').trim();
    const earlier = seen.get(name);
    if (name && earlier !== undefined)
      rowErrors.push({ row, column: 'name', message: 'ledger.duplicate', params: { row: String(earlier) } });
    // The template's example, left in: never a project (it would count on the scoreboard and mail its contact).
    if (EXAMPLE_NAMES.has(name)) rowErrors.push({ row, column: 'name', message: 'ledger.exampleRow' });
    seen.set(name, row);
    if (rowErrors.length || !parsed.success || !progress) errors.push(...rowErrors);
    else out.push({ row, input: parsed.data, progress });
  }
  return { rows: out, errors };
}

/** The 台账's own columns (RegisterEnterprise's `profile`): blank cells are left out; words are read either language. */
function profileOf(row: number, v: Record<string, string>, errors: LedgerError[]) {
  const fundsOrigin = text(v.fundsOrigin) && readFundsOrigin(v.fundsOrigin!);
  if (text(v.fundsOrigin) && !fundsOrigin) {
    errors.push({ row, column: 'fundsOrigin', message: 'ledger.fundsOrigin.unknown' });
  }
  const tags = splitTags(v.investorTags ?? '').map(readInvestorTag);
  if (tags.some((t) => !t))
    errors.push({ row, column: 'investorTags', message: 'ledger.investorTag.unknown' });
  const investorTags = [...new Set(tags.filter((t) => t !== undefined))];
  const profile = {
    fixedAssetInvestment: text(v.fixedAssetInvestment) && integer(v.fixedAssetInvestment),
    registeredCapital: text(v.registeredCapital) && integer(v.registeredCapital),
    landMu: text(v.landMu) && decimal(v.landMu),
    construction: text(v.construction),
    signingForm: text(v.signingForm),
    fundsOrigin: fundsOrigin || undefined,
    originPlace: text(v.originPlace),
    investorTags: investorTags.length ? investorTags : undefined,
    sponsorLeader: text(v.sponsorLeader),
    progressNote: text(v.progressNote),
    problems: text(v.problems),
    nextSteps: text(v.nextSteps),
  };
  return Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined));
}

/** How far the project already is: the milestones reached, in order, none in the future; the funds and their date. */
function progressOf(
  row: number,
  signedAt: string,
  actual: Partial<Record<Milestone, string>>,
  funds: number | string,
  fundsAsOf: string | undefined,
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
  if (fundsAsOf !== undefined) {
    if (!IsoDate.safeParse(fundsAsOf).success) {
      errors.push({ row, column: 'fundsAsOf', message: 'date.invalid' });
    } else if (fundsAsOf > today || (IsoDate.safeParse(signedAt).success && fundsAsOf < signedAt)) {
      errors.push({ row, column: 'fundsAsOf', message: 'ledger.fundsAsOf.order' });
    } else if (funds === 0) {
      errors.push({ row, column: 'fundsAsOf', message: 'ledger.fundsAsOf.withoutFunds' });
    }
  }
  if (errors.length > before || typeof funds !== 'number') return undefined;
  return { stage, stageSince: since, actual, fundsInPlace: funds, ...(fundsAsOf ? { fundsAsOf } : {}) };
}
