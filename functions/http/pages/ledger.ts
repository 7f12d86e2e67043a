import { h } from 'preact';
import { LedgerPage } from '#functions/http/pages/ledger.view.tsx';
import { NotFoundError } from '#shared/domain/errors.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { importLedger, LEDGER_TOO_LARGE, type LedgerCheck, previewLedger } from '#shared/ledger/import.ts';
import type { LedgerError } from '#shared/ledger/parse.ts';
import { ledgerTemplate } from '#shared/ledger/template.ts';
import { toXlsx, XLSX_TYPE } from '#shared/spreadsheets/workbook.ts';
import { listDepartments, listStaff } from '#shared/store/organisation.ts';
import { HttpError } from '../lib/errors.ts';
import { multipartBody } from '../lib/multipart.ts';
import { download, html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import type { StaffContext } from '../lib/types.ts';

async function ledgerView(
  context: StaffContext,
  extra: {
    check?: LedgerCheck;
    fileErrors?: FieldError[];
    rejected?: LedgerError[];
    done?: { imported: number; already: number };
  } = {},
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
  handler: async (event, context) => {
    const q = event.queryStringParameters ?? {};
    const done = q.imported
      ? { imported: Number(q.imported) || 0, already: Number(q.already) || 0 }
      : undefined;
    return html(await ledgerView(context, { done }));
  },
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

export const ledgerConfirm = route({
  method: 'POST',
  path: '/console/import/{id}/confirm',
  access: 'ledger.import',
  handler: async (event, context) => {
    try {
      const outcome = await importLedger(context.deps, event.pathParameters?.id ?? '', by(context));
      if (outcome.kind === 'rejected')
        return html(await ledgerView(context, { rejected: outcome.errors }), 400);
      return redirect(`/console/import?imported=${outcome.imported}&already=${outcome.already}`);
    } catch (error) {
      if (error instanceof NotFoundError) throw new HttpError(404, 'error.notFound');
      throw error;
    }
  },
});
