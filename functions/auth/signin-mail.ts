import middy from '@middy/core';
import { inOperation, logger } from '#shared/log/logger.ts';
import { awsDeps } from '../lib/aws-deps.ts';

/**
 * Invoked asynchronously by the Http function for every sign-in request (known address or not), so the request's
 * answer never waits on the lookup or the mail. Sends the link if the address is an active staff member's; a
 * failure throws, so Lambda retries it (twice) and the error alarm sees it. The address is never logged. Its code
 * loads with the first invocation, so init is the wrapper's alone.
 */
export const handler = middy(async (event: unknown) => {
  const { SignInMailJob, sendSignInLink } = await import('#shared/auth/signin-link.ts');
  const job = SignInMailJob.parse(event);
  return inOperation(job.correlationId, async () => {
    await sendSignInLink(await awsDeps(), job);
    logger.info('sign-in request handled');
  });
});
