import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { type Db, stripKeys } from './db.ts';
import { keys } from './keys.ts';
import { epochSeconds } from './table.ts';
import { fieldChanges, type Guarded, putNew, transact, updateItem, writeItem } from './write.ts';

/** A problem the background import found when it checked the ledger again (the first few, to show). */
const BatchProblem = z.object({
  row: z.number().int(),
  column: z.string().optional(),
  message: z.string(),
  params: z.record(z.string(), z.string()).optional(),
});

/**
 * A ledger upload from its preview through its import (in the background: `shared/ledger/job.ts`): the file itself
 * is in the file store. `imported` counts the rows registered so far, in order: a re-run continues after them.
 */
export const ImportBatch = z.object({
  id: z.string(),
  fileKey: z.string(),
  fileName: z.string(),
  rows: z.number().int(),
  status: z.enum(['previewed', 'importing', 'imported', 'failed']),
  createdBy: z.string(),
  createdAt: z.string(),
  imported: z.number().int().default(0),
  /** Who confirmed the import: the job registers the rows as them. */
  confirmedBy: z.string().optional(),
  startedAt: z.string().optional(),
  updatedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** Why it stopped (status failed): the ledger no longer checks clean, or an error (it may be resumed). */
  failure: z.enum(['rejected', 'error']).optional(),
  problems: z.array(BatchProblem).max(100).optional(),
  version: z.number().int().min(1),
});
export type ImportBatch = z.infer<typeof ImportBatch>;

const KEEP_DAYS = 7;

export async function insertImportBatch(db: Db, batch: ImportBatch, more: Guarded[] = []): Promise<void> {
  const expiresAt = epochSeconds(new Date(batch.createdAt), KEEP_DAYS);
  await transact(db, [
    {
      entity: 'import',
      id: batch.id,
      reason: 'exists',
      item: putNew(db, { ...keys.importBatch(batch.id), type: 'ImportBatch', ...batch, expiresAt }),
    },
    ...more,
  ]);
}

export async function getImportBatch(db: Db, id: string): Promise<ImportBatch | undefined> {
  const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.importBatch(id) }));
  return out.Item ? ImportBatch.parse(stripKeys(out.Item)) : undefined;
}

/** Move a batch on (previewed → importing → imported), only from the version the caller read. */
export function importStatusItem(
  db: Db,
  batch: ImportBatch,
  status: ImportBatch['status'],
  imported?: number,
): Guarded {
  return updateItem(db, {
    entity: 'import',
    id: batch.id,
    key: keys.importBatch(batch.id),
    expectedVersion: batch.version,
    set: { status, ...(imported === undefined ? {} : { imported }) },
  });
}

/**
 * A batch as it should be now (`after`), from the one the caller read (`before`): only the fields that changed are
 * written, on condition that nobody wrote since (ConflictError 'version' otherwise).
 */
export function importBatchChange(db: Db, before: ImportBatch, after: ImportBatch): Guarded {
  const { set, remove } = fieldChanges(before, after, ['id', 'version', 'createdAt', 'createdBy', 'fileKey']);
  return updateItem(db, {
    entity: 'import',
    id: before.id,
    key: keys.importBatch(before.id),
    expectedVersion: before.version,
    set,
    remove,
  });
}

/** Write a batch's change on its own (progress, status); returns the batch as written (its next version). */
export async function saveImportBatch(db: Db, before: ImportBatch, after: ImportBatch): Promise<ImportBatch> {
  await writeItem(db, importBatchChange(db, before, after));
  return { ...after, version: before.version + 1 };
}
