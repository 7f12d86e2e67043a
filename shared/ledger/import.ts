import { createHash } from 'node:crypto';
import type { Deps } from '../deps.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { InputError } from '../domain/input-error.ts';
import { registerEnterprise, scopeProblems } from '../enterprises/register.ts';
import type { Upload } from '../needs/attachments.ts';
import { actingPerson } from '../organisation/acting.ts';
import type { By } from '../organisation/create.ts';
import { readFirstSheet } from '../spreadsheets/workbook.ts';
import {
  XLSX_LIMITS,
  XlsxLimitError,
  type XlsxLimitReason,
  type XlsxLimits,
} from '../spreadsheets/xlsx-limits.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { getImportBatch, type ImportBatch, importStatusItem, insertImportBatch } from '../store/imports.ts';
import { listDepartments, listStaff } from '../store/organisation.ts';
import { transact } from '../store/write.ts';
import { type LedgerError, type LedgerRow, parseLedger } from './parse.ts';

/** One request registers the whole ledger; larger ledgers are split into files of this many rows. */
export const MAX_LEDGER_ROWS = 300;
/** The uploaded file, as sent: 300 rows made by Excel, WPS or the template are well under 200 KB. */
export const MAX_LEDGER_BYTES = 2 * 1024 * 1024;
/** What the file may hold before it is parsed: 300 data rows and the heading in any sheet, the rest as for any .xlsx. */
export const LEDGER_XLSX_LIMITS: XlsxLimits = { ...XLSX_LIMITS, maxDataRows: MAX_LEDGER_ROWS + 1 };

/** The message shown beside the upload for each limit (the reader's language). */
const LIMIT_MESSAGE: Record<XlsxLimitReason, string> = {
  notZip: 'ledger.notXlsx',
  corrupt: 'ledger.notXlsx',
  tooManyEntries: 'ledger.unzippedTooLarge',
  unzippedTooLarge: 'ledger.unzippedTooLarge',
  tooManyTags: 'ledger.tooManyCells',
  tooManyRows: 'ledger.tooManyRows',
  tooManyColumns: 'ledger.tooManyColumns',
};

/** Messages that say the file is too large (HTTP 413); every other problem with it is a 400. */
export const LEDGER_TOO_LARGE = new Set(['ledger.tooLarge', 'ledger.unzippedTooLarge']);

type LedgerDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'files' | 'workflows' | 'links' | 'mailer'>;

export interface LedgerCheck {
  rows: LedgerRow[];
  errors: LedgerError[];
  /** Stored for the import only when the ledger has no error. */
  batch?: ImportBatch;
}

async function check(deps: LedgerDeps, bytes: Buffer, by: By): Promise<Omit<LedgerCheck, 'batch'>> {
  if (bytes.length > MAX_LEDGER_BYTES) throw InputError.field('file', 'ledger.tooLarge');
  let sheet: Awaited<ReturnType<typeof readFirstSheet>>;
  try {
    // The zip is checked against the limits (streaming, counting rows) before exceljs is given it.
    sheet = await readFirstSheet(bytes, LEDGER_XLSX_LIMITS);
  } catch (error) {
    throw InputError.field(
      'file',
      error instanceof XlsxLimitError ? LIMIT_MESSAGE[error.reason] : 'ledger.notXlsx',
    );
  }
  if (sheet.rows.length > MAX_LEDGER_ROWS) throw InputError.field('file', 'ledger.tooManyRows');
  const [departments, staff, who] = await Promise.all([
    listDepartments(deps.db),
    listStaff(deps.db),
    actingPerson(deps.db, by),
  ]);
  const today = deps.calendar.localDate(deps.clock.now());
  const parsed = parseLedger(sheet.headers, sheet.rows, { departments, staff, today });
  // A head imports only their department's projects: the same rule as registering one, reported per row and column.
  const column: Record<string, string> = {
    serviceOfficerId: 'officer',
    'lead.departmentId': 'leadDepartment',
  };
  const scope = parsed.rows.flatMap((r) => {
    const officer = staff.find((s) => s.id === r.input.serviceOfficerId);
    return officer
      ? scopeProblems(who, r.input, officer).map((p) => ({
          row: r.row,
          column: column[p.path],
          message: p.message,
        }))
      : [];
  });
  return scope.length ? { rows: [], errors: [...parsed.errors, ...scope] } : parsed;
}

