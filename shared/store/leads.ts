import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, AuditEvent as AuditEventSchema } from '../domain/audit.ts';
import { LEAD_COUNTERS, Lead, type LeadCounters, type LeadStatus } from '../domain/lead.ts';
import { addToItem, batchGetAll } from './batch.ts';
import { type Db, stripKeys } from './db.ts';
import { keys } from './keys.ts';
import { decodeCursor, encodeCursor, type Page } from './pagination.ts';
import { queryAll } from './query.ts';
import { fieldChanges, type Guarded, putNew, updateItem } from './write.ts';

/**
 * Leads (全民招商). A lead is its own item, on three indexes sorted by registration time: the zone's (GSI1), its
 * department's (GSI2) and its registrant's (GSI3). Who registered an investor first is held by claim items, one per
 * normalised name and one per USCC, written with conditional Puts in the first lead's transaction: of two
 * registrations at the same moment exactly one writes them, and the other is stored flagged as its duplicate.
 */

function leadIndexes(lead: Lead) {
  const sk = `${lead.registeredAt}#${lead.id}`;
  return {
    GSI1PK: keys.leadsZone(),
    GSI1SK: sk,
    GSI2PK: keys.leadsDepartment(lead.departmentId),
    GSI2SK: sk,
    GSI3PK: keys.leadsRegisteredBy(lead.registeredBy),
    GSI3SK: sk,
  };
}

export function leadItem(db: Db, lead: Lead): Guarded {
  return {
    entity: 'lead',
    id: lead.id,
    reason: 'exists',
    item: putNew(db, { ...keys.lead(lead.id), type: 'Lead', ...leadIndexes(lead), ...lead }),
  };
}

/** A lead moved from the state it was read in to `after`: only if nobody wrote it since, and it still had that status. */
export function leadChange(db: Db, before: Lead, after: Lead): Guarded {
  const fields = fieldChanges(before, after, ['id', 'version', 'registeredAt', 'registeredBy']);
  return updateItem(db, {
    entity: 'lead',
    id: before.id,
    key: keys.lead(before.id),
    expectedVersion: before.version,
    set: fields.set,
    remove: fields.remove,
    also: {
      expression: '#st = :was',
      names: { '#st': 'status' },
      values: { ':was': before.status },
      reason: 'lead-changed',
    },
  });
}

export async function getLead(db: Db, id: string): Promise<Lead | undefined> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.lead(id), ConsistentRead: true }),
  );
  return out.Item ? Lead.parse(stripKeys(out.Item)) : undefined;
}

/** What identifies an investor: the claims a lead's registration makes. */
export interface LeadClaim {
  kind: 'NAME' | 'USCC';
  value: string;
}

const claimKey = (claim: LeadClaim) =>
  claim.kind === 'NAME' ? keys.leadNameClaim(claim.value) : keys.leadUsccClaim(claim.value);

const figuresKey = (scope: 'DEPT' | 'STAFF', id: string) =>
  scope === 'DEPT' ? keys.departmentLeadFigures(id) : keys.staffLeadFigures(id);

export interface ClaimHolder {
  leadId: string;
  departmentId: string;
  staffId: string;
  at: string;
}

/** The claim of an investor's name or USCC for a lead: a conditional Put, so only the first registrant's is written. */
export function claimItem(db: Db, claim: LeadClaim, holder: ClaimHolder): Guarded {
  return {
    entity: 'leadClaim',
    id: `${claim.kind}/${claim.value}`,
    reason: 'claimed',
    item: putNew(db, { ...claimKey(claim), type: 'LeadClaim', ...claim, ...holder }),
  };
}

/** Who holds each of these claims (consistent reads), in the claims' order: undefined where nobody does yet. */
export async function claimHolders(db: Db, claims: LeadClaim[]): Promise<(ClaimHolder | undefined)[]> {
  return Promise.all(
    claims.map(async (claim) => {
      const out = await db.doc.send(
        new GetCommand({
          TableName: db.table,
          Key: claimKey(claim),
          ConsistentRead: true,
        }),
      );
      if (!out.Item) return undefined;
      return {
        leadId: String(out.Item.leadId),
        departmentId: String(out.Item.departmentId),
        staffId: String(out.Item.staffId),
        at: String(out.Item.at),
      };
    }),
  );
}

