import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { MailAbout } from '../mail/mailer.ts';
import type { Db } from './db.ts';
import { keys } from './keys.ts';

/** Where a held mail's need or task stands now: only what the stale-mail rule (`shared/mail/stale.ts`) reads. */
export interface SubjectNow {
  status: string;
  ownerId?: string;
  officerId?: string;
  firstContactAt?: string;
}

/**
 * The need or task a mail is about, as it is now (undefined: it is gone): one strongly consistent GetItem with a
 * projection, so a flush reads a few attributes per held mail, never the whole item, and never scans.
 */
export async function subjectNow(db: Db, about: MailAbout): Promise<SubjectNow | undefined> {
  const need = about.kind === 'need';
  const out = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key:
        about.kind === 'need'
          ? keys.need(about.enterpriseId, about.id)
          : about.kind === 'part'
            ? keys.needPart(about.enterpriseId, about.needId, about.id)
            : keys.task(about.enterpriseId, about.id),
      ProjectionExpression: need
        ? '#status, ownerId, firstContactAt'
        : about.kind === 'part'
          ? '#status, ownerId'
          : '#status, officerId',
      ExpressionAttributeNames: { '#status': 'status' },
      ConsistentRead: true,
    }),
  );
  const item = out.Item;
  if (!item) return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    status: String(item.status),
    ...(text(item.ownerId) ? { ownerId: text(item.ownerId) } : {}),
    ...(text(item.officerId) ? { officerId: text(item.officerId) } : {}),
    ...(text(item.firstContactAt) ? { firstContactAt: text(item.firstContactAt) } : {}),
  };
}
