import type { Deps } from '../deps.ts';
import type { Staff } from '../domain/organisation.ts';
import type { Task } from '../domain/work-item.ts';
import { sendToStaff } from '../mail/office-hours.ts';
import { recipientOf } from '../notify/channel.ts';
import { taskOpenedMail } from './mail.tsx';
import { taskLink } from './task-link.ts';

/**
 * Tell an officer a task is theirs, with its link: when the lifecycle opens it, and when it is handed to them
 * (links sent before keep working). Staff mail waits for office hours.
 */
export async function tellOfficer(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar' | 'mailer' | 'links'>,
  task: Task,
  officer: Staff,
): Promise<void> {
  await sendToStaff(
    deps,
    taskOpenedMail({
      locale: officer.locale ?? 'zh-CN',
      to: recipientOf(officer),
      name: officer.name,
      enterprise: task.enterpriseName,
      // About the task as the recipient holds it (a reassignment tells the new officer before the task moves).
      task: { ...task, officerId: officer.id },
      due: deps.calendar.localDate(new Date(task.dueAt)),
      // The link is the recipient's own (the task may be on its way to them, e.g. a reassignment).
      url: taskLink(deps, { ...task, officerId: officer.id }),
    }),
  );
}
