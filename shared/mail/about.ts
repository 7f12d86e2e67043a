import type { Need, Task } from '../domain/work-item.ts';
import type { MailAbout } from './mailer.ts';

/** A staff mail about a need as it stands: its status and owner now (`firstContact`: a chase of its first contact). */
export function needAbout(
  need: Pick<Need, 'enterpriseId' | 'id' | 'status' | 'ownerId'>,
  options: { firstContact?: boolean; reminder?: number } = {},
): MailAbout {
  return {
    kind: 'need',
    enterpriseId: need.enterpriseId,
    id: need.id,
    status: need.status,
    ...(need.ownerId ? { ownerId: need.ownerId } : {}),
    ...(options.firstContact ? { firstContact: true as const } : {}),
    ...(options.reminder !== undefined ? { reminder: options.reminder } : {}),
  };
}

/**
 * A staff mail about a task and the officer holding it, as `{ about }` to spread into the mail; nothing when the
 * caller named only what the task is (a preview), so the mail is about nothing and always goes. `reminder`: a routine
 * reminder's stage (`reminderStage`), so that one as far along held after it supersedes it.
 */
export function taskAbout(
  task: Partial<Pick<Task, 'enterpriseId' | 'id' | 'officerId'>>,
  options: { reminder?: number } = {},
): {
  about?: MailAbout;
} {
  const { enterpriseId, id, officerId } = task;
  if (!enterpriseId || !id || !officerId) return {};
  return {
    about: {
      kind: 'task',
      enterpriseId,
      id,
      officerId,
      ...(options.reminder !== undefined ? { reminder: options.reminder } : {}),
    },
  };
}

/**
 * How far along a reminder is: −1 before the due date, 0 on it, then the working days late (at least 1). A held
 * reminder gives way only to one at least as far along, so a clock set back (which can key a newer mail before an
 * older one) never sends the earlier-stage one in place of the later.
 */
export function reminderStage(kind: 'before' | 'due' | 'overdue', daysLate = 0): number {
  return kind === 'before' ? -1 : kind === 'due' ? 0 : Math.max(1, daysLate);
}
