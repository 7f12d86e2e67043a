import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../domain/audit.ts';
import { AuditEvent as AuditEventSchema } from '../domain/audit.ts';
import { Enterprise, FundsRecord } from '../domain/enterprise.ts';
import { FundsReport } from '../domain/funds-report.ts';
import { newId } from '../domain/ids.ts';
import { NeedPart } from '../domain/need-part.ts';
import type { Stage } from '../domain/stage.ts';
import { Need, Task } from '../domain/work-item.ts';
import { auditItem } from './audit.ts';
import { type Db, stripKeys } from './db.ts';
import { keys } from './keys.ts';
import { isPartKey } from './need-parts.ts';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';
import { queryPages } from './query.ts';
import { fieldChanges, type Guarded, putNew, transact, updateItem } from './write.ts';

/** The index attributes that put an enterprise on the stage list, its lead department's and its officer's. */
export function enterpriseIndexes(e: Enterprise) {
  return {
    GSI1PK: e.status === 'closed' ? keys.stage('closed') : keys.stage(e.stage),
    GSI1SK: `${e.stageSince}#${e.id}`,
    GSI2PK: keys.leadDepartment(e.lead.departmentId),
    GSI2SK: `${e.signedAt ?? e.stageSince}#${e.id}`,
    GSI3PK: keys.servedBy(e.serviceOfficerId),
    GSI3SK: `${e.name}#${e.id}`,
  };
}

export function enterpriseItem(db: Db, e: Enterprise): Guarded {
  return {
    entity: 'enterprise',
    id: e.id,
    reason: 'exists',
    item: putNew(db, { ...keys.enterprise(e.id), type: 'Enterprise', ...enterpriseIndexes(e), ...e }),
  };
}

/** What a change of an enterprise is checked against, besides the enterprise existing. */
export interface EnterpriseExpectation {
  /**
   * Nobody wrote the enterprise since it was read (its version; the default): ConflictError('version'). Leave it out
   * only for a field nothing else writes, e.g. the workflow recording its lifecycle's generation.
   */
  version?: boolean;
  /** This is still its open task: ConflictError('enterprise-changed') otherwise (for either condition). */
  openTask?: string;
}

/**
 * An enterprise moved from the state it was read in (`before`) to `after`: only what differs is written (a field
 * `after` no longer has is removed), and its index entries follow — its stage list, its lead department's and its
 * officer's.
 */
export function enterpriseChange(
  db: Db,
  before: Enterprise,
  after: Enterprise,
  expect: EnterpriseExpectation = {},
): Guarded {
  const fields = fieldChanges(before, after, ['id', 'version', 'createdAt']);
  const indexes = fieldChanges(enterpriseIndexes(before), enterpriseIndexes(after));
  return updateItem(db, {
    entity: 'enterprise',
    id: before.id,
    key: keys.enterprise(before.id),
    ...(expect.version === false ? {} : { expectedVersion: before.version }),
    set: { ...fields.set, ...indexes.set },
    remove: [...fields.remove, ...indexes.remove],
    ...(expect.openTask
      ? {
          also: {
            expression: 'openTaskId = :task',
            values: { ':task': expect.openTask },
            reason: 'enterprise-changed',
          },
        }
      : {}),
  });
}

/**
 * A funds line dated after an amount verified later but dated earlier (a back-dated report): its cumulative total
 * goes up by that amount. Written in the transaction that raises the enterprise's funds, whose version condition
 * orders every change to its funds, so the line itself needs none beyond existing.
 */
export function fundsLineRaised(db: Db, record: Pick<FundsRecord, 'id' | 'enterpriseId'>, amount: number) {
  return {
    entity: 'funds',
    id: record.id,
    reason: 'missing',
    item: {
      Update: {
        TableName: db.table,
        Key: keys.funds(record.enterpriseId, record.id),
        UpdateExpression: 'ADD #total :amount',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#total': 'total' },
        ExpressionAttributeValues: { ':amount': amount },
      },
    },
  };
}

