import type { Enterprise } from '../domain/enterprise.ts';
import type { Department, Staff } from '../domain/organisation.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { Cell, Sheet } from '../spreadsheets/workbook.ts';
import { columnHeading, LEDGER_COLUMNS } from './columns.ts';
import { staffIndex } from './people.ts';
import { ledgerWords } from './words.ts';

/**
 * The 台账 export: every enterprise in the import's columns and words, people by name (by email where the name does
 * not name one active person in the department), departments by name in the reader's language — so the file, edited,
 * imports again. 服务部门 is always filled: the officer is looked up there.
 */
export function ledgerSheet(
  locale: Locale,
  enterprises: Enterprise[],
  org: { staff: Staff[]; departments: Department[] },
): Sheet {
  const words = ledgerWords(locale);
  const people = staffIndex(org.staff);
  const staffById = new Map(org.staff.map((s) => [s.id, s]));
  const departments = new Map(org.departments.map((d) => [d.id, d]));
  const departmentName = (id: string) => {
    const d = departments.get(id);
    return d ? (locale === 'en' && d.nameEn) || d.name : '';
  };
  const rowOf = (e: Enterprise, i: number): Cell[] => {
    const p = e.profile ?? {};
    const contact = e.contacts[0];
    const values: Record<string, Cell> = {
      seq: i + 1,
      name: e.name,
      investor: e.investor,
      projectType: words.projectType(e.projectType),
      industryChain: e.industryChain,
      construction: p.construction,
      contractedInvestment: e.contractedInvestment,
      fixedAssetInvestment: p.fixedAssetInvestment,
      registeredCapital: p.registeredCapital,
      landMu: p.landMu,
      signingForm: p.signingForm,
      signedAt: e.signedAt,
      fundsOrigin: p.fundsOrigin ? words.fundsOrigin(p.fundsOrigin) : undefined,
      originPlace: p.originPlace,
      investorTags: p.investorTags?.length ? words.investorTags(p.investorTags) : undefined,
      leadDepartment: departmentName(e.lead.departmentId),
      leadStaff: people.cell(staffById.get(e.lead.staffId), e.lead.departmentId),
      serviceDepartment: departmentName(e.serviceDepartmentId),
      officer: people.cell(staffById.get(e.serviceOfficerId), e.serviceDepartmentId),
      sponsorLeader: p.sponsorLeader,
      contactName: contact?.name,
      contactPhone: contact?.phone,
      contactEmail: contact?.email,
      fundsInPlace: e.fundsInPlace,
      progressNote: p.progressNote,
      problems: p.problems,
      nextSteps: p.nextSteps,
    };
    for (const [m, dates] of Object.entries(e.milestones)) {
      values[`planned.${m}`] = dates.planned;
      values[`actual.${m}`] = dates.actual;
    }
    return LEDGER_COLUMNS.map((c) => values[c.key] ?? null);
  };
  return {
    name: locale === 'en' ? 'Ledger' : '项目台账',
    columns: LEDGER_COLUMNS.map((c) => ({ header: columnHeading(c, locale) })),
    rows: enterprises.map(rowOf),
  };
}
