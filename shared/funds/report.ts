import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import {
  countsFunds,
  type EvidenceFile,
  type FundsReport,
  FundsReportForm,
  fundsReportRefusals,
  verifiersOf,
} from '../domain/funds-report.ts';
import { newId } from '../domain/ids.ts';
import { InputError } from '../domain/input-error.ts';
import { sendToStaff } from '../mail/office-hours.ts';
import { checkFormAndUploads, type Upload } from '../needs/attachments.ts';
import { recipientOf } from '../notify/channel.ts';
import type { By } from '../organisation/create.ts';
import { isLate } from '../scoreboard/periods.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { fundsReportsOf, newFundsReportItem } from '../store/funds-reports.ts';
import { listStaff } from '../store/organisation.ts';
import { transact } from '../store/write.ts';
import { fundsReportUrl, fundsToVerifyMail } from './mail.tsx';

type ReportDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'files' | 'mailer' | 'config'>;

/** Where a report's evidence (到位凭证) is kept in the file store: `funds/<enterprise>/<report>/<file>`. */
export const evidenceKey = (enterpriseId: string, reportId: string, fileId: string) =>
  `funds/${enterpriseId}/${reportId}/${fileId}`;

/**
 * A funds report (到位资金报送) with its evidence, from the console (a staff member) or the portal (the enterprise):
 * everything is checked first — the form, the files (1–3, PDF or images by their bytes), the evidence date not in
 * the future — and all problems are reported at once, nothing stored. Then the files, then the report and its
 * audit event in one conditional write; then its verifiers are told. Whether it is late (逾期补报) is decided now,
 * from when it was made.
 */
export async function reportFunds(
  deps: ReportDeps,
  enterprise: Enterprise,
  input: unknown,
  by: By,
  uploads: Upload[],
): Promise<FundsReport> {
  const { parsed, files, problems } = checkFormAndUploads(FundsReportForm, input, uploads);
  const now = deps.clock.now();
  const today = deps.calendar.localDate(now);
  if (parsed.success) {
    for (const refusal of fundsReportRefusals(parsed.data, files.length, today, enterprise.signedAt))
      if (!problems.some((p) => p.path === refusal.path)) problems.push(refusal);
  } else if (!files.length && !problems.some((p) => p.path === 'attachments')) {
    problems.push({ path: 'attachments', message: 'funds.evidenceRequired' });
  }
  if (!countsFunds(enterprise)) problems.unshift({ path: 'amount', message: 'funds.notSigned' });
  if (problems.length || !parsed.success) throw new InputError(problems);
  if (by.actor.kind !== 'staff' && by.actor.kind !== 'enterprise')
    throw InputError.field('_', 'field.invalid');
  const form = parsed.data;
  const reporterId = by.actor.id ?? enterprise.id;
  // The same report again (a second press, a form sent twice) while the first still waits: refused, not counted twice.
  const twin = (await fundsReportsOf(deps.db, enterprise.id)).find(
    (r) =>
      r.status === 'pending' &&
      r.kind === form.kind &&
      r.amount === form.amount &&
      r.evidenceDate === form.evidenceDate &&
      r.reportedBy.id === reporterId,
  );
  if (twin) throw InputError.field('amount', 'funds.duplicate');
  const id = newId(now.getTime());
  // Files go first: if the report's write then failed they would be unreferenced, never a report without evidence.
  const evidence: EvidenceFile[] = [];
  for (const f of files) {
    const fileId = newId(deps.clock.now().getTime());
    await deps.files.put(evidenceKey(enterprise.id, id, fileId), f.bytes, f.type);
    evidence.push({ id: fileId, name: f.name, type: f.type, size: f.bytes.length });
  }
  const report: FundsReport = {
    id,
    enterpriseId: enterprise.id,
    enterpriseName: enterprise.name,
    leadDepartmentId: enterprise.lead.departmentId,
    kind: form.kind,
    amount: form.amount,
    evidenceDate: form.evidenceDate,
    evidence,
    ...(form.note ? { note: form.note } : {}),
    reportedBy: { kind: by.actor.kind, id: reporterId },
    reportedAt: now.toISOString(),
    late: isLate(deps.calendar, form.evidenceDate, now),
    status: 'pending',
    version: 1,
  };
  await transact(deps.db, [
    newFundsReportItem(deps.db, report),
    auditItem(
      deps.db,
      newAudit(now, {
        ...by,
        action: 'funds.reported',
        enterpriseId: enterprise.id,
        subject: { kind: 'fundsReport', id },
        details: {
          reportId: id,
          kind: report.kind,
          amount: report.amount,
          evidenceDate: report.evidenceDate,
          late: report.late,
        },
      }),
    ),
  ]);
  await tellVerifiers(deps, report);
  return report;
}

/** Each verifier gets the report's page (the lead department's heads, else the managers; never the reporter). */
async function tellVerifiers(deps: ReportDeps, report: FundsReport): Promise<void> {
  const staff = await listStaff(deps.db);
  for (const v of verifiersOf(staff, report)) {
    await sendToStaff(
      deps,
      fundsToVerifyMail({
        locale: v.locale,
        to: recipientOf(v),
        name: v.name,
        report,
        url: fundsReportUrl(deps, report),
      }),
    );
  }
}
