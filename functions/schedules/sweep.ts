import middy from '@middy/core';
import { logger } from '#shared/log/logger.ts';
import { sweep } from '#shared/schedules/sweep.ts';
import { awsDeps } from '../lib/aws-deps.ts';

/** Invoked by EventBridge Scheduler every 15 minutes. A failed send throws, so the error alarm sees it. */
export const handler = middy(async () => {
  const result = await sweep(await awsDeps());
  logger.info('sweep', result);
  if (result.queued.failed) throw new Error(`${result.queued.failed} queued mails could not be sent`);
  return result;
});
