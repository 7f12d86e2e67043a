/** The store's typed errors; the HTTP layer maps them to 409 / 404 (and a transaction that kept conflicting to 503). */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly reason: string,
  ) {
    super(`${entity} ${id}: ${reason}`);
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
  }
}

/**
 * A transaction that DynamoDB kept cancelling because other requests held its items (or throttled it), after every
 * retry: nothing was written, and the same request is worth trying again shortly (the HTTP layer answers 503).
 */
export class TransactionConflictError extends Error {
  override readonly name = 'TransactionConflict';
  constructor(options?: { cause?: unknown }) {
    super('transaction cancelled by conflicting requests', options);
  }
}

/** Reasons a transaction is cancelled that say nothing about its conditions: the same request may succeed later. */
const TRANSIENT_REASONS = ['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded'];

/**
 * A condition failed: a single write's, or at least one item's of a cancelled transaction. A transaction cancelled
 * only because another request held one of its items (TransactionConflict) or by throttling is not one.
 */
export function isConditionFailure(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  if (name === 'ConditionalCheckFailedException') return true;
  return (
    name === 'TransactionCanceledException' && cancellationReasons(error).includes('ConditionalCheckFailed')
  );
}

/** A transaction cancelled for contention or throttling, with no failed condition: retry it. */
export function isTransientCancellation(error: unknown): boolean {
  if ((error as { name?: string })?.name !== 'TransactionCanceledException') return false;
  const reasons = cancellationReasons(error);
  return !reasons.includes('ConditionalCheckFailed') && reasons.some((r) => TRANSIENT_REASONS.includes(r));
}

/** For a cancelled transaction: the reason code of each item, in order (e.g. 'ConditionalCheckFailed', 'None'). */
export function cancellationReasons(error: unknown): string[] {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] })?.CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
}
