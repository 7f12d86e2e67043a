import type { AuditEvent } from '../domain/audit.ts';
import type { Task } from '../domain/work-item.ts';
import { auditItem } from './audit.ts';
import type { Db } from './db.ts';
import { keys, OPEN_INDEX_ATTRIBUTES, openItemIndexes } from './keys.ts';
import { type Guarded, putNew, transact, updateItem } from './write.ts';

export function taskItem(db: Db, task: Task): Guarded {
  const indexes = task.status === 'open' ? openItemIndexes(task) : {};
  return {
    entity: 'task',
    id: task.id,
    reason: 'exists',
    item: putNew(db, { ...keys.task(task.enterpriseId, task.id), type: 'Task', ...indexes, ...task }),
  };
}

export async function insertTask(db: Db, task: Task, audit: AuditEvent): Promise<void> {
  await transact(db, [taskItem(db, task), auditItem(db, audit)]);
}

/**
 * Close an open task: only an open task at the version read can be closed, so a second completion
 * (a double click, a replayed link) fails with ConflictError('not-open') and changes nothing.
 * The task leaves the boards because its index attributes are removed.
 */
export function closeTaskItem(
  db: Db,
  task: Task,
  change: { status: 'completed' | 'cancelled'; at: string; fields?: Record<string, unknown> },
): Guarded {
  return updateItem(db, {
    entity: 'task',
    id: task.id,
    key: keys.task(task.enterpriseId, task.id),
    expectedVersion: task.version,
    set: { status: change.status, completedAt: change.at, ...change.fields },
    remove: [...OPEN_INDEX_ATTRIBUTES],
    also: {
      expression: '#status = :open',
      names: { '#status': 'status' },
      values: { ':open': 'open' },
      reason: 'not-open',
    },
  });
}
