import { createHash } from 'node:crypto';

/**
 * The id a ledger row's enterprise gets: fixed by the batch and the row, so importing the same batch again (after a
 * failure part-way, a retry) finds the rows already in and adds only the rest.
 */
export function rowEnterpriseId(batchId: string, row: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const hash = createHash('sha256').update(`${batchId}#${row}`).digest();
  let random = '';
  for (let i = 0; i < 16; i++) random += alphabet[hash[i]! % 32];
  return `${batchId.slice(0, 10)}${random}`;
}
