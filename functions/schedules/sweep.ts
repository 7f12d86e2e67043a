import middy from '@middy/core';
import { logger } from '#shared/log/logger.ts';
import { awsDeps } from '../lib/aws-deps.ts';

/**
 * Invoked by EventBridge Scheduler every 15 minutes. A failed send throws, so the error alarm sees it. Its code loads
 * with the first invocation, so init is the wrapper's alone.
 */
export const handler = middy(async () => {
  const [{ sweep }, deps] = await Promise.all([import('#shared/schedules/sweep.ts'), awsDeps()]);
  const result = await sweep(deps);
  logger.info('sweep', result);
  if (result.queued.failed) throw new Error(`${result.queued.failed} queued mails could not be sent`);
  return result;
});
