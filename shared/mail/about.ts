import type { Need, Task } from '../domain/work-item.ts';
import type { MailAbout } from './mailer.ts';

/** A staff mail about a need as it stands: its status and owner now (`firstContact`: a chase of its first contact). */
export function needAbout(
  need: Pick<Need, 'enterpriseId' | 'id' | 'status' | 'ownerId'>,
  options: { firstContact?: boolean; reminder?: boolean } = {},
): MailAbout {
  return {
    kind: 'need',
    enterpriseId: need.enterpriseId,
    id: need.id,
    status: need.status,
    ...(need.ownerId ? { ownerId: need.ownerId } : {}),
    ...(options.firstContact ? { firstContact: true as const } : {}),
    ...(options.reminder ? { reminder: true as const } : {}),
  };
}

/**
 * A staff mail about a task and the officer holding it, as `{ about }` to spread into the mail; nothing when the
 * caller named only what the task is (a preview), so the mail is about nothing and always goes. `reminder`: a routine
 * reminder, which a newer one held with it supersedes.
 */
export function taskAbout(
  task: Partial<Pick<Task, 'enterpriseId' | 'id' | 'officerId'>>,
  options: { reminder?: boolean } = {},
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
      ...(options.reminder ? { reminder: true as const } : {}),
    },
  };
}