/**
 * Check an uploaded ledger row by row. With any error nothing is stored and every error is returned; without, the
 * file is kept for the import the person confirms after seeing the preview.
 */
export async function previewLedger(
  deps: LedgerDeps,
  upload: Upload | undefined,
  by: By & { actor: { id?: string } },
): Promise<LedgerCheck> {
  if (!upload?.bytes.length) throw InputError.field('file', 'ledger.fileRequired');
  if (upload.bytes.length > MAX_LEDGER_BYTES) throw InputError.field('file', 'ledger.tooLarge');
  const result = await check(deps, upload.bytes, by);
  if (result.errors.length) return result;
  const now = deps.clock.now();
  const id = newId(now.getTime());
  const batch: ImportBatch = {
    id,
    fileKey: `imports/${id}.xlsx`,
    fileName: upload.name.slice(0, 200),
    rows: result.rows.length,
    status: 'previewed',
    createdBy: by.actor.id ?? 'system',
    createdAt: now.toISOString(),
    imported: 0,
    version: 1,
  };
  await deps.files.put(batch.fileKey, upload.bytes, 'application/octet-stream');
  await insertImportBatch(deps.db, batch);
  return { ...result, batch };
}

/**
 * The id a ledger row's enterprise gets: fixed by the batch and the row, so importing the same batch again (after a
 * failure part-way, or a double click) finds the rows already in and adds only the rest.
 */
export function rowEnterpriseId(batchId: string, row: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const hash = createHash('sha256').update(`${batchId}#${row}`).digest();
  let random = '';
  for (let i = 0; i < 16; i++) random += alphabet[hash[i]! % 32];
  return `${batchId.slice(0, 10)}${random}`;
}

export type ImportOutcome =
  | { kind: 'imported'; imported: number; already: number }
  | { kind: 'rejected'; errors: LedgerError[] };

/**
 * Register every row of a previewed ledger. The ledger is checked again first (the organisation may have changed
 * since the preview): any error, and nothing is registered. Rows are registered a few at a time; each row is its
 * own transaction with a fixed id, so a failure part-way is finished by confirming again, with no duplicates.
 */
export async function importLedger(deps: LedgerDeps, batchId: string, by: By): Promise<ImportOutcome> {
  const batch = /^[0-9A-Z]{26}$/.test(batchId) ? await getImportBatch(deps.db, batchId) : undefined;
  if (!batch) throw new NotFoundError('import', batchId);
  if (batch.status === 'imported') return { kind: 'imported', imported: batch.imported, already: 0 };
  const file = await deps.files.get(batch.fileKey);
  if (!file) throw new NotFoundError('import', batchId);
  const { rows, errors } = await check(deps, file.bytes, by);
  if (errors.length) return { kind: 'rejected', errors };

  let imported = 0;
  let already = 0;
  const queue = [...rows];
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const id = rowEnterpriseId(batch.id, row.row);
      try {
        await registerEnterprise(deps, row.input, by, { progress: row.progress, id });
        imported++;
      } catch (error) {
        if (!(error instanceof ConflictError && error.entity === 'enterprise' && error.reason === 'exists')) {
          throw error;
        }
        already++;
        await ensureLifecycle(deps, id);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));

  const now = deps.clock.now();
  const latest = (await getImportBatch(deps.db, batch.id)) ?? batch;
  if (latest.status !== 'imported') {
    await transact(deps.db, [
      importStatusItem(deps.db, latest, 'imported', imported + already),
      auditItem(
        deps.db,
        newAudit(now, {
          ...by,
          action: 'ledger.imported',
          subject: { kind: 'import', id: batch.id },
          details: { fileName: batch.fileName, rows: rows.length, imported, already },
        }),
      ),
    ]).catch((error: unknown) => {
      // Two confirmations raced: the other one recorded the import.
      if (!(error instanceof ConflictError)) throw error;
    });
  }
  return { kind: 'imported', imported, already };
}

/** A row imported before a failure may not have had its lifecycle started: start it (a running one is kept). */
async function ensureLifecycle(deps: LedgerDeps, enterpriseId: string): Promise<void> {
  try {
    await deps.workflows.startLifecycle({ enterpriseId, generation: 1 });
  } catch (error) {
    if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
  }
}
