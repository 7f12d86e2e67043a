import middy from '@middy/core';
import { inOperation, logger } from '#shared/log/logger.ts';
import { freshAwsDeps } from '../lib/aws-deps.ts';

/**
 * Invoked asynchronously by the Http function when a manager confirms a ledger: registers its rows in the background,
 * recording progress on the batch. A failure throws, so Lambda retries it (twice), each run continuing where the
 * last stopped; the error alarm sees it. Its code loads with the first invocation, so init is the wrapper's alone.
 */
export const handler = middy(async (event: unknown) => {
  const { LedgerJob, runLedgerImport } = await import('#shared/ledger/job.ts');
  const job = LedgerJob.parse(event);
  return inOperation(job.correlationId, async () => {
    // The calendar as managers keep it (stored arrangements, seasonal hours), like every function that dates things.
    const batch = await runLedgerImport(await freshAwsDeps(), job);
    logger.info('ledger import ran', {
      batchId: job.batchId,
      status: batch?.status,
      imported: batch?.imported,
    });
  });
});
