import type { Deps } from '../deps.ts';
import type { Staff } from '../domain/organisation.ts';
import type { Task } from '../domain/work-item.ts';
import { sendToStaff } from '../mail/office-hours.ts';
import { keys, openItemIndexes } from '../store/keys.ts';
import { type Guarded, updateItem } from '../store/write.ts';
import { taskOpenedMail } from './mail.tsx';
import { taskLink } from './task-link.ts';

/** An open task moved to another officer (and onto their boards), if still open and unchanged since read. */
export function moveTaskItem(db: Deps['db'], task: Task, to: Pick<Staff, 'id' | 'departmentId'>): Guarded {
  const moved = { ...task, officerId: to.id, departmentId: to.departmentId };
  return updateItem(db, {
    entity: 'task',
    id: task.id,
    key: keys.task(task.enterpriseId, task.id),
    expectedVersion: task.version,
    set: { officerId: to.id, departmentId: to.departmentId, ...openItemIndexes(moved) },
    also: {
      expression: '#st = :open',
      names: { '#st': 'status' },
      values: { ':open': 'open' },
      reason: 'not-open',
    },
  });
}

/** Tell a task's new officer about it, with its link (links already sent keep working). */
export async function tellNewOfficer(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar' | 'mailer' | 'links'>,
  task: Task,
  to: Staff,
): Promise<void> {
  await sendToStaff(
    deps,
    taskOpenedMail({
      locale: to.locale ?? 'zh-CN',
      to: to.email,
      name: to.name,
      enterprise: task.enterpriseName,
      task,
      due: deps.calendar.localDate(new Date(task.dueAt)),
      url: taskLink(deps, task),
    }),
  );
}
