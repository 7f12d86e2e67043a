/** An error with an HTTP status and a message key the error page translates. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly key:
      | 'error.notFound'
      | 'error.forbidden'
      | 'error.unauthorized'
      | 'error.csrf'
      | 'error.tooLarge'
      | 'error.conflict'
      | 'error.server'
      | 'error.tooMany'
      | 'error.unavailable'
      | 'field.invalid',
  ) {
    super(key);
  }
}

/** 429: too many attempts; the page says so and when to try again (Retry-After). */
export class TooManyRequests extends HttpError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'error.tooMany');
  }
}

/**
 * A backing service (DynamoDB, S3, Step Functions) unreachable or overloaded, or a transaction that other requests
 * kept cancelling (the store's TransactionConflict, after its retries): worth trying again shortly.
 */
export function isUnavailable(
  error: Error & { code?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } },
) {
  const transient = [
    'TimeoutError',
    'NetworkingError',
    'ECONNREFUSED',
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'ThrottlingException',
    'ProvisionedThroughputExceededException',
    'RequestLimitExceeded',
    'InternalServerError',
    'ServiceUnavailable',
    'TransactionConflict',
    // A single write to an item a transaction is changing at that moment (the SDK does not retry it).
    'TransactionConflictException',
  ];
  return (
    transient.includes(error.name) ||
    transient.includes(error.code ?? '') ||
    !!error.$retryable ||
    (error.$metadata?.httpStatusCode ?? 0) >= 500
  );
}
