/**
 * What can go wrong with a use case, whatever stores it: a changed or missing record (the HTTP layer answers 409 /
 * 404), or a write that kept being cancelled by others (503: try again shortly).
 */
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

/**
 * Someone acting on a task or need through a link issued to them, after it moved to another person (a reassignment,
 * a hand-over, a re-route): the link no longer lets them act, and nothing is recorded in their name or the holder's.
 * `holderId` is who holds it now (the HTTP layer says so on the page).
 */
export class NotHolderError extends Error {
  override readonly name = 'NotHolderError';
  constructor(
    readonly entity: 'task' | 'need',
    readonly id: string,
    readonly holderId: string | undefined,
  ) {
    super(`${entity} ${id} is held by ${holderId ?? 'nobody'}`);
  }
}
