import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DueDateMove } from '../domain/work-item.ts';
import { type Db, stripKeys } from './db.ts';
import { keys } from './keys.ts';
import { queryPages } from './query.ts';
import { fieldChanges, type Guarded, putNew, updateItem } from './write.ts';

/**
 * Requests to move a task's due date, each an item of its own beside the task (`TASKMOVE#<taskId>#MOVE#<id>` in the
 * enterprise's partition): a task never grows with its progress reports, and a task's requests are one Query on
 * its own sort-key range.
 */
export function moveItem(db: Db, move: DueDateMove): Guarded {
  return {
    entity: 'taskMove',
    id: move.id,
    reason: 'exists',
    item: putNew(db, {
      ...keys.taskMove(move.enterpriseId, move.taskId, move.id),
      type: 'TaskMove',
      ...move,
    }),
  };
}

/** A request decided: only from the state read (its version), so it is decided once. */
export function moveChange(db: Db, before: DueDateMove, after: DueDateMove): Guarded {
  const fields = fieldChanges(before, after, ['id', 'enterpriseId', 'taskId', 'version']);
  return updateItem(db, {
    entity: 'taskMove',
    id: before.id,
    key: keys.taskMove(before.enterpriseId, before.taskId, before.id),
    expectedVersion: before.version,
    set: fields.set,
    remove: fields.remove,
  });
}

export async function getMove(
  db: Db,
  ids: { enterpriseId: string; taskId: string; moveId: string },
): Promise<DueDateMove | undefined> {
  const out = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.taskMove(ids.enterpriseId, ids.taskId, ids.moveId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? DueDateMove.parse(stripKeys(out.Item)) : undefined;
}

/** Every move request of one task, oldest first (their ids are time-ordered). */
export async function movesOf(db: Db, enterpriseId: string, taskId: string): Promise<DueDateMove[]> {
  const moves: DueDateMove[] = [];
  const pages = queryPages(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :moves)',
    ExpressionAttributeValues: {
      ':pk': keys.enterprisePartition(enterpriseId),
      ':moves': keys.taskMovesOf(taskId),
    },
    ConsistentRead: true,
  });
  for await (const out of pages)
    for (const raw of out.Items ?? []) moves.push(DueDateMove.parse(stripKeys(raw)));
  return moves;
}
