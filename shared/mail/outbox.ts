import type { Clock } from '../clock/clock.ts';
import { newId } from '../domain/ids.ts';
import { emailOf } from '../notify/channel.ts';
import type { Db } from '../store/db.ts';
import { putOutboxMessage } from '../store/outbox.ts';
import type { Mail, Mailer } from './mailer.ts';

/** Local mode: every mail is kept in the table and shown at /_local/outbox. */
export function outboxMailer(db: Db, clock: Clock): Mailer {
  return {
    async send(mail: Mail) {
      const now = clock.now();
      const id = newId(now.getTime());
      await putOutboxMessage(db, {
        id,
        channel: 'email',
        ...mail,
        to: mail.to.map(emailOf),
        sentAt: now.toISOString(),
      });
      return { id };
    },
  };
}
