import { type AuditEvent, AuditEvent as AuditEventSchema } from '../domain/audit.ts';
import { newId } from '../domain/ids.ts';
import type { Db } from './db.ts';
import { keys } from './keys.ts';
import { type Guarded, putNew } from './write.ts';

export type AuditInput = Omit<AuditEvent, 'id' | 'at' | 'details'> & { details?: Record<string, unknown> };

export function newAudit(now: Date, input: AuditInput): AuditEvent {
  return AuditEventSchema.parse({ ...input, id: newId(now.getTime()), at: now.toISOString() });
}

function partition(event: AuditEvent): string {
  return event.enterpriseId
    ? keys.enterprisePartition(event.enterpriseId)
    : `AUDIT#${event.subject.kind}#${event.subject.id}`;
}

/** The Put for an audit event, written in the same transaction as the change it records. Never updated. */
export function auditItem(db: Db, event: AuditEvent): Guarded {
  return {
    entity: 'audit',
    id: event.id,
    reason: 'exists',
    item: putNew(db, { ...keys.audit(partition(event), event.id), type: 'Audit', ...event }),
  };
}