/** A funds-in-place report (the cumulative total as of a date), written with the change that brought it. */
export function fundsItem(
  db: Db,
  enterpriseId: string,
  asOf: string,
  total: number,
  now: Date,
  recordedBy?: string,
) {
  const id = newId(now.getTime());
  return {
    entity: 'funds',
    id,
    reason: 'exists',
    item: putNew(db, {
      ...keys.funds(enterpriseId, id),
      type: 'Funds',
      id,
      enterpriseId,
      asOf,
      total,
      ...(recordedBy ? { recordedBy } : {}),
    }),
  };
}

export async function insertEnterprise(db: Db, e: Enterprise, audit: AuditEvent, more: Guarded[] = []) {
  await transact(db, [enterpriseItem(db, e), auditItem(db, audit), ...more]);
}

export async function getEnterprise(db: Db, id: string): Promise<Enterprise | undefined> {
  // Consistent: a workflow step right after a pause, resume or close must see it (DynamoDB Local always does).
  const out = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.enterprise(id), ConsistentRead: true }),
  );
  return out.Item ? Enterprise.parse(stripKeys(out.Item)) : undefined;
}

export interface EnterpriseFile {
  enterprise: Enterprise;
  tasks: Task[];
  needs: Need[];
  /** The parts of its needs asked of assisting departments (协办). */
  parts: NeedPart[];
  funds: FundsRecord[];
  /** Its funds-in-place reports (to verify, verified, rejected), oldest first. */
  fundsReports: FundsReport[];
  /** Audit events, oldest first. */
  timeline: AuditEvent[];
  readUnits: number;
}

/** Everything about one enterprise, from one partition: one Query (paged by DynamoDB at 1 MB). */
export async function getEnterpriseFile(db: Db, id: string): Promise<EnterpriseFile | undefined> {
  const file: Omit<EnterpriseFile, 'enterprise'> & { enterprise?: Enterprise } = {
    tasks: [],
    needs: [],
    parts: [],
    funds: [],
    fundsReports: [],
    timeline: [],
    readUnits: 0,
  };
  const pages = queryPages(db, {
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.enterprisePartition(id) },
    ReturnConsumedCapacity: 'TOTAL',
  });
  for await (const out of pages) {
    file.readUnits += out.ConsumedCapacity?.CapacityUnits ?? 0;
    for (const raw of out.Items ?? []) {
      const sk = String(raw.SK);
      const item = stripKeys(raw);
      if (sk === 'ENT') file.enterprise = Enterprise.parse(item);
      else if (sk.startsWith('TASK#')) file.tasks.push(Task.parse(item));
      else if (sk.startsWith('NEED#')) file.needs.push(Need.parse(item));
      else if (isPartKey(sk)) file.parts.push(NeedPart.parse(item));
      else if (sk.startsWith('FUNDS#')) file.funds.push(FundsRecord.parse(item));
      else if (sk.startsWith(keys.fundsReportsOf())) file.fundsReports.push(FundsReport.parse(item));
      else if (sk.startsWith('AUDIT#')) file.timeline.push(AuditEventSchema.parse(item));
    }
  }
  return file.enterprise ? (file as EnterpriseFile) : undefined;
}

/** Whether a raw table item (as a Scan returns it) belongs to an enterprise's file (its partition). */
export function isInEnterpriseFile(item: Record<string, unknown>, enterpriseId: string): boolean {
  return item.PK === keys.enterprisePartition(enterpriseId);
}

/**
 * Enterprises at a stage, longest there first (so stalled projects lead the list). `before` keeps only those that
 * entered the stage before that date: the index's sort key starts with it, so this reads only what it returns.
 */
export async function enterprisesAtStage(
  db: Db,
  stage: Stage | 'closed',
  page: { limit?: number; cursor?: string; before?: string } = {},
): Promise<Page<Enterprise>> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: 'GSI1',
      KeyConditionExpression: page.before ? 'GSI1PK = :pk AND GSI1SK < :before' : 'GSI1PK = :pk',
      ExpressionAttributeValues: {
        ':pk': keys.stage(stage),
        ...(page.before ? { ':before': page.before } : {}),
      },
      Limit: page.limit ?? 50,
      ExclusiveStartKey: decodeCursor(page.cursor),
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => Enterprise.parse(stripKeys(i))),
    next: encodeCursor(out.LastEvaluatedKey),
    readUnits: out.ConsumedCapacity?.CapacityUnits ?? 0,
  };
}

