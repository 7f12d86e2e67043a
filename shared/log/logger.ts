import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The operation a log line belongs to — a request, a workflow step — held per asynchronous call chain, never on the
 * shared logger: locally many requests and steps run at once in one process, and a key on the logger itself would
 * show up on the other operations' lines.
 */
interface Operation {
  correlationId?: string;
}
const operations = new AsyncLocalStorage<Operation>();

type Extra = Parameters<Logger['info']> extends [unknown, ...infer R] ? R : never;

/** Powertools' logger, with the current operation's correlation id on every line. */
class OperationLogger extends Logger {
  private withOperation(extra: Extra): Extra {
    const correlationId = operations.getStore()?.correlationId;
    return (correlationId ? [...extra, { correlationId }] : extra) as Extra;
  }
  override debug(input: Parameters<Logger['debug']>[0], ...extra: Extra): void {
    super.debug(input, ...this.withOperation(extra));
  }
  override info(input: Parameters<Logger['info']>[0], ...extra: Extra): void {
    super.info(input, ...this.withOperation(extra));
  }
  override warn(input: Parameters<Logger['warn']>[0], ...extra: Extra): void {
    super.warn(input, ...this.withOperation(extra));
  }
  override error(input: Parameters<Logger['error']>[0], ...extra: Extra): void {
    super.error(input, ...this.withOperation(extra));
  }
  override critical(input: Parameters<Logger['critical']>[0], ...extra: Extra): void {
    super.critical(input, ...this.withOperation(extra));
  }
}

/**
 * Structured JSON logs. Rule: ids, never personal data — no emails, phones or names in any log line.
 * `correlationId` follows a request, the execution it starts and the mails it causes: it belongs to the operation
 * (`inOperation`, `enterOperation`), so two operations running at once never log each other's.
 */
export const logger = new OperationLogger({
  serviceName: 'aftercare',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? (process.env.VITEST ? 'SILENT' : 'INFO'),
});

/** Run `fn` as an operation of its own, with this correlation id on every line it logs (and what it starts). */
export function inOperation<T>(correlationId: string | undefined, fn: () => T): T {
  return operations.run({ correlationId }, fn);
}

/**
 * Start an operation from here on in the current call chain — for a middleware that cannot wrap what follows it.
 * Call it before the middleware's first `await`: what runs after it (the route, the other middlewares) is then in
 * the operation, and the caller's other chains are not.
 */
export function enterOperation(correlationId: string | undefined): void {
  operations.enterWith({ correlationId });
}

/** The current operation's correlation id, if any. */
export const currentCorrelationId = (): string | undefined => operations.getStore()?.correlationId;
