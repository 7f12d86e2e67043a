import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { logger } from '#shared/log/logger.ts';
import { recordMailFeedback } from '#shared/mail/feedback.ts';
import { awsDeps } from '../lib/aws-deps.ts';

/** SES's bounce and complaint events, through SNS: the addresses they name are marked undeliverable. */
export const handler = middy(async (event: SNSEvent) => {
  const marked = await recordMailFeedback(
    await awsDeps(),
    (event.Records ?? []).map((r) => r.Sns.Message),
  );
  logger.info('mail feedback', { marked });
  return { marked };
});
