import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { FundsReport } from '../domain/funds-report.ts';
import { type Db, stripKeys } from './db.ts';
import { keys } from './keys.ts';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';
import { queryAll } from './query.ts';
import { fieldChanges, type Guarded, putNew, updateItem } from './write.ts';

/**
 * Funds reports (到位资金报送): one item each in the enterprise's partition (`FUNDSREPORT#<id>`). While pending it is
 * on two sparse index partitions — the zone's (GSI1, for managers) and its lead department's (GSI2, for its heads),
 * oldest first — so whoever verifies finds it with one Query, never a scan. Decided, it leaves both.
 */
function pendingIndexes(report: FundsReport): Record<string, string> {
  if (report.status !== 'pending') return {};
  const sk = `${report.reportedAt}#${report.id}`;
  return {
    GSI1PK: keys.fundsPendingZone(),
    GSI1SK: sk,
    GSI2PK: keys.fundsPendingDepartment(report.leadDepartmentId),
    GSI2SK: sk,
  };
}

const PENDING_INDEX_ATTRIBUTES = ['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'];

export function newFundsReportItem(db: Db, report: FundsReport): Guarded {
  return {
    entity: 'fundsReport',
    id: report.id,
    reason: 'exists',
    item: putNew(db, {
      ...keys.fundsReport(report.enterpriseId, report.id),
      type: 'FundsReport',
      ...pendingIndexes(report),
      ...report,
    }),
  };
}

/** A report decided (verified or rejected): only from the version read, and only while it is pending. */
export function fundsReportChange(db: Db, before: FundsReport, after: FundsReport): Guarded {
  const indexes = pendingIndexes(after);
  const fields = fieldChanges(before, after, ['id', 'version', 'enterpriseId']);
  return updateItem(db, {
    entity: 'fundsReport',
    id: before.id,
    key: keys.fundsReport(before.enterpriseId, before.id),
    expectedVersion: before.version,
    set: { ...fields.set, ...indexes },
    remove: [...fields.remove, ...(Object.keys(indexes).length ? [] : PENDING_INDEX_ATTRIBUTES)],
    also: {
      expression: '#st = :pending',
      names: { '#st': 'status' },
      values: { ':pending': 'pending' },
      reason: 'not-pending',
    },
  });
}

export async function getFundsReport(
  db: Db,
  enterpriseId: string,
  id: string,
): Promise<FundsReport | undefined> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.fundsReport(enterpriseId, id), ConsistentRead: true }),
  );
  return out.Item ? FundsReport.parse(stripKeys(out.Item)) : undefined;
}

/** An enterprise's funds reports, oldest first: one sort-key range of its partition. */
export async function fundsReportsOf(db: Db, enterpriseId: string): Promise<FundsReport[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :reports)',
    ExpressionAttributeValues: {
      ':pk': keys.enterprisePartition(enterpriseId),
      ':reports': keys.fundsReportsOf(),
    },
    ConsistentRead: true,
  });
  return items.map((i) => FundsReport.parse(stripKeys(i)));
}

/** Reports awaiting verification, oldest first: the zone's (managers) or one lead department's (its heads). */
export async function pendingFundsReports(
  db: Db,
  scope: { kind: 'zone' } | { kind: 'department'; id: string },
  options: { limit?: number; cursor?: string } = {},
): Promise<Page<FundsReport>> {
  const zone = scope.kind === 'zone';
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: zone ? 'GSI1' : 'GSI2',
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': zone ? 'GSI1PK' : 'GSI2PK' },
      ExpressionAttributeValues: {
        ':pk': zone ? keys.fundsPendingZone() : keys.fundsPendingDepartment(scope.id),
      },
      Limit: options.limit ?? 50,
      ExclusiveStartKey: decodeCursor(options.cursor),
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => FundsReport.parse(stripKeys(i))),
    next: encodeCursor(out.LastEvaluatedKey),
    readUnits: out.ConsumedCapacity?.CapacityUnits ?? 0,
  };
}
