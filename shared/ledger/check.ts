import type { Deps } from '../deps.ts';
import { InputError } from '../domain/input-error.ts';
import { scopeProblems } from '../enterprises/register.ts';
import { actingPerson } from '../organisation/acting.ts';
import type { By } from '../organisation/create.ts';
import { pipelineEnterprises } from '../pipeline/pipeline.ts';
import { readFirstSheet } from '../spreadsheets/workbook.ts';
import {
  XLSX_LIMITS,
  XlsxLimitError,
  type XlsxLimitReason,
  type XlsxLimits,
} from '../spreadsheets/xlsx-limits.ts';
import { listDepartments, listStaff } from '../store/organisation.ts';
import { rowEnterpriseId } from './ids.ts';
import { type LedgerError, type LedgerRow, parseLedger } from './parse.ts';

/**
 * A ledger of up to 5,000 rows is checked in the request (the preview, and again on confirming) and imported in the
 * background (`job.ts`).
 */
export const MAX_LEDGER_ROWS = 5000;
/**
 * The uploaded file, as sent. A 5,000-row ledger made from the template is 0.63 MB (every column filled, notes of 120
 * characters: 0.8 MB), so 2 MB — the upload parser's per-file cap (`functions/http/lib/multipart.ts`) — holds it with
 * room to spare; base64-encoded in the HTTP API's event it is 2.7 MB, inside Lambda's 6 MB request and the HTTP
 * API's 10 MB.
 */
export const MAX_LEDGER_BYTES = 2 * 1024 * 1024;
/**
 * What the file may hold before it is parsed: 5,000 data rows and the heading in any sheet; 32 MB unzipped (the
 * 5,000-row template file with long notes is 16 MB) and 1.5 million XML tags (it has 1 million); the rest as for any
 * .xlsx.
 */
export const LEDGER_XLSX_LIMITS: XlsxLimits = {
  ...XLSX_LIMITS,
  maxUnzippedBytes: 32 * 1024 * 1024,
  maxTags: 1_500_000,
  maxDataRows: MAX_LEDGER_ROWS + 1,
};

/** The message shown beside the upload for each limit (the reader's language). */
const LIMIT_MESSAGE: Record<XlsxLimitReason, string> = {
  notZip: 'ledger.notXlsx',
  corrupt: 'ledger.notXlsx',
  tooManyEntries: 'ledger.unzippedTooBig',
  unzippedTooLarge: 'ledger.unzippedTooBig',
  tooManyTags: 'ledger.tooManyCells',
  tooManyRows: 'ledger.rowsTooMany',
  tooManyColumns: 'ledger.tooManyColumns',
};

/** Messages that say the file is too large (HTTP 413); every other problem with it is a 400. */
export const LEDGER_TOO_LARGE = new Set(['ledger.tooLarge', 'ledger.unzippedTooBig']);

export type LedgerDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'files' | 'workflows' | 'links' | 'mailer'>;

/**
 * Check a ledger file against the limits, the organisation as it is now and the registration rules, row by row;
 * with any problem the rows are not returned (nothing may be imported).
 */
export async function checkLedger(
  deps: LedgerDeps,
  bytes: Buffer,
  by: By,
  /** The batch this file is (on confirming and in the background): the projects it imported itself are its own. */
  batchId?: string,
): Promise<{ rows: LedgerRow[]; errors: LedgerError[] }> {
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
  if (sheet.rows.length > MAX_LEDGER_ROWS) throw InputError.field('file', 'ledger.rowsTooMany');
  const [departments, staff, who, existing] = await Promise.all([
    listDepartments(deps.db),
    listStaff(deps.db),
    actingPerson(deps.db, by),
    // The zone's projects as the export lists them (an administrator's occasional read, as the export's): a row
    // naming one is not a new project — importing it again would start a second lifecycle, mail its contact a second
    // portal link and count its signing twice.
    pipelineEnterprises(deps, { kind: 'zone' }),
  ]);
  const today = deps.calendar.localDate(deps.clock.now());
  const parsed = parseLedger(sheet.headers, sheet.rows, { departments, staff, today });
  const known = new Map(existing.map((e) => [sameName(e.name), e]));
  const already: LedgerError[] = parsed.rows.flatMap((r) => {
    const found = known.get(sameName(r.input.name));
    // A run that resumes finds the rows it registered already: those are this row, not another project.
    if (!found || (batchId && found.id === rowEnterpriseId(batchId, r.row))) return [];
    return [{ row: r.row, column: 'name', message: 'ledger.exists', params: { name: found.name } }];
  });
  // A head imports only their department's projects: the same rule as registering one, reported per row and column.
  const column: Record<string, string> = {
    serviceOfficerId: 'officer',
    'lead.departmentId': 'leadDepartment',
  };
  const byId = new Map(staff.map((s) => [s.id, s]));
  const scope = parsed.rows.flatMap((r) => {
    const officer = byId.get(r.input.serviceOfficerId);
    return officer
      ? scopeProblems(who, r.input, officer).map((p) => ({
          row: r.row,
          column: column[p.path],
          message: p.message,
        }))
      : [];
  });
  const errors = [...parsed.errors, ...already, ...scope].sort((a, b) => a.row - b.row);
  return errors.length ? { rows: [], errors } : parsed;
}

/** A project's name as two spellings of it compare: full-width forms folded (NFKC), spaces ignored. */
const sameName = (name: string) => name.normalize('NFKC').replace(/\s+/g, '');