/** How many enterprises are at a stage (a COUNT query on the stage's index partition: no items returned). */
export async function countAtStage(db: Db, stage: Stage | 'closed'): Promise<number> {
  let count = 0;
  const pages = queryPages(db, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.stage(stage) },
    Select: 'COUNT',
  });
  for await (const page of pages) count += page.Count ?? 0;
  return count;
}

/** The ids of the enterprises one officer serves (from the officer's index partition: keys only). */
export async function enterpriseIdsServedBy(db: Db, staffId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of queryPages(db, {
    IndexName: 'GSI3',
    KeyConditionExpression: 'GSI3PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.servedBy(staffId) },
    ProjectionExpression: 'id',
  })) {
    for (const item of page.Items ?? []) ids.push(String(item.id));
  }
  return ids;
}

/**
 * The enterprises of one department — those it brought in (its lead partition) and those its people serve (each
 * officer's partition) — each once, up to `maxRows`: a department head's pipeline. Reads only these partitions.
 */
export async function enterprisesOfDepartment(
  db: Db,
  departmentId: string,
  staffIds: string[],
  maxRows = 5_000,
): Promise<Enterprise[]> {
  const found = new Map<string, Enterprise>();
  const partitions = [
    { IndexName: 'GSI2', pk: 'GSI2PK', value: keys.leadDepartment(departmentId) },
    ...staffIds.map((id) => ({ IndexName: 'GSI3', pk: 'GSI3PK', value: keys.servedBy(id) })),
  ];
  for (const p of partitions) {
    for await (const page of queryPages(db, {
      IndexName: p.IndexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': p.pk },
      ExpressionAttributeValues: { ':pk': p.value },
    })) {
      for (const item of page.Items ?? []) {
        const e = Enterprise.parse(stripKeys(item));
        found.set(e.id, e);
      }
      if (found.size >= maxRows) return [...found.values()].slice(0, maxRows);
    }
  }
  return [...found.values()];
}

/**
 * An approval granted (its date), written to the enterprise's approvals without the version check a whole change
 * makes: the approvals run in parallel and are granted by different people at once, and each writes only its own
 * entry. The version still moves on, so a change made from an earlier read is refused as usual. Only while the
 * project is active or paused (a stopped project's approvals were cancelled with it).
 */
export function approvalGrantedItem(
  db: Db,
  e: Enterprise,
  approval: string,
  actual: string,
  at: string,
): Guarded {
  return {
    entity: 'enterprise',
    id: e.id,
    reason: 'enterprise-changed',
    item: {
      Update: {
        TableName: db.table,
        Key: keys.enterprise(e.id),
        UpdateExpression: 'SET #ap.#a = :dates, #version = #version + :one, #updated = :at',
        ConditionExpression:
          'attribute_exists(PK) AND attribute_exists(#ap) AND #status IN (:active, :paused)',
        ExpressionAttributeNames: {
          '#ap': 'approvals',
          '#a': approval,
          '#version': 'version',
          '#updated': 'updatedAt',
          '#status': 'status',
        },
        ExpressionAttributeValues: {
          ':dates': { ...e.approvals?.[approval as keyof Enterprise['approvals']], actual },
          ':one': 1,
          ':at': at,
          ':active': 'active',
          ':paused': 'paused',
        },
      },
    },
  };
}

/** Make sure the enterprise has its approvals map (enterprises stored before approvals existed have none). */
export async function ensureApprovalsMap(db: Db, enterpriseId: string): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: keys.enterprise(enterpriseId),
      UpdateExpression: 'SET #ap = if_not_exists(#ap, :empty)',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#ap': 'approvals' },
      ExpressionAttributeValues: { ':empty': {} },
    }),
  );
}
