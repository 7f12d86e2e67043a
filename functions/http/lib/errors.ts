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
      | 'field.invalid',
  ) {
    super(key);
  }
}
