import { h } from 'preact';
import { LedgerPage, LedgerProgressPage } from '#functions/http/pages/ledger.view.tsx';
import { can } from '#shared/auth/permissions.ts';
import { NotFoundError } from '#shared/domain/errors.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { ledgerSheet } from '#shared/ledger/export.ts';
import { mayFollowImport } from '#shared/ledger/followers.ts';
import {
  confirmLedger,
  importProgress,
  isStalled,
  LEDGER_TOO_LARGE,
  type LedgerCheck,
  previewLedger,
} from '#shared/ledger/import.ts';
import type { LedgerError } from '#shared/ledger/parse.ts';
import { ledgerTemplate } from '#shared/ledger/template.ts';
import { type PipelineScope, pipelineEnterprises } from '#shared/pipeline/pipeline.ts';
import { toXlsx, XLSX_TYPE } from '#shared/spreadsheets/workbook.ts';
import { getStaff, listDepartments, listStaff } from '#shared/store/organisation.ts';
import { HttpError } from '../lib/errors.ts';
import { multipartBody } from '../lib/multipart.ts';
import { download, html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import type { StaffContext } from '../lib/types.ts';

async function ledgerView(
  context: StaffContext,
  extra: { check?: LedgerCheck; fileErrors?: FieldError[]; rejected?: LedgerError[] } = {},
) {
  const staff = await listStaff(context.deps.db);
  return h(LedgerPage, { ctx: context.view, names: new Map(staff.map((s) => [s.id, s.name])), ...extra });
}

const by = (context: StaffContext) => ({
  actor: { kind: 'staff' as const, id: context.principal.staff.id },
  channel: 'import' as const,
});

export const ledgerPage = route({
  method: 'GET',
  path: '/console/import',
  access: 'ledger.import',
  handler: async (_event, context) => html(await ledgerView(context)),
});

export const ledgerTemplateDownload = route({
  method: 'GET',
  path: '/console/import/template.xlsx',
  access: 'ledger.import',
  handler: async (_event, context) => {
    const person = context.principal.staff;
    const department = (await listDepartments(context.deps.db)).find((d) => d.id === person.departmentId);
    const today = context.deps.calendar.localDate(context.deps.clock.now());
    const bytes = await toXlsx([ledgerTemplate(context.locale, { department, person, today })]);
    return download(bytes, 'ledger-template.xlsx', XLSX_TYPE);
  },
});

/**
 * The 台账 export, in the import's columns: the zone's signed projects for a manager, a head's department's (brought
 * in or served by its people), as the pipeline scopes them.
 */
export const ledgerExport = route({
  method: 'GET',
  path: '/console/import/ledger.xlsx',
  access: 'ledger.import',
  handler: async (_event, context) => {
    const me = context.principal.staff;
    const [staff, departments] = await Promise.all([
      listStaff(context.deps.db),
      listDepartments(context.deps.db),
    ]);
    const scope: PipelineScope = can(me, 'departments.any')
      ? { kind: 'zone' }
      : {
          kind: 'department',
          departmentId: me.departmentId,
          staffIds: staff.filter((s) => s.departmentId === me.departmentId).map((s) => s.id),
        };
    const enterprises = (await pipelineEnterprises(context.deps, scope)).filter(
      (e) => e.stage !== 'negotiating',
    );
    const bytes = await toXlsx([ledgerSheet(context.locale, enterprises, { staff, departments })]);
    const today = context.deps.calendar.localDate(context.deps.clock.now());
    return download(bytes, `ledger-${today}.xlsx`, XLSX_TYPE);
  },
});

/**
 * Upload: the ledger is checked row by row and shown, with its errors or with a button to import it. A file past a
 * limit (its size, inflated or as sent: 413; too many rows or cells, not an .xlsx: 400) is refused before it is
 * parsed, with the message beside the upload, and nothing is stored.
 */
export const ledgerUpload = route({
  method: 'POST',
  path: '/console/import',
  access: 'ledger.import',
  handler: async (event, context) => {
    const { files } = await multipartBody(event);
    try {
      const check = await previewLedger(context.deps, files[0], by(context));
      return html(await ledgerView(context, { check }), check.errors.length ? 400 : 200);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const tooLarge = error.fields.some((f) => LEDGER_TOO_LARGE.has(f.message));
      return html(await ledgerView(context, { fileErrors: error.fields }), tooLarge ? 413 : 400);
    }
  },
});

/** The batch, if the reader may follow it (`mayFollowImport`); else not found, as if there were none. */
async function followed(context: StaffContext, id: string) {
  const batch = await importProgress(context.deps, id);
  const me = context.principal.staff;
  const creator = batch.createdBy === me.id ? me : await getStaff(context.deps.db, batch.createdBy);
  if (!mayFollowImport(me, creator, batch.createdBy)) throw new NotFoundError('import', id);
  return batch;
}

/** Confirm (or continue) an import: checked again, then imported in the background; its page shows the progress. */
export const ledgerConfirm = route({
  method: 'POST',
  path: '/console/import/{id}/confirm',
  access: 'ledger.import',
  handler: async (event, context) => {
    try {
      // The batch as read for the access check is the one confirmed: its start is a write conditional on it.
      const batch = await followed(context, event.pathParameters?.id ?? '');
      const outcome = await confirmLedger(context.deps, batch, by(context));
      if (outcome.kind === 'rejected')
        return html(await ledgerView(context, { rejected: outcome.errors }), 400);
      return redirect(`/console/import/${outcome.batch.id}`);
    } catch (error) {
      if (error instanceof NotFoundError) throw new HttpError(404, 'error.notFound');
      throw error;
    }
  },
});

/** An import's progress (x / n), refreshing itself while it runs, then its result. */
export const ledgerProgress = route({
  method: 'GET',
  path: '/console/import/{id}',
  access: 'ledger.import',
  handler: async (event, context) => {
    try {
      const batch = await followed(context, event.pathParameters?.id ?? '');
      const stalled = isStalled(batch, context.deps.clock.now());
      const refreshOff = event.queryStringParameters?.refresh === 'off';
      return html(h(LedgerProgressPage, { ctx: context.view, batch, stalled, refreshOff }));
    } catch (error) {
      if (error instanceof NotFoundError) throw new HttpError(404, 'error.notFound');
      throw error;
    }
  },
});
