import { invokeAsync } from '../aws/invoke.ts';
import { notConfigured } from '../config/config.ts';
import type { Deps } from '../deps.ts';
import { logger } from '../log/logger.ts';
import type { LedgerDeps } from './check.ts';
import { type LedgerJob, runLedgerImport } from './job.ts';

/**
 * Start a confirmed ledger's import off the request path.
 * - On AWS the Http function invokes the LedgerImport function asynchronously (`InvocationType: Event`, as it does
 *   SignInMail) and answers at once; Lambda retries a failed run twice, and each run continues where the last
 *   stopped (`functions/ledger/import.ts`).
 * - Locally the same job runs in process in the background (`ledgerImportsSettled` waits for it: tests, `stop()`).
 */
export async function startLedgerImport(
  deps: LedgerDeps & Pick<Deps, 'config'>,
  job: LedgerJob,
): Promise<void> {
  if (deps.config.AFTERCARE_MODE === 'local') {
    inBackground(job, () => runLedgerImport(deps, job));
    return;
  }
  const functionName = deps.config.LEDGER_IMPORT_FUNCTION;
  if (!functionName) throw notConfigured('ledger import', 'LEDGER_IMPORT_FUNCTION');
  await invokeAsync(functionName, job);
}

const running = new Set<Promise<void>>();

function inBackground(job: LedgerJob, run: () => Promise<unknown>): void {
  const done: Promise<void> = new Promise<void>((resolve) => {
    setImmediate(() => {
      run()
        .catch((error: unknown) =>
          // Recorded on the batch (failed), which the import page shows with a way to continue.
          logger.error('background ledger import failed', {
            batchId: job.batchId,
            error: (error as Error)?.name,
          }),
        )
        .finally(resolve);
    });
  }).finally(() => running.delete(done));
  running.add(done);
}

/** Local mode: resolves once every ledger import started so far has ended. */
export async function ledgerImportsSettled(): Promise<void> {
  while (running.size) await Promise.all([...running]);
}
