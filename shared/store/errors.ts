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
