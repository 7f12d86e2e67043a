import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Need } from '../domain/work-item.ts';
import { type Db, stripKeys } from './db.ts';
import { keys } from './keys.ts';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';

/**
 * The needs awaiting their return visit (回访), earliest due first, one page at a time: one Query of their sparse
 * index partition (`needIndexes` in needs.ts writes it while a need is in `revisit`), never a scan.
 */
export async function needsToRevisit(
  db: Db,
  options: { limit?: number; cursor?: string } = {},
): Promise<Page<Need>> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.revisits() },
      Limit: options.limit ?? 50,
      ExclusiveStartKey: decodeCursor(options.cursor),
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  return {
    items: (out.Items ?? []).map((item) => Need.parse(stripKeys(item))),
    next: encodeCursor(out.LastEvaluatedKey),
    readUnits: out.ConsumedCapacity?.CapacityUnits ?? 0,
  };
}
