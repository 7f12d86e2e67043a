import { type AuditInput, auditItem, newAudit } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import type { Guarded } from '../store/write.ts';

/** An audit event a workflow records of its own accord: the system acted, through the workflow. */
export function workflowAudit(db: Db, now: Date, event: Omit<AuditInput, 'actor' | 'channel'>): Guarded {
  return auditItem(db, newAudit(now, { actor: { kind: 'system' }, channel: 'workflow', ...event }));
}
