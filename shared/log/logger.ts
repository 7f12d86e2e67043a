import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs. Rule: ids, never personal data — no emails, phones or names in any log line.
 * `correlationId` follows a request, the execution it starts and the mails it causes.
 */
export const logger = new Logger({
  serviceName: 'aftercare',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? (process.env.VITEST ? 'SILENT' : 'INFO'),
});
