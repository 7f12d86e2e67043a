import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { NeedPart } from '../domain/need-part.ts';
import { type Db, stripKeys } from './db.ts';
import { keys, OPEN_INDEX_ATTRIBUTES, openItemIndexes } from './keys.ts';
import { fieldChanges, type Guarded, putNew, updateItem } from './write.ts';

/** An open part is on its assisting department's boards, and its owner's, by its own due time. */
function boardKeys(part: NeedPart): Record<string, string> {
  if (part.status !== 'open') return {};
  return openItemIndexes({
    id: part.id,
    dueAt: part.dueAt,
    departmentId: part.departmentId,
    officerId: part.ownerId,
  });
}

export function newPartItem(db: Db, part: NeedPart): Guarded {
  return {
    entity: 'needPart',
    id: part.id,
    reason: 'exists',
    item: putNew(db, {
      ...keys.needPart(part.enterpriseId, part.needId, part.id),
      type: 'NeedPart',
      ...boardKeys(part),
      ...part,
    }),
  };
}

/** Move a part on (answered, handed over, cancelled): only from the version read, and only while it is open. */
export function partChange(db: Db, before: NeedPart, after: NeedPart): Guarded {
  const board = boardKeys(after);
  const fields = fieldChanges(before, after, ['id', 'version', 'enterpriseId', 'needId']);
  return updateItem(db, {
    entity: 'needPart',
    id: before.id,
    key: keys.needPart(before.enterpriseId, before.needId, before.id),
    expectedVersion: before.version,
    set: { ...fields.set, ...board },
    remove: [...fields.remove, ...(Object.keys(board).length ? [] : OPEN_INDEX_ATTRIBUTES)],
    also: {
      expression: '#st = :open',
      names: { '#st': 'status' },
      values: { ':open': 'open' },
      reason: 'not-open',
    },
  });
}

/**
 * End an open part unanswered because its need closed or went elsewhere (the need's own change decides; it reads
 * only the need's summary, so the part is named by id): off the boards, with the reason.
 */
export function partEnded(
  db: Db,
  part: { enterpriseId: string; needId: string; id: string },
  reason: NonNullable<NeedPart['cancelReason']>,
): Guarded {
  return updateItem(db, {
    entity: 'needPart',
    id: part.id,
    key: keys.needPart(part.enterpriseId, part.needId, part.id),
    set: { status: 'cancelled', cancelReason: reason },
    remove: [...OPEN_INDEX_ATTRIBUTES],
    also: {
      expression: '#st = :open',
      names: { '#st': 'status' },
      values: { ':open': 'open' },
      reason: 'not-open',
    },
  });
}

/** Record a reminder of a part as sent, once, while the part is open. */
export function partNotifiedItem(db: Db, part: NeedPart, key: string): Guarded {
  return {
    entity: 'needPart',
    id: part.id,
    reason: 'notified',
    item: {
      Update: {
        TableName: db.table,
        Key: keys.needPart(part.enterpriseId, part.needId, part.id),
        UpdateExpression: 'SET notified = list_append(if_not_exists(notified, :empty), :key)',
        ConditionExpression: 'attribute_exists(PK) AND NOT contains(notified, :k) AND #st = :open',
        ExpressionAttributeNames: { '#st': 'status' },
        ExpressionAttributeValues: { ':empty': [], ':key': [key], ':k': key, ':open': 'open' },
      },
    },
  };
}

/** A need's parts, oldest first: one sort-key range of the enterprise's partition. */
export async function partsOf(db: Db, enterpriseId: string, needId: string): Promise<NeedPart[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :parts)',
      ExpressionAttributeValues: {
        ':pk': keys.enterprisePartition(enterpriseId),
        ':parts': keys.needPartsOf(needId),
      },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => NeedPart.parse(stripKeys(i)));
}

/** Whether a table item (as the enterprise's partition returns it) is a need's part. */
export const isPartKey = (sk: string) => sk.startsWith('NEEDPART#');
export const parsePart = (raw: Record<string, unknown>) => NeedPart.parse(stripKeys(raw));
