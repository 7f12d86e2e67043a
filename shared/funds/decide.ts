import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import {
  countsFunds,
  FundsDecision,
  type FundsReport,
  fundsTotalAt,
  verifierRefusal,
} from '../domain/funds-report.ts';
import { type ReportKind, reportAdds } from '../domain/indicators.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { byLocale } from '../i18n/i18n.ts';
import { sendOrQueue, sendToStaff } from '../mail/office-hours.ts';
import { portalLink } from '../needs/portal.ts';
import { recipientOf } from '../notify/channel.ts';
import type { By } from '../organisation/create.ts';
import { isLate, periodOf } from '../scoreboard/periods.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { enterpriseChange, fundsItem, fundsLineRaised, getEnterpriseFile } from '../store/enterprises.ts';
import { fundsReportChange, getFundsReport } from '../store/funds-reports.ts';
import { listStaff } from '../store/organisation.ts';
import { scoreItems } from '../store/scores.ts';
import { type Guarded, transact } from '../store/write.ts';
import { fundsRejectedMail, fundsReportUrl } from './mail.tsx';

type DecideDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'mailer' | 'config' | 'links'>;

// The report's kinds are the scoreboard's (the domain keeps its own list: it may not import the scoreboard).
const asReportKind = (kind: FundsReport['kind']): ReportKind => kind;

export type FundsDecisionResult =
  | { kind: 'verified'; report: FundsReport; enterprise: Enterprise }
  | { kind: 'rejected'; report: FundsReport }
  /** Decided already (by someone else, or a second submission): nothing changed. */
  | { kind: 'already'; report: FundsReport };

/**
 * The lead department's head (or a manager) decides a pending report — never whoever reported it. Verified, one
 * transaction writes the report's status, the enterprise's funds in place (+amount, for 到位资金), a funds line
 * (the cumulative total at the evidence date), the lead department's counters for the evidence month (the `Late`
 * twins for a report made after that month closed) and the audit event. Rejected, the reason is recorded and the
 * reporter told. A failed condition (the report or the enterprise changed meanwhile) is read again and retried.
 */
export async function decideFundsReport(
  deps: DecideDeps,
  ids: { enterpriseId: string; reportId: string },
  input: unknown,
  by: By,
): Promise<FundsDecisionResult> {
  const decision = parseInput(FundsDecision, input);
  for (let attempt = 0; attempt < 3; attempt++) {
    const [report, file, staff] = await Promise.all([
      getFundsReport(deps.db, ids.enterpriseId, ids.reportId),
      getEnterpriseFile(deps.db, ids.enterpriseId),
      listStaff(deps.db),
    ]);
    if (!report || !file) throw new NotFoundError('fundsReport', ids.reportId);
    if (report.status !== 'pending') return { kind: 'already', report };
    const decider = by.actor.kind === 'staff' ? staff.find((s) => s.id === by.actor.id) : undefined;
    const refusal = verifierRefusal(decider, report);
    if (refusal) throw InputError.field('decision', refusal);
    const now = deps.clock.now();
    const at = now.toISOString();
    if (decision.decision === 'verify' && !countsFunds(file.enterprise))
      throw InputError.field('decision', 'funds.notSigned');
    const decided: FundsReport = {
      ...report,
      // Verified after its month closed, it is as late as a report made then: a closed month's result stays.
      late:
        report.late || (decision.decision === 'verify' && isLate(deps.calendar, report.evidenceDate, now)),
      status: decision.decision === 'verify' ? 'verified' : 'rejected',
      ...(decision.decision === 'reject' ? { reason: decision.reason } : {}),
      decidedBy: decider?.id,
      decidedAt: at,
      version: report.version + 1,
    };
    const enterprise = file.enterprise;
    const audit = (action: string, details: Record<string, unknown>) =>
      auditItem(
        deps.db,
        newAudit(now, {
          ...by,
          action,
          enterpriseId: enterprise.id,
          subject: { kind: 'fundsReport', id: report.id },
          details: { reportId: report.id, ...details },
        }),
      );
    const items: Guarded[] = [fundsReportChange(deps.db, report, decided)];
    let next = enterprise;
    if (decided.status === 'verified') {
      if (report.kind === 'funds') {
        next = {
          ...enterprise,
          fundsInPlace: enterprise.fundsInPlace + report.amount,
          updatedAt: at,
          version: enterprise.version + 1,
        };
        items.push(
          enterpriseChange(deps.db, enterprise, next),
          fundsItem(
            deps.db,
            enterprise.id,
            report.evidenceDate,
            fundsTotalAt(file.funds, report.evidenceDate, report.amount),
            now,
            decider?.id,
          ),
          // Lines dated after a back-dated amount include it from then on.
          ...file.funds
            .filter((r) => r.asOf > report.evidenceDate)
            .map((r) => fundsLineRaised(deps.db, r, report.amount)),
        );
      }
      const period = periodOf(report.evidenceDate);
      items.push(
        audit('funds.verified', {
          kind: report.kind,
          amount: report.amount,
          evidenceDate: report.evidenceDate,
          period,
          late: decided.late,
        }),
        ...scoreItems(deps.db, [
          {
            departmentId: enterprise.lead.departmentId,
            period,
            add: reportAdds(enterprise, asReportKind(report.kind), report.amount, decided.late),
          },
        ]),
      );
    } else {
      items.push(audit('funds.rejected', { reason: decided.reason }));
    }
    try {
      await transact(deps.db, items);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      continue; // The report was decided or the enterprise written meanwhile: read again.
    }
    if (decided.status === 'verified') return { kind: 'verified', report: decided, enterprise: next };
    await tellReporter(deps, decided, enterprise);
    return { kind: 'rejected', report: decided };
  }
  throw new ConflictError('fundsReport', ids.reportId, 'busy');
}

/** The reporter hears of a rejection and its reason: a staff member in their channel, an enterprise its contacts. */
async function tellReporter(deps: DecideDeps, report: FundsReport, enterprise: Enterprise): Promise<void> {
  if (report.reportedBy.kind === 'staff') {
    const reporter = (await listStaff(deps.db)).find((s) => s.id === report.reportedBy.id && s.active);
    if (!reporter) return;
    await sendToStaff(
      deps,
      fundsRejectedMail({
        locale: reporter.locale,
        to: [recipientOf(reporter)],
        report,
        url: fundsReportUrl(deps, report),
      }),
    );
    return;
  }
  const url = enterprise.portalKey ? portalLink(deps, enterprise) : undefined;
  for (const [locale, group] of byLocale(enterprise.contacts)) {
    await sendOrQueue(
      deps,
      fundsRejectedMail({
        locale,
        to: group.map(recipientOf),
        report,
        url: url && locale === 'en' ? `${url}&lang=en` : url,
      }),
    );
  }
}
