import type { Deps } from '../deps.ts';
import { newId } from '../domain/ids.ts';
import { logger } from '../log/logger.ts';
import { countMetric } from '../metrics/metrics.ts';
import { undeliveredOf } from '../notify/notifier.ts';
import { type Pace, unpaced } from '../pace.ts';
import {
  claimQueued,
  dropQueued,
  dueMail,
  enqueueMail,
  type QueuedMail,
  releaseClaim,
  removeQueued,
  requeueFor,
} from '../store/mail-queue.ts';
import { subjectNow } from '../store/mail-subjects.ts';
import type { Mail } from './mailer.ts';
import { type MovedOn, movedOn, supersededBy } from './stale.ts';

type QueueDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'mailer'>;

/** How long a mail that could not be sent waits before the sweep tries it again. */
const RETRY_MS = 5 * 60_000;

/**
 * Send a mail now; if the mail server cannot take it, keep it in the queue for the sweep to retry (every 15
 * minutes) instead of failing the workflow step or request that made it. Nothing is lost, and managers see the
 * backlog on the board until it clears.
 */
export async function sendOrQueue(
  deps: Pick<Deps, 'db' | 'clock' | 'mailer'>,
  mail: Mail,
): Promise<'sent' | 'queued'> {
  const now = deps.clock.now();
  try {
    await deps.mailer.send(mail);
    return 'sent';
  } catch (error) {
    logger.warn('mail not sent; queued for retry', { error: (error as Error).name });
    countMetric('MailFailed');
    // Only those not reached: a person already told on WeCom, DingTalk or SMS is not told twice.
    const to = undeliveredOf(mail, error);
    await enqueueMail(deps.db, newId(now.getTime()), new Date(now.getTime() + RETRY_MS), { ...mail, to });
    return 'queued';
  }
}

/**
 * Mail to staff about their work goes out in office hours on working days only: outside them it waits in the queue
 * until the next office hour (the sweep sends it, unless what it is about — `mail.about` — moved on meanwhile).
 * Sign-in mail is never held: it answers what a person just did.
 */
export async function sendToStaff(deps: QueueDeps, mail: Mail): Promise<'sent' | 'queued'> {
  const now = deps.clock.now();
  if (deps.calendar.isOfficeTime(now)) return sendOrQueue(deps, mail);
  await enqueueMail(deps.db, newId(now.getTime()), deps.calendar.nextOfficeTime(now), mail);
  countMetric('MailQueued');
  return 'queued';
}

/** Mail waiting longer than it should: what managers are told about (count, and since when). */
export async function mailBacklog(
  deps: Pick<Deps, 'db' | 'clock'>,
  overdueMinutes = 30,
): Promise<{ count: number; since?: string } | undefined> {
  const cutoff = new Date(deps.clock.now().getTime() - overdueMinutes * 60_000);
  const late = await dueMail(deps.db, cutoff, 100);
  if (!late.length) return undefined;
  return { count: late.length, since: late[0]?.sk.slice(0, 24) };
}

/**
 * Send what the queue holds that is due now. Each mail is claimed before it is sent, so two senders never send the
 * same one, and removed only after it is sent: a sender that dies in between leaves it claimed, and once the claim
 * is older than the sweep's lease another sender takes it over (at least once). A mail about a need or task that
 * moved on while it waited (closed, answered, handed to someone else) is dropped instead, with why
 * (`droppedMail`), and counted in `dropped` (there only when some were). Each send waits for `pace` (the sweep's
 * share of the sending rate); once it says the run is out of time, the rest waits for the next run.
 */
export async function sendQueuedMail(
  deps: QueueDeps,
  pace: Pace = unpaced,
): Promise<{ sent: number; failed: number; dropped?: number }> {
  const claimant = newId();
  let sent = 0;
  let failed = 0;
  let dropped = 0;
  const result = () => ({ sent, failed, ...(dropped ? { dropped } : {}) });
  for (;;) {
    const due = await dueMail(deps.db, deps.clock.now());
    let claimed = 0;
    for (const [i, q] of due.entries()) {
      if (!(await claimQueued(deps.db, q.sk, claimant, deps.clock.now()))) continue;
      claimed++;
      let delivered = false;
      try {
        const stands = await stillStands(deps, q, claimant, due.slice(i + 1));
        if (stands !== 'yes') {
          if (stands === 'dropped') dropped++;
          continue;
        }
        if (!(await pace(q.mail.to.length))) {
          // Out of time at the pace: this one and the rest stay queued for the next run.
          await releaseClaim(deps.db, q.sk, claimant);
          return result();
        }
        await deps.mailer.send(q.mail);
        delivered = true;
        await removeQueued(deps.db, q.sk);
        sent++;
      } catch (error) {
        // Left in the queue for the next sweep (for those not reached only); the alarm on sweep errors tells
        // the operators.
        failed++;
        logger.error('queued mail not sent', { error: (error as Error).name });
        const remaining = undeliveredOf(q.mail, error);
        if (!delivered && remaining.length < q.mail.to.length)
          await requeueFor(deps.db, q.sk, claimant, remaining).catch(() => undefined);
        else if (!delivered) await releaseClaim(deps.db, q.sk, claimant).catch(() => undefined);
      }
    }
    // What is left is failing, or claimed by another sender.
    if (failed || !claimed) break;
  }
  return result();
}

/**
 * Whether a claimed mail still stands (`yes`: send it). A mail about nothing always does; a reminder superseded by
 * a newer one among the `later` mail of the same run, or one whose need or task moved on since it was made (read
 * with one GetItem and a projection), is dropped, recorded with why (`dropped`), or
 * left alone when another sender took the claim over meanwhile (`taken`: that sender decides).
 */
async function stillStands(
  deps: QueueDeps,
  q: QueuedMail,
  claimant: string,
  later: QueuedMail[],
): Promise<'yes' | 'dropped' | 'taken'> {
  const about = q.mail.about;
  if (!about) return 'yes';
  const why: MovedOn | undefined = later.some((l) => supersededBy(q.mail, l.mail))
    ? 'superseded'
    : movedOn(about, await subjectNow(deps.db, about));
  if (!why) return 'yes';
  if (!(await dropQueued(deps.db, q, claimant, why, deps.clock.now()))) return 'taken';
  logger.info('held mail dropped unsent: what it is about moved on, or a newer reminder replaces it', {
    ...about,
    why,
  });
  return 'dropped';
}
