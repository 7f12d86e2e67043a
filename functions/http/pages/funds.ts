import { h } from 'preact';
import { can } from '#shared/auth/permissions.ts';
import { verifierRefusal } from '#shared/domain/funds-report.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { decideFundsReport } from '#shared/funds/decide.ts';
import { evidenceKey, reportFunds } from '#shared/funds/report.ts';
import { attachmentDownload } from '#shared/needs/attachments.ts';
import { closesAt, periodOf } from '#shared/scoreboard/periods.ts';
import { fundsReportsOf, getFundsReport, pendingFundsReports } from '#shared/store/funds-reports.ts';
import { listStaff } from '#shared/store/organisation.ts';
import { formBody } from '../lib/body.ts';
import { visibleEnterprise } from '../lib/enterprise-access.ts';
import { HttpError } from '../lib/errors.ts';
import { isMultipart, multipartBody } from '../lib/multipart.ts';
import { html, redirect, uploadedFile } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import type { HttpEvent, StaffContext } from '../lib/types.ts';
import { shanghaiTime } from '../ui/parts.tsx';
import { FundsNewPage, FundsPendingPage, FundsReportPage, fundsReportHref } from './funds.view.tsx';

const names = async (context: StaffContext) =>
  new Map((await listStaff(context.deps.db)).map((s) => [s.id, s.name]));

const by = (context: StaffContext) => ({
  actor: { kind: 'staff' as const, id: context.principal.staff.id },
  channel: 'web' as const,
});

async function newPage(
  context: StaffContext,
  enterpriseId: string | undefined,
  extra: { values?: Record<string, string>; errors?: InputError['fields'] } = {},
) {
  // Whoever sees the enterprise reports for it: its officer, its lead, their heads, managers.
  const enterprise = await visibleEnterprise(context, enterpriseId, 'enterprise.view');
  const [reports, staffNames] = await Promise.all([
    fundsReportsOf(context.deps.db, enterprise.id),
    names(context),
  ]);
  return h(FundsNewPage, { ctx: context.view, enterprise, reports, names: staffNames, ...extra });
}

/** The report form for one enterprise (`?e=<id>`), with its reports so far. */
export const fundsNewForm = route({
  method: 'GET',
  path: '/console/funds/new',
  access: 'enterprise.view',
  handler: async (event, context) => html(await newPage(context, event.queryStringParameters?.e)),
});

