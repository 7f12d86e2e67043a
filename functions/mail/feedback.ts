import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { logger } from '#shared/log/logger.ts';
import { awsDeps } from '../lib/aws-deps.ts';

/**
 * SES's bounce and complaint events, through SNS: the addresses they name are marked undeliverable. Its code loads
 * with the first invocation, so init is the wrapper's alone.
 */
export const handler = middy(async (event: SNSEvent) => {
  const [{ recordMailFeedback }, deps] = await Promise.all([import('#shared/mail/feedback.ts'), awsDeps()]);
  const marked = await recordMailFeedback(
    deps,
    (event.Records ?? []).map((r) => r.Sns.Message),
  );
  logger.info('mail feedback', { marked });
  return { marked };
});
