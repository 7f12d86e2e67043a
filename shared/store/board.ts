import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { NeedPart } from '../domain/need-part.ts';
import { Need, Task } from '../domain/work-item.ts';
import { logger } from '../log/logger.ts';
import { type Db, stripKeys } from './db.ts';
import { keys, openKeyId } from './keys.ts';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';
import { queryAll } from './query.ts';

export type BoardScope =
  | { kind: 'zone' }
  | { kind: 'department'; id: string }
  | { kind: 'officer'; id: string };

export const BoardFilters = z.object({
  stage: z.string().max(40).optional(),
  industryChain: z.string().max(40).optional(),
  kind: z.enum(['task', 'need']).optional(),
});
export type BoardFilters = z.infer<typeof BoardFilters>;

/** What a board holds: tasks, needs, and the parts of needs asked of assisting departments (协办). */
export type OpenItem =
  | ({ itemType: 'task' } & Task)
  | ({ itemType: 'need' } & Need)
  | ({ itemType: 'part' } & NeedPart);

function toOpenItem(raw: Record<string, unknown>): OpenItem {
  const item = stripKeys(raw);
  if (raw.type === 'Need') return { itemType: 'need', ...Need.parse(item) };
  if (raw.type === 'NeedPart') return { itemType: 'part', ...NeedPart.parse(item) };
  return { itemType: 'task', ...Task.parse(item) };
}

function scopeKey(scope: BoardScope): { index: string; attribute: string; value: string } {
  switch (scope.kind) {
    case 'zone':
      return { index: 'GSI1', attribute: 'GSI1PK', value: keys.openZone() };
    case 'department':
      return { index: 'GSI2', attribute: 'GSI2PK', value: keys.openDepartment(scope.id) };
    case 'officer':
      return { index: 'GSI3', attribute: 'GSI3PK', value: keys.openOfficer(scope.id) };
  }
}

/**
 * Whether a raw table item (as a Scan returns it) is on a board: for baselines that read the whole table instead of
 * the board's index partition.
 */
export function isOnBoard(item: Record<string, unknown>, scope: BoardScope): boolean {
  const { attribute, value } = scopeKey(scope);
  return item[attribute] === value;
}

/**
 * Open tasks and needs, earliest due first (so the most overdue lead), from one index partition.
 * Filters run server-side on the page DynamoDB reads; the cost is the items read, never the table.
 */
export async function openItems(
  db: Db,
  scope: BoardScope,
  options: { limit?: number; cursor?: string; filters?: BoardFilters; dueBefore?: string } = {},
): Promise<Page<OpenItem>> {
  const { index, attribute, value } = scopeKey(scope);
  const names: Record<string, string> = { '#pk': attribute };
  const values: Record<string, unknown> = { ':pk': value };
  let keyCondition = '#pk = :pk';
  if (options.dueBefore) {
    names['#sk'] = attribute.replace('PK', 'SK');
    values[':before'] = options.dueBefore;
    keyCondition += ' AND #sk < :before';
  }
  const filters: string[] = [];
  const f = options.filters ?? {};
  if (f.stage) {
    names['#stage'] = 'stage';
    values[':stage'] = f.stage;
    filters.push('#stage = :stage');
  }
  if (f.industryChain) {
    names['#industry'] = 'industryChain';
    values[':industry'] = f.industryChain;
    filters.push('#industry = :industry');
  }
  if (f.kind === 'task') {
    names['#type'] = 'type';
    values[':type'] = 'Task';
    filters.push('#type = :type');
  } else if (f.kind === 'need') {
    // Needs, with the parts of needs other departments assist with.
    names['#type'] = 'type';
    values[':need'] = 'Need';
    values[':part'] = 'NeedPart';
    filters.push('#type IN (:need, :part)');
  }
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: index,
      KeyConditionExpression: keyCondition,
      FilterExpression: filters.length ? filters.join(' AND ') : undefined,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      Limit: options.limit ?? 50,
      ExclusiveStartKey: decodeCursor(options.cursor),
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  const items = (out.Items ?? []).map(toOpenItem);
  return {
    items,
    next: encodeCursor(out.LastEvaluatedKey),
    readUnits: out.ConsumedCapacity?.CapacityUnits ?? 0,
  };
}

/** Every open item one staff member owns (their board, all pages): for a hand-over, not for display. */
export async function allOpenItemsOf(db: Db, staffId: string): Promise<OpenItem[]> {
  const items = await queryAll(db, {
    IndexName: 'GSI3',
    KeyConditionExpression: 'GSI3PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.openOfficer(staffId) },
  });
  return items.map(toOpenItem);
}

/** Where an open item is counted: its due time, and the department and holder whose boards list it. */
export interface OpenItemPlace {
  dueAt: string;
  departmentId: string;
  ownerId: string;
}

/**
 * Every open item of the zone due by `by` (the overdue and the due soon; one due at `by` itself too, as the board's
 * yellow light counts it): one query of the zone's index
 * range, read whole (a Query bills the items it reads, whatever it returns). Each as where it is counted — its three
 * index keys, the same partitions the boards read, so each board's count is of exactly what it lists — and, for a
 * task, the task (the sweep sends its reminders).
 */
export async function openItemsDueBy(db: Db, by: string): Promise<(OpenItemPlace & { task?: Task })[]> {
  const items = await queryAll(db, {
    IndexName: 'GSI1',
    // The sort key is `<dueAt>#<id>`: '~' sorts after every id.
    KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :by',
    ExpressionAttributeValues: { ':pk': keys.openZone(), ':by': `${by}#~` },
  });
  return items.map((i) => {
    // A task item that does not parse is still counted; it is left out of the reminders, said once a run.
    const task = i.type === 'Task' ? Task.safeParse(stripKeys(i)) : undefined;
    if (task && !task.success) logger.error('open task unreadable', { sk: String(i.SK) });
    return {
      dueAt: String(i.GSI1SK).split('#')[0] as string,
      departmentId: openKeyId(String(i.GSI2PK)),
      ownerId: openKeyId(String(i.GSI3PK)),
      ...(task?.success ? { task: task.data } : {}),
    };
  });
}
