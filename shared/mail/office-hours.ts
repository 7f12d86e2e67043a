import type { Deps } from '../deps.ts';
import { newId } from '../domain/ids.ts';
import { logger } from '../log/logger.ts';
import { countMetric } from '../metrics/metrics.ts';
import { dueMail, enqueueMail, removeQueued } from '../store/mail-queue.ts';
import type { Mail } from './mailer.ts';

type QueueDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'mailer'>;

/**
 * Mail to staff about their work goes out in office hours on working days only: outside them it waits in the queue
 * until the next office hour (the sweep sends it). Sign-in mail and mail to enterprises do not use this: they are
 * answers to something a person just did.
 */
export async function sendToStaff(deps: QueueDeps, mail: Mail): Promise<'sent' | 'queued'> {
  const now = deps.clock.now();
  if (deps.calendar.isOfficeTime(now)) {
    await deps.mailer.send(mail);
    return 'sent';
  }
  await enqueueMail(deps.db, newId(now.getTime()), deps.calendar.nextOfficeTime(now), mail);
  countMetric('MailQueued');
  return 'queued';
}

/** Send what the queue holds that is due now: each mail is removed only after it is sent (at least once). */
export async function sendQueuedMail(deps: QueueDeps): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (;;) {
    const due = await dueMail(deps.db, deps.clock.now());
    if (!due.length) break;
    for (const q of due) {
      try {
        await deps.mailer.send(q.mail);
        await removeQueued(deps.db, q.sk);
        sent++;
      } catch (error) {
        // Left in the queue for the next sweep; the alarm on sweep errors tells the operators.
        failed++;
        logger.error('queued mail not sent', { error: (error as Error).name });
      }
    }
    if (failed) break;
  }
  return { sent, failed };
}
