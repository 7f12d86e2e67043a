import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { isConditionFailure } from './errors.ts';
import { LEASE_MS } from './lease-time.ts';

/**
 * A lease on a periodic job, so two runs never overlap (EventBridge Scheduler invokes asynchronously and may
 * retry): one item per job, taken if absent or run out, given back by its holder. As long as the sweep function's
 * timeout, so a run that dies keeps others off only until it could have finished.
 */
const PK = 'LEASE';

export { LEASE_MS };

/** Take the lease for `holder`; false if another holder's has not run out. */
export async function takeLease(
  db: Db,
  name: string,
  holder: string,
  now: Date,
  ms = LEASE_MS,
): Promise<boolean> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: { PK, SK: name, type: 'Lease', holder, until: new Date(now.getTime() + ms).toISOString() },
        ConditionExpression: 'attribute_not_exists(PK) OR #until < :now',
        ExpressionAttributeNames: { '#until': 'until' },
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Give the lease back, if it is still this holder's (it may have run out and been taken meanwhile). */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  try {
    await db.doc.send(
      new DeleteCommand({
        TableName: db.table,
        Key: { PK, SK: name },
        ConditionExpression: '#holder = :holder',
        ExpressionAttributeNames: { '#holder': 'holder' },
        ExpressionAttributeValues: { ':holder': holder },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
