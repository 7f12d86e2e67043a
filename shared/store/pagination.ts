import { decodeCanonicalBase64url } from '../domain/base64url.ts';
import { TABLE } from './table.ts';

/** An opaque cursor: DynamoDB's LastEvaluatedKey, base64url-encoded. A malformed one is a client error. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export class BadCursorError extends Error {
  override readonly name = 'BadCursorError';
}

/** The key attribute sets a LastEvaluatedKey can have: the table's key, alone or with one index's key. */
const KEY_SETS: readonly (readonly string[])[] = [
  [TABLE.partitionKey, TABLE.sortKey],
  ...TABLE.indexes.map((i) => [TABLE.partitionKey, TABLE.sortKey, i.partitionKey, i.sortKey]),
];
const MAX_CURSOR = 2000;
const MAX_VALUE = 512;

/**
 * Decode a cursor this module encoded. Anything else — not canonical base64url, not JSON, not an object of string
 * key attributes of one of the table's key shapes, too long — is a BadCursorError (the HTTP layer's 400), never
 * handed to DynamoDB.
 */
export function decodeCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (!cursor) return undefined;
  const bad = () => new BadCursorError('cursor.invalid');
  const bytes = cursor.length > MAX_CURSOR ? undefined : decodeCanonicalBase64url(cursor);
  if (!bytes) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw bad();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw bad();
  const names = Object.keys(parsed).sort();
  const shape = KEY_SETS.find(
    (set) => set.length === names.length && [...set].sort().every((n, i) => n === names[i]),
  );
  if (!shape) throw bad();
  const key: Record<string, string> = Object.create(null);
  for (const name of shape) {
    const value = (parsed as Record<string, unknown>)[name];
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_VALUE) throw bad();
    key[name] = value;
  }
  return { ...key };
}

export interface Page<T> {
  items: T[];
  next?: string;
  /** Read capacity the query consumed (so tests and benchmarks can check it is proportional to the page). */
  readUnits: number;
}