/** Whose leads a list shows: the zone's (managers), a department's (its head), or one person's (what they registered). */
export type LeadScope =
  | { kind: 'zone' }
  | { kind: 'department'; departmentId: string }
  | { kind: 'registrant'; staffId: string };

const SCOPE_INDEX = {
  zone: { IndexName: 'GSI1', pk: 'GSI1PK' },
  department: { IndexName: 'GSI2', pk: 'GSI2PK' },
  registrant: { IndexName: 'GSI3', pk: 'GSI3PK' },
} as const;

function scopePartition(scope: LeadScope): string {
  if (scope.kind === 'zone') return keys.leadsZone();
  if (scope.kind === 'department') return keys.leadsDepartment(scope.departmentId);
  return keys.leadsRegisteredBy(scope.staffId);
}

/** A page of leads in a scope, newest first, optionally of one status (a Query on the scope's index partition). */
export async function listLeads(
  db: Db,
  scope: LeadScope,
  page: { status?: LeadStatus; limit?: number; cursor?: string } = {},
): Promise<Page<Lead>> {
  const index = SCOPE_INDEX[scope.kind];
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: index.IndexName,
      KeyConditionExpression: '#pk = :pk',
      ...(page.status ? { FilterExpression: '#st = :status' } : {}),
      ExpressionAttributeNames: { '#pk': index.pk, ...(page.status ? { '#st': 'status' } : {}) },
      ExpressionAttributeValues: {
        ':pk': scopePartition(scope),
        ...(page.status ? { ':status': page.status } : {}),
      },
      ScanIndexForward: false,
      Limit: page.limit ?? 50,
      ExclusiveStartKey: decodeCursor(page.cursor),
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => Lead.parse(stripKeys(i))),
    next: encodeCursor(out.LastEvaluatedKey),
    readUnits: out.ConsumedCapacity?.CapacityUnits ?? 0,
  };
}

/** A lead's history: its audit events, oldest first (one partition). */
export async function leadHistory(db: Db, id: string): Promise<AuditEvent[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.leadHistory(id) },
  });
  return items.map((i) => AuditEventSchema.parse(stripKeys(i)));
}

/**
 * Add to the leaderboard's counters of a department or a person, in the change's transaction (applied right after
 * it commits, exactly once: see counters.ts).
 */
export function leadFiguresItems(
  db: Db,
  scope: 'DEPT' | 'STAFF',
  id: string,
  add: Partial<LeadCounters>,
): Guarded[] {
  return addToItem(db, figuresKey(scope, id), add, { entity: 'leadFigures', id });
}

/** The leaderboard counters of these departments and people (one batch read; none counted yet: absent). */
export async function getLeadFigures(
  db: Db,
  wanted: { scope: 'DEPT' | 'STAFF'; id: string }[],
): Promise<Map<string, LeadCounters>> {
  const items = await batchGetAll(
    db,
    wanted.map((w) => figuresKey(w.scope, w.id)),
  );
  const byKey = new Map(items.map((item) => [String(item.PK), item]));
  const result = new Map<string, LeadCounters>();
  for (const w of wanted) {
    const item = byKey.get(figuresKey(w.scope, w.id).PK);
    if (!item) continue;
    result.set(
      `${w.scope}/${w.id}`,
      Object.fromEntries(LEAD_COUNTERS.map((c) => [c, Number(item[c] ?? 0)])) as LeadCounters,
    );
  }
  return result;
}

/**
 * Move an investor's claim from a declined lead to the lead now accepted for that investor: only while the declined
 * lead still holds it, so two duplicates accepted at once never both take the investor (one transaction fails).
 */
export function claimTransferItem(db: Db, claim: LeadClaim, from: string, to: ClaimHolder): Guarded {
  return {
    entity: 'leadClaim',
    id: `${claim.kind}/${claim.value}`,
    reason: 'claimed',
    item: {
      Update: {
        TableName: db.table,
        Key: claimKey(claim),
        UpdateExpression: 'SET leadId = :to, departmentId = :dept, staffId = :staff, #at = :at',
        ConditionExpression: 'leadId = :from',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: {
          ':to': to.leadId,
          ':dept': to.departmentId,
          ':staff': to.staffId,
          ':at': to.at,
          ':from': from,
        },
      },
    },
  };
}
