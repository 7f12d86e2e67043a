import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { type Db, stripKeys } from './db.ts';
import { keys } from './keys.ts';
import { epochSeconds } from './table.ts';
import { type Guarded, putNew, transact, updateItem } from './write.ts';

/** A ledger upload between its preview and its import: the file itself is in the file store. */
export const ImportBatch = z.object({
  id: z.string(),
  fileKey: z.string(),
  fileName: z.string(),
  rows: z.number().int(),
  status: z.enum(['previewed', 'importing', 'imported']),
  createdBy: z.string(),
  createdAt: z.string(),
  imported: z.number().int().default(0),
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
