import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '#shared/domain/ids.ts';
import type { Mail, Mailer } from '#shared/mail/mailer.ts';
import { sendQueuedMail } from '#shared/mail/office-hours.ts';
import { SEND_BUDGET_MS, sweep } from '#shared/schedules/sweep.ts';
import { takeLease } from '#shared/store/lease.ts';
import { claimQueued, dueMail, enqueueMail, queuedCount } from '#shared/store/mail-queue.ts';
import { freshDb } from '../support/db.ts';
import { manualClock, storeDeps } from '../support/fixtures.ts';

let db: Awaited<ReturnType<typeof freshDb>>;
// Mon 30 Nov 2026, 10:00 in Shanghai: office hours.
const clock = manualClock('2026-11-30T02:00:00Z');

/** Counts what it sends, taking a little while over each (so two senders overlap), or failing while `down`. */
function countingMailer() {
  const sent: Mail[] = [];
  let down = false;
  const mailer: Mailer = {
    async send(mail) {
      await new Promise((r) => setTimeout(r, 15));
      if (down) throw new Error('mail server down');
      sent.push(mail);
      return { id: String(sent.length) };
    },
  };
  return { mailer, sent, setDown: (next: boolean) => (down = next) };
}

let mail = countingMailer();
const deps = () => storeDeps({ db, clock, mailer: mail.mailer });

async function queue(count: number, tag: string) {
  const at = new Date(clock.now().getTime() - 60_000);
  for (let i = 0; i < count; i++) {
    await enqueueMail(db, newId(), at, {
      to: ['x@zone.example.cn'],
      subject: `${tag} ${i}`,
      text: '',
      html: '',
      links: [],
    });
  }
}
const subjects = () => mail.sent.map((m) => m.subject).sort();
const expected = (count: number, tag: string) =>
  Array.from({ length: count }, (_, i) => `${tag} ${i}`).sort();
const advance = (minutes: number) =>
  clock.set(new Date(clock.now().getTime() + minutes * 60_000).toISOString());

beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => db.drop());
beforeEach(() => {
  mail = countingMailer();
});

describe('the sweep, run twice at once', () => {
  it('runs once: the second run returns at once, skipped, and each queued mail goes out once', async () => {
    await queue(6, 'overlap');
    const results = await Promise.all([sweep(deps()), sweep(deps())]);
    expect(results.map((r) => r.skipped).sort()).toEqual([false, true]);
    expect(results.find((r) => !r.skipped)?.queued).toEqual({ sent: 6, failed: 0 });
    expect(subjects()).toEqual(expected(6, 'overlap'));
    expect(await queuedCount(db)).toBe(0);
    // The lease was given back: the next run runs.
    expect((await sweep(deps())).skipped).toBe(false);
  });

  it('takes over a lease left by a run that crashed, once the lease has run out', async () => {
    expect(await takeLease(db, 'sweep', 'crashed-run', clock.now())).toBe(true);
    await queue(1, 'after crash');
    expect((await sweep(deps())).skipped).toBe(true);
    advance(6);
    const result = await sweep(deps());
    expect(result.skipped).toBe(false);
    expect(subjects()).toEqual(['after crash 0']);
  });
});

describe('queued mail, claimed before it is sent', () => {
  it('two senders at once send each mail once', async () => {
    await queue(8, 'claimed');
    const results = await Promise.all([sendQueuedMail(deps()), sendQueuedMail(deps())]);
    expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(8);
    expect(subjects()).toEqual(expected(8, 'claimed'));
    expect(await queuedCount(db)).toBe(0);
  });

  it('a mail whose sender crashed after claiming it is sent once the claim is older than the lease', async () => {
    await queue(1, 'orphan');
    const [orphan] = await dueMail(db, clock.now());
    expect(await claimQueued(db, orphan?.sk ?? '', 'crashed-sender', clock.now())).toBe(true);
    expect(await sendQueuedMail(deps())).toEqual({ sent: 0, failed: 0 });
    advance(6);
    expect(await sendQueuedMail(deps())).toEqual({ sent: 1, failed: 0 });
    expect(subjects()).toEqual(['orphan 0']);
    expect(await queuedCount(db)).toBe(0);
  });

  it('a mail that could not be sent is given back at once, for the next sweep', async () => {
    await queue(2, 'retry');
    mail.setDown(true);
    expect((await sweep(deps())).queued.failed).toBeGreaterThan(0);
    mail.setDown(false);
    expect((await sweep(deps())).queued).toEqual({ sent: 2, failed: 0 });
    expect(subjects()).toEqual(expected(2, 'retry'));
  });
});

describe('the sweep’s pace', () => {
  it('sends at half the account’s rate within its budget, and leaves what it had no time for to the next run', async () => {
    await queue(5, 'paced');
    const asked: [number, number | undefined][] = [];
    let tokens = 2;
    const result = await sweep(deps(), (perSecond, budgetMs) => {
      asked.push([perSecond, budgetMs]);
      return async () => tokens-- > 0;
    });
    // MAIL_SEND_RATE's default, 14 a second: the sweep takes 7, for at most its budget.
    expect(asked).toEqual([[7, SEND_BUDGET_MS]]);
    expect(result.queued).toEqual({ sent: 2, failed: 0 });
    expect(await queuedCount(db)).toBe(3);
    expect((await sweep(deps())).queued).toEqual({ sent: 3, failed: 0 });
    expect(subjects()).toEqual(expected(5, 'paced'));
  });
});
