import type { Deps } from '../deps.ts';
import type { Staff } from '../domain/organisation.ts';
import type { Task } from '../domain/work-item.ts';
import { keys, openItemIndexes } from '../store/keys.ts';
import { type Guarded, updateItem } from '../store/write.ts';

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
