import type { SubjectNow } from '../store/mail-subjects.ts';
import type { Mail, MailAbout } from './mailer.ts';

/**
 * Why a held mail no longer stands: its need or task is gone; the need is in another status than the mail was sent
 * in (answered, closed, signed for, returned…), or someone else owns it, or the first contact it chased is recorded;
 * the task is no longer open (completed, cancelled), or another officer holds it; a need's part (协办) is answered
 * or ended, or someone else answers for it.
 */
export type MovedOn = 'gone' | 'status' | 'owner' | 'firstContact' | 'closed' | 'officer' | 'superseded';

/**
 * Whether a held reminder is superseded by a mail held after it: a reminder at least as far along about the same task,
 * need or part of a need to the same people (a sweep outage or a clock moved ahead can leave several waiting for one morning; only
 * the newest, which says how late it is now, goes).
 */
export function supersededBy(held: Mail, later: Mail): boolean {
  const [a, b] = [held.about, later.about];
  if (!a || !b) return false;
  if (a.reminder === undefined || b.reminder === undefined || b.reminder < a.reminder) return false;
  if (a.kind !== b.kind || a.id !== b.id) return false;
  const people = (m: Mail) =>
    m.to
      .map((x) => JSON.stringify(x))
      .sort()
      .join('\n');
  return people(held) === people(later);
}

/**
 * Whether what a held mail is about moved on since the mail was made (then it is dropped, not sent), and why;
 * undefined: it still stands and goes out. The owner is compared when the mail named one: the mail is about the
 * need as its owner held it, whoever it went to (a substitute acting for the owner, a head told the owner is late).
 */
export function movedOn(about: MailAbout, now: SubjectNow | undefined): MovedOn | undefined {
  if (!now) return 'gone';
  if (about.kind === 'part') {
    if (now.status !== 'open') return 'closed';
    return now.ownerId === about.ownerId ? undefined : 'owner';
  }
  if (about.kind === 'task') {
    if (now.status !== 'open') return 'closed';
    return now.officerId === about.officerId ? undefined : 'officer';
  }
  if (now.status !== about.status) return 'status';
  if (about.ownerId !== undefined && now.ownerId !== about.ownerId) return 'owner';
  if (about.firstContact && now.firstContactAt) return 'firstContact';
  return undefined;
}
