import { z } from 'zod';

/** An opaque cursor: DynamoDB's LastEvaluatedKey, base64url-encoded. A malformed one is a client error. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

const CursorKey = z.record(z.string().max(64), z.string().max(512));

export class BadCursorError extends Error {
  override readonly name = 'BadCursorError';
}

export function decodeCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (!cursor) return undefined;
  try {
    return CursorKey.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new BadCursorError('cursor.invalid');
  }
}

export interface Page<T> {
  items: T[];
  next?: string;
  /** Read capacity the query consumed (so tests and benchmarks can check it is proportional to the page). */
  readUnits: number;
}
