import middy from '@middy/core';
import { withFreshCalendar } from '#shared/calendar/refresh.ts';
import { LedgerJob, runLedgerImport } from '#shared/ledger/job.ts';
import { inOperation, logger } from '#shared/log/logger.ts';
import { awsDeps } from '../lib/aws-deps.ts';

/**
 * Invoked asynchronously by the Http function when a manager confirms a ledger: registers its rows in the background,
 * recording progress on the batch. A failure throws, so Lambda retries it (twice), each run continuing where the
 * last stopped; the error alarm sees it.
 */
// The calendar as managers keep it (stored arrangements, seasonal hours), like every function that dates things.
const deps = withFreshCalendar(awsDeps);

export const handler = middy(async (event: unknown) => {
  const job = LedgerJob.parse(event);
  return inOperation(job.correlationId, async () => {
    const batch = await runLedgerImport(await deps(), job);
    logger.info('ledger import ran', {
      batchId: job.batchId,
      status: batch?.status,
      imported: batch?.imported,
    });
  });
});
