import { logger } from '../log/logger.ts';
import type { Mailer } from './mailer.ts';

/**
 * Log every mail sent — its id and how many recipients, never the addresses — so a mail can be traced to the
 * request or execution (the correlation id already on the logger) that caused it.
 */
export function loggedMailer(inner: Mailer): Mailer {
  return {
    async send(mail) {
      const { id } = await inner.send(mail);
      logger.info('mail sent', { mailId: id, recipients: mail.to.length, links: mail.links.length });
      return { id };
    },
  };
}