/** A report with its evidence: stored pending, its verifiers told; or the form again with every problem. */
export const fundsSubmit = route({
  method: 'POST',
  path: '/console/funds',
  access: 'enterprise.view',
  handler: async (event, context) => {
    const { fields, files } = isMultipart(event)
      ? await multipartBody(event)
      : { fields: formBody(event), files: [] };
    const enterprise = await visibleEnterprise(context, fields.e, 'enterprise.view');
    const input = formInput(fields);
    try {
      const report = await reportFunds(context.deps, enterprise, input, by(context), files);
      return redirect(`${fundsReportHref(report)}?done=reported`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return html(await newPage(context, enterprise.id, { values: fields, errors: error.fields }), 400);
    }
  },
});

/** The form's fields as the use case reads them: blanks left out, the amount a number when it is one. */
export function formInput(fields: Record<string, string>): Record<string, unknown> {
  const { e: _e, t: _t, _csrf, ...rest } = fields;
  const input: Record<string, unknown> = Object.fromEntries(
    Object.entries(rest)
      .map(([k, v]) => [k, v.trim()] as const)
      .filter(([, v]) => v !== ''),
  );
  // Typed with a Chinese input method, digits may be full-width (５０００) and the separator "，": read as half-width.
  const amount = String(input.amount ?? '')
    .normalize('NFKC')
    .replaceAll(',', '');
  if (/^-?\d+(\.\d+)?$/.test(amount)) input.amount = Number(amount);
  if (typeof input.evidenceDate === 'string') input.evidenceDate = input.evidenceDate.normalize('NFKC');
  return input;
}

/** The reports awaiting verification: a head's department's, a manager's whole zone. */
export const fundsPending = route({
  method: 'GET',
  path: '/console/funds',
  access: 'funds.verify',
  handler: async (event, context) => {
    const me = context.principal.staff;
    const scope = can(me, 'departments.any')
      ? { kind: 'zone' as const }
      : { kind: 'department' as const, id: me.departmentId };
    const [page, staffNames] = await Promise.all([
      pendingFundsReports(context.deps.db, scope, { cursor: event.queryStringParameters?.cursor }),
      names(context),
    ]);
    return html(
      h(FundsPendingPage, { ctx: context.view, reports: page.items, names: staffNames, next: page.next }),
    );
  },
});

async function reportOf(context: StaffContext, event: HttpEvent) {
  const { enterpriseId, reportId } = event.pathParameters ?? {};
  const enterprise = await visibleEnterprise(context, enterpriseId, 'enterprise.view');
  const report = /^[0-9A-Z]{26}$/.test(reportId ?? '')
    ? await getFundsReport(context.deps.db, enterprise.id, reportId as string)
    : undefined;
  if (!report) throw new HttpError(404, 'error.notFound');
  return report;
}

async function reportPage(
  context: StaffContext,
  event: HttpEvent,
  extra: { notice?: string; values?: Record<string, string>; errors?: InputError['fields'] } = {},
) {
  const report = await reportOf(context, event);
  const closes = closesAt(context.deps.calendar, periodOf(report.evidenceDate));
  return h(FundsReportPage, {
    ctx: context.view,
    report,
    names: await names(context),
    refusal: verifierRefusal(context.principal.staff, report),
    closesAt: shanghaiTime(closes.toISOString()),
    ...extra,
  });
}

const NOTICES = {
  reported: 'funds.submitted',
  verified: 'funds.decided.verified',
  rejected: 'funds.decided.rejected',
  already: 'funds.already',
} as const;

/** One report: its evidence and status; its verifier decides here. */
export const fundsReportView = route({
  method: 'GET',
  path: '/console/funds/{enterpriseId}/{reportId}',
  access: 'enterprise.view',
  handler: async (event, context) => {
    const done = event.queryStringParameters?.done ?? '';
    const notice = Object.hasOwn(NOTICES, done)
      ? context.t(NOTICES[done as keyof typeof NOTICES])
      : undefined;
    return html(await reportPage(context, event, { notice }));
  },
});

/** The verifier's decision: verified (counted in the evidence month) or rejected with a reason (the reporter told). */
export const fundsDecide = route({
  method: 'POST',
  path: '/console/funds/{enterpriseId}/{reportId}',
  access: 'funds.verify',
  handler: async (event, context) => {
    const report = await reportOf(context, event);
    const form = formBody(event);
    const input = Object.fromEntries(
      Object.entries(form).filter(([k, v]) => k !== '_csrf' && v.trim() !== ''),
    );
    try {
      const result = await decideFundsReport(
        context.deps,
        { enterpriseId: report.enterpriseId, reportId: report.id },
        input,
        by(context),
      );
      return redirect(`${fundsReportHref(report)}?done=${result.kind}`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return html(await reportPage(context, event, { values: form, errors: error.fields }), 400);
    }
  },
});

/** An evidence file, to whoever may see the report: always a download, under a name we make. */
export const fundsEvidence = route({
  method: 'GET',
  path: '/console/funds/{enterpriseId}/{reportId}/evidence',
  access: 'enterprise.view',
  handler: async (event, context) => {
    const report = await reportOf(context, event);
    const file = report.evidence.find((f) => f.id === event.queryStringParameters?.a);
    const stored =
      file && (await context.deps.files.get(evidenceKey(report.enterpriseId, report.id, file.id)));
    if (!file || !stored) throw new HttpError(404, 'error.notFound');
    return uploadedFile(stored.bytes, attachmentDownload(file));
  },
});
