import type { Deps } from '../deps.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { InputError } from '../domain/input-error.ts';
import type { Upload } from '../needs/attachments.ts';
import type { By } from '../organisation/create.ts';
import { getImportBatch, type ImportBatch, insertImportBatch, saveImportBatch } from '../store/imports.ts';
import { checkLedger, type LedgerDeps, MAX_LEDGER_BYTES } from './check.ts';
import { startLedgerImport } from './dispatch.ts';
import type { LedgerError, LedgerRow } from './parse.ts';

export { LEDGER_TOO_LARGE, LEDGER_XLSX_LIMITS, MAX_LEDGER_BYTES, MAX_LEDGER_ROWS } from './check.ts';
export { rowEnterpriseId } from './ids.ts';

type ImportDeps = LedgerDeps & Pick<Deps, 'config'>;

export interface LedgerCheck {
  rows: LedgerRow[];
  errors: LedgerError[];
  /** Stored for the import only when the ledger has no error. */
  batch?: ImportBatch;
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
  const result = await checkLedger(deps, upload.bytes, by);
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

/** A run that has written no progress for this long has stopped (its function timed out, the process ended). */
export const STALLED_AFTER_MS = 3 * 60 * 1000;

/** Whether an importing batch's run has stopped without saying so: it may be continued. */
export function isStalled(batch: ImportBatch, now: Date): boolean {
  const last = Date.parse(batch.updatedAt ?? batch.startedAt ?? batch.createdAt);
  return batch.status === 'importing' && now.getTime() - last > STALLED_AFTER_MS;
}

export type ConfirmOutcome =
  | { kind: 'started'; batch: ImportBatch }
  | { kind: 'running'; batch: ImportBatch }
  | { kind: 'imported'; batch: ImportBatch }
  | { kind: 'rejected'; errors: LedgerError[] };

/**
 * Confirm a previewed ledger, as the caller read it (or continue one that stopped): the ledger is checked again first (the organisation may
 * have changed since the preview) — any error, and nothing is registered. Then the batch is marked importing (a
 * conditional write: of two confirmations one starts it) and the import starts in the background
 * (`job.ts`), its progress recorded on the batch for the import page.
 */
export async function confirmLedger(deps: ImportDeps, batch: ImportBatch, by: By): Promise<ConfirmOutcome> {
  const now = deps.clock.now();
  if (batch.status === 'imported') return { kind: 'imported', batch };
  if (batch.status === 'importing' && !isStalled(batch, now)) return { kind: 'running', batch };
  const file = await deps.files.get(batch.fileKey);
  if (!file) throw new NotFoundError('import', batch.id);
  const { errors } = await checkLedger(deps, file.bytes, by, batch.id);
  if (errors.length) return { kind: 'rejected', errors };
  const after: ImportBatch = {
    ...batch,
    status: 'importing',
    confirmedBy: by.actor.kind === 'staff' ? by.actor.id : batch.createdBy,
    startedAt: batch.startedAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
  };
  delete after.failure;
  delete after.problems;
  let started: ImportBatch;
  try {
    started = await saveImportBatch(deps.db, batch, after);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // Confirmed twice at once: the other confirmation started it.
    return { kind: 'running', batch: (await getImportBatch(deps.db, batch.id)) ?? batch };
  }
  await startLedgerImport(deps, { batchId: batch.id });
  return { kind: 'started', batch: started };
}

/** How far an import is, for its page. */
export async function importProgress(deps: Pick<Deps, 'db'>, batchId: string): Promise<ImportBatch> {
  const batch = /^[0-9A-Z]{26}$/.test(batchId) ? await getImportBatch(deps.db, batchId) : undefined;
  if (!batch) throw new NotFoundError('import', batchId);
  return batch;
}
