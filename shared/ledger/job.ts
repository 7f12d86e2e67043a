import { z } from 'zod';
import { ConflictError } from '../domain/errors.ts';
import { registerEnterprise } from '../enterprises/register.ts';
import { logger } from '../log/logger.ts';
import type { By } from '../organisation/create.ts';
import { type Pace, pacer } from '../pace.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { getImportBatch, type ImportBatch, importBatchChange, saveImportBatch } from '../store/imports.ts';
import { transact } from '../store/write.ts';
import { checkLedger, type LedgerDeps } from './check.ts';
import { rowEnterpriseId } from './ids.ts';
import type { LedgerRow } from './parse.ts';

/** What starts a background import (the asynchronous invocation's payload): the batch confirmed. */
export const LedgerJob = z.object({
  batchId: z.string().regex(/^[0-9A-Z]{26}$/),
  correlationId: z.string().max(100).optional(),
});
export type LedgerJob = z.infer<typeof LedgerJob>;

export interface JobPace {
  /** Progress is recorded on the batch after every this many rows (what a re-run skips). */
  progressEvery: number;
  /**
   * At most this many rows a second. Each row starts a lifecycle execution — StartExecution is a token bucket per
   * account and region, refilled at 25 a second in the smaller regions in the oldest published table (500 tokens),
   * far more in the largest; each start then costs a few state transitions (a reduced quota on new accounts) — and
   * mails its contacts their portal link (SES starts production accounts at 14 a second). 10 a second stays under all
   * of them with room for the zone's other work; a 5,000-row ledger then takes about 8½ minutes, inside the function's
   * 15 (locally, unpaced, rows register at about 39 a second).
   */
  rowsPerSecond: number;
  /** Rows registered at once. */
  concurrency: number;
}

export const JOB_PACE: JobPace = { progressEvery: 50, rowsPerSecond: 10, concurrency: 4 };

/**
 * Import a confirmed ledger in the background: check it again (the organisation may have changed since the preview:
 * any problem, and nothing more is registered — the batch says why), then register its rows in order, paced,
 * recording progress on the batch every `progressEvery` rows with a conditional write. Resumable: each row's
 * enterprise has a fixed id (`rowEnterpriseId`), and a re-run (Lambda's retry, a manager's "continue") starts after
 * the rows recorded and finds any later row already in.
 */
export async function runLedgerImport(
  deps: LedgerDeps,
  job: LedgerJob,
  pace: JobPace = JOB_PACE,
): Promise<ImportBatch | undefined> {
  let batch = await getImportBatch(deps.db, job.batchId);
  // Only a confirmed import runs (a retry of a run that failed on an error continues it).
  if (!batch || !(batch.status === 'importing' || (batch.status === 'failed' && batch.failure === 'error'))) {
    return batch;
  }
  const by: By = { actor: { kind: 'staff', id: batch.confirmedBy ?? batch.createdBy }, channel: 'import' };
  try {
    const file = await deps.files.get(batch.fileKey);
    if (!file) throw new Error(`ledger file ${batch.fileKey} is missing`);
    const { rows, errors } = await checkLedger(deps, file.bytes, by, batch.id);
    if (errors.length) {
      return await save(deps, batch, (b) => ({
        ...b,
        status: 'failed',
        failure: 'rejected',
        problems: errors.slice(0, 100),
      }));
    }
    if (batch.status !== 'importing') batch = await save(deps, batch, (b) => ({ ...b, status: 'importing' }));
    let done = Math.min(batch.imported, rows.length);
    const paced = pacer(pace.rowsPerSecond);
    while (done < rows.length) {
      const chunk = rows.slice(done, done + pace.progressEvery);
      await registerAll(deps, batch.id, chunk, by, pace.concurrency, paced);
      done += chunk.length;
      const imported = done;
      batch = await save(deps, batch, (b) => ({ ...b, imported: Math.max(b.imported, imported) }));
    }
    return await finish(deps, batch, by, rows.length);
  } catch (error) {
    logger.error('ledger import stopped', { batchId: job.batchId, error: (error as Error).name });
    await save(deps, batch, (b) => ({ ...b, status: 'failed', failure: 'error' })).catch(() => undefined);
    throw error;
  }
}

/** Register rows, a few at once, each when the pace allows; a row already in (a re-run) has its lifecycle ensured. */
async function registerAll(
  deps: LedgerDeps,
  batchId: string,
  rows: LedgerRow[],
  by: By,
  concurrency: number,
  paced: Pace,
): Promise<void> {
  const queue = [...rows];
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      await paced();
      const id = rowEnterpriseId(batchId, row.row);
      try {
        await registerEnterprise(deps, row.input, by, { progress: row.progress, id });
      } catch (error) {
        if (!(error instanceof ConflictError && error.entity === 'enterprise' && error.reason === 'exists')) {
          throw error;
        }
        await ensureLifecycle(deps, id);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Write a change to the batch from the version read; if someone wrote since (a second run, a manager resuming),
 * read it again and apply the change to that.
 */
async function save(
  deps: LedgerDeps,
  batch: ImportBatch,
  change: (b: ImportBatch) => ImportBatch,
): Promise<ImportBatch> {
  for (let attempt = 0; ; attempt++) {
    const now = deps.clock.now().toISOString();
    try {
      return await saveImportBatch(deps.db, batch, { ...change(batch), updatedAt: now });
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 5) throw error;
      const latest = await getImportBatch(deps.db, batch.id);
      if (!latest) throw error;
      batch = latest;
    }
  }
}

/** The batch imported, with its audit event, in one transaction (once: a second run finds it imported). */
async function finish(deps: LedgerDeps, batch: ImportBatch, by: By, rows: number): Promise<ImportBatch> {
  for (let attempt = 0; ; attempt++) {
    if (batch.status === 'imported') return batch;
    const now = deps.clock.now();
    const after: ImportBatch = {
      ...batch,
      status: 'imported',
      imported: rows,
      updatedAt: now.toISOString(),
      finishedAt: now.toISOString(),
    };
    delete after.failure;
    delete after.problems;
    try {
      await transact(deps.db, [
        importBatchChange(deps.db, batch, after),
        auditItem(
          deps.db,
          newAudit(now, {
            ...by,
            action: 'ledger.imported',
            subject: { kind: 'import', id: batch.id },
            details: { fileName: batch.fileName, rows },
          }),
        ),
      ]);
      return { ...after, version: batch.version + 1 };
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 5) throw error;
      const latest = await getImportBatch(deps.db, batch.id);
      if (!latest) throw error;
      batch = latest;
    }
  }
}

/** A row imported before a failure may not have had its lifecycle started: start it (a running one is kept). */
async function ensureLifecycle(deps: LedgerDeps, enterpriseId: string): Promise<void> {
  try {
    await deps.workflows.startLifecycle({ enterpriseId, generation: 1 });
  } catch (error) {
    if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
  }
}
