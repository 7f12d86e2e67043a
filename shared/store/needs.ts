import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Need, onBoards } from '../domain/work-item.ts';

import { type Db, stripKeys } from './db.ts';
import { keys, OPEN_INDEX_ATTRIBUTES, openItemIndexes } from './keys.ts';
import { getWaitToken, putWaitToken } from './wait-tokens.ts';
import { fieldChanges, type Guarded, putNew, updateItem } from './write.ts';

/** A need is on the boards of its owner and the owner's department while staff must act on it. */
function boardKeys(need: Need): Record<string, string> {
  if (!onBoards(need) || !need.dueAt || !need.ownerId || !need.ownerDepartmentId) return {};
  return openItemIndexes({
    id: need.id,
    dueAt: need.dueAt,
    departmentId: need.ownerDepartmentId,
    officerId: need.ownerId,
  });
}

/**
 * The index entries a need carries: its board keys, or — while it awaits the return visit (回访), when it is on no
 * board — one entry in the zone's revisit list on GSI1, earliest due first (so the coordinator sees it outside mail).
 */
function needIndexes(need: Need): Record<string, string> {
  if (need.status === 'revisit' && need.dueAt)
    return { GSI1PK: keys.revisits(), GSI1SK: `${need.dueAt}#${need.id}` };
  return boardKeys(need);
}

export function newNeedItem(db: Db, need: Need): Guarded {
  return {
    entity: 'need',
    id: need.id,
    reason: 'exists',
    item: putNew(db, {
      ...keys.need(need.enterpriseId, need.id),
      type: 'Need',
      ...needIndexes(need),
      ...need,
    }),
  };
}

/**
 * Move a need from the status it was read in to its next state: only if nobody changed it meanwhile (version) and
 * it is still in the expected status, so two people acting at once cannot both succeed.
 */
export function needChange(db: Db, before: Need, after: Need): Guarded {
  const indexes = needIndexes(after);
  // What was sent is recorded by needNotifiedItem; only a change of status or of owner resets it (a new owner is
  // told afresh: a hand-over's new owner used to get nothing, since what the old owner was sent stayed recorded).
  // Otherwise it is left alone rather than rewritten from this read, which may predate a notification recorded
  // meanwhile.
  // A field the change clears (a superseded answer, a step's due time once closed) goes from the item too.
  const fields = fieldChanges(before, after, ['id', 'version', 'enterpriseId', 'notified']);
  if (after.status !== before.status || after.ownerId !== before.ownerId)
    fields.set.notified = after.notified;
  return updateItem(db, {
    entity: 'need',
    id: before.id,
    key: keys.need(before.enterpriseId, before.id),
    expectedVersion: before.version,
    set: { ...fields.set, ...indexes },
    // Every index attribute the need no longer carries goes: off the boards, into or out of the revisit list.
    remove: [...fields.remove, ...OPEN_INDEX_ATTRIBUTES.filter((a) => !(a in indexes))],
    also: {
      expression: '#st = :was',
      names: { '#st': 'status' },
      values: { ':was': before.status },
      reason: 'status',
    },
  });
}

export async function getNeed(db: Db, enterpriseId: string, needId: string): Promise<Need | undefined> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.need(enterpriseId, needId), ConsistentRead: true }),
  );
  return out.Item ? Need.parse(stripKeys(out.Item)) : undefined;
}

export function getNeedWaitToken(db: Db, enterpriseId: string, needId: string): Promise<string | undefined> {
  return getWaitToken(db, enterpriseId, keys.need(enterpriseId, needId));
}

/**
 * Keep a wait's token (an item of its own: `wait-tokens.ts`), then read the need: true if it is still in the status
 * the wait is for (at the version planned for, if given); false, and the caller releases the wait itself.
 */
export async function setNeedWaitToken(
  db: Db,
  need: { enterpriseId: string; id: string },
  status: string,
  token: string,
  version?: number,
): Promise<boolean> {
  const key = keys.need(need.enterpriseId, need.id);
  await putWaitToken(db, need.enterpriseId, key, token);
  const out = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: key,
      ProjectionExpression: '#st, #v',
      ExpressionAttributeNames: { '#st': 'status', '#v': 'version' },
      ConsistentRead: true,
    }),
  );
  if (out.Item?.status !== status) return false;
  return version === undefined || out.Item.version === version;
}

/**
 * Record a notification of the need's current phase. Only while the need is still in the status it was read in:
 * once an action has moved it on (and cleared what was sent), a late record must not mark the next phase as
 * already announced — its mail would never go out.
 */
/** Record that a notification went (once: the condition), with any it settles beside it (`settles`). */
export function needNotifiedItem(db: Db, need: Need, key: string, settles: string[] = []): Guarded {
  return {
    entity: 'need',
    id: need.id,
    reason: 'notified',
    item: {
      Update: {
        TableName: db.table,
        Key: keys.need(need.enterpriseId, need.id),
        UpdateExpression: 'SET notified = list_append(if_not_exists(notified, :empty), :key)',
        ConditionExpression: 'attribute_exists(PK) AND NOT contains(notified, :k) AND #st = :st',
        ExpressionAttributeNames: { '#st': 'status' },
        ExpressionAttributeValues: { ':empty': [], ':key': [key, ...settles], ':k': key, ':st': need.status },
      },
    },
  };
}
