import type { Deps } from '../deps.ts';
import type { Staff } from '../domain/organisation.ts';
import type { Task } from '../domain/work-item.ts';
import { taskChange } from '../store/tasks.ts';
import type { Guarded } from '../store/write.ts';

/** An open task moved to another officer (and onto their boards), if still open and unchanged since read. */
export function moveTaskItem(db: Deps['db'], task: Task, to: Pick<Staff, 'id' | 'departmentId'>): Guarded {
  const moved = { ...task, officerId: to.id, departmentId: to.departmentId };
  return taskChange(db, task, moved, { open: true });
}
