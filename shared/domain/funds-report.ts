import { z } from 'zod';
import type { Enterprise } from './enterprise.ts';
import { headsOf, managersOf, type Staff } from './organisation.ts';
import { Id, Instant, IsoDate, msg, StoredIsoDate, Text, Wan } from './primitives.ts';

/**
 * 到位资金报送: the officer (or the enterprise from its portal) reports an amount that arrived, with its evidence
 * (到位凭证: a bank receipt, 验资报告…); the lead department's head (or a manager) verifies it, never the reporter.
 * A verified report counts in the month of its evidence date; one made after that month closed is flagged late
 * (逾期补报) and counted apart (`shared/domain/indicators.ts`, `periods.ts`).
 */

/**
 * The kinds of amount a report brings: 到位资金, 固定资产投资完成额, 注册资本到账 — the scoreboard's `REPORT_KINDS`
 * (held equal by test/unit/funds-report.test.ts: the domain may not import the scoreboard).
 */
export const FUNDS_KINDS = ['funds', 'fixedAssets', 'capital'] as const;
export const FundsKind = z.enum(FUNDS_KINDS, { error: msg('funds.kind') });
export type FundsKind = z.infer<typeof FundsKind>;

/** How many evidence files a report carries: at least one, at most three. */
export const MIN_EVIDENCE = 1;
export const MAX_EVIDENCE = 3;

/** What the reporter enters: this report's amount (万元, not a cumulative total), the evidence's date, a note. */
export const FundsReportForm = z.object({
  kind: FundsKind,
  amount: z
    .number({ error: msg('money.integer') })
    .int({ error: msg('money.integer') })
    .positive({ error: 'money.positive' })
    .max(100_000_000, { error: 'money.tooLarge' }),
  evidenceDate: IsoDate,
  note: Text(500).optional(),
});
export type FundsReportForm = z.infer<typeof FundsReportForm>;

/** An evidence file as the report records it (stored in the file store under the report's key). */
export const EvidenceFile = z.object({
  id: z.string(),
  name: z.string().max(120),
  type: z.string(),
  size: z.number().int(),
});
export type EvidenceFile = z.infer<typeof EvidenceFile>;

export const FundsReportStatus = z.enum(['pending', 'verified', 'rejected']);
export type FundsReportStatus = z.infer<typeof FundsReportStatus>;

export const FundsReport = z.object({
  id: Id,
  enterpriseId: Id,
  enterpriseName: z.string(),
  /** The department credited (the enterprise's lead department when reported): its head verifies. */
  leadDepartmentId: Id,
  kind: FundsKind,
  amount: Wan,
  evidenceDate: StoredIsoDate,
  evidence: z.array(EvidenceFile).min(MIN_EVIDENCE).max(MAX_EVIDENCE),
  note: z.string().optional(),
  /** A staff member (the console), or the enterprise itself (its portal). */
  reportedBy: z.object({ kind: z.enum(['staff', 'enterprise']), id: z.string() }),
  reportedAt: Instant,
  /** Made after the evidence month closed (逾期补报): counted apart from the result that month closed with. */
  late: z.boolean(),
  status: FundsReportStatus,
  reason: z.string().optional(),
  decidedBy: Id.optional(),
  decidedAt: Instant.optional(),
  version: z.number().int().min(1),
});
export type FundsReport = z.infer<typeof FundsReport>;

/** The verifier's decision: verified, or rejected with the reason the reporter is told. */
export const FundsDecision = z.discriminatedUnion(
  'decision',
  [
    z.object({ decision: z.literal('verify') }),
    z.object({ decision: z.literal('reject'), reason: Text(500) }),
  ],
  { error: msg('funds.decision') },
);
export type FundsDecision = z.infer<typeof FundsDecision>;

/**
 * Why a report cannot be taken as it is (beyond its form), every reason at once so the form shows them together:
 * evidence dated in the future or before the signing, and no evidence. Empty: it can.
 */
export function fundsReportRefusals(
  form: Pick<FundsReportForm, 'evidenceDate'>,
  evidenceCount: number,
  today: string,
  signedAt?: string,
): { path: string; message: string }[] {
  const refusals: { path: string; message: string }[] = [];
  if (form.evidenceDate > today) refusals.push({ path: 'evidenceDate', message: 'date.future' });
  else if (signedAt && form.evidenceDate < signedAt)
    refusals.push({ path: 'evidenceDate', message: 'funds.beforeSigning' });
  if (evidenceCount < MIN_EVIDENCE) refusals.push({ path: 'attachments', message: 'funds.evidenceRequired' });
  return refusals;
}

/** Funds count for a signed project still going: not one in talks (nothing signed) or stopped (终止/退出). */
export const countsFunds = (enterprise: Pick<Enterprise, 'stage' | 'status'>): boolean =>
  enterprise.stage !== 'negotiating' && enterprise.status !== 'exited';

type Decidable = Pick<FundsReport, 'leadDepartmentId' | 'reportedBy' | 'status'>;

/**
 * Whether a person may verify (or reject) a report, as a message key when not: a manager, or a head of the
 * department it is credited to — never the person who reported it, and only while it is pending.
 */
export function verifierRefusal(
  who: Pick<Staff, 'id' | 'role' | 'departmentId' | 'active'> | undefined,
  report: Decidable,
): 'funds.notPending' | 'funds.ownReport' | 'funds.notVerifier' | undefined {
  if (report.status !== 'pending') return 'funds.notPending';
  if (!who?.active) return 'funds.notVerifier';
  if (report.reportedBy.kind === 'staff' && report.reportedBy.id === who.id) return 'funds.ownReport';
  if (who.role === 'manager') return undefined;
  if (who.role === 'departmentHead' && who.departmentId === report.leadDepartmentId) return undefined;
  return 'funds.notVerifier';
}

/** Whom a new report is sent to: the lead department's heads (not the reporter), else the managers (not either). */
export function verifiersOf(staff: Staff[], report: Decidable): Staff[] {
  const others = (list: Staff[]) =>
    list.filter((s) => !(report.reportedBy.kind === 'staff' && s.id === report.reportedBy.id));
  const heads = others(headsOf(staff, report.leadDepartmentId));
  return heads.length ? heads : others(managersOf(staff));
}

/** The cumulative funds in place as of a date, with a new amount: the last total recorded by then, plus it. */
export function fundsTotalAt(
  records: { asOf: string; total: number }[],
  date: string,
  amount: number,
): number {
  const before = records.filter((r) => r.asOf <= date).sort((a, b) => (a.asOf < b.asOf ? -1 : 1));
  return (before.at(-1)?.total ?? 0) + amount;
}
