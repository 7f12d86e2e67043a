import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { keys } from './keys.ts';

/** No wait outlives its execution (a year at most): its token item expires by TTL a year and a month on. */
const TOKEN_DAYS = 396;

/**
 * Keep the token of the wait just entered on a task or need (replacing the previous one): one small item, one write
 * unit, no index. Unconditional: the caller then reads the subject to see whether the wait still has a reason
 * (`tasks.ts setWaitToken`, `needs.ts setNeedWaitToken`); whoever changes the subject stores the change first and
 * reads the token after, so between them one of the two always releases the wait.
 */
export async function putWaitToken(
  db: Db,
  enterpriseId: string,
  subject: { SK: string },
  token: string,
): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: {
        ...keys.waitToken(enterpriseId, subject.SK),
        type: 'WaitToken',
        token,
        expiresAt: Math.floor(Date.now() / 1000) + TOKEN_DAYS * 86_400,
      },
    }),
  );
}

/** The token of the execution waiting on a task or need, if one was stored. It never leaves the server. */
export async function getWaitToken(
  db: Db,
  enterpriseId: string,
  subject: { SK: string },
): Promise<string | undefined> {
  const out = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.waitToken(enterpriseId, subject.SK),
      ConsistentRead: true,
    }),
  );
  return typeof out.Item?.token === 'string' ? out.Item.token : undefined;
}
