import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

/** A sortable, unique id (ULID). `at` (ms) lets the local clock order ids the way it orders time. */
export function newId(at: number = Date.now()): string {
  return next(at);
}
