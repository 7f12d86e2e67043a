import { z } from 'zod';
import { Id, Instant } from './primitives.ts';

export const Channel = z.enum(['web', 'api', 'email-link', 'portal', 'workflow', 'system', 'import']);
export type Channel = z.infer<typeof Channel>;

export const Actor = z.object({
  /** `integration`: an integration account's API token (issue 14 item 5), never a person. */
  kind: z.enum(['staff', 'enterprise', 'system', 'integration']),
  id: z.string().optional(),
});
export type Actor = z.infer<typeof Actor>;

/** An immutable record of one state change: who, when, what, and from which channel. */
export const AuditEvent = z.object({
  id: Id,
  at: Instant,
  actor: Actor,
  channel: Channel,
  /** What happened, e.g. `enterprise.registered`, `task.completed`. */
  action: z.string().regex(/^[a-z]+(\.[a-zA-Z]+)+$/),
  /** The enterprise the event belongs to, when it belongs to one (it then shows on its timeline). */
  enterpriseId: Id.optional(),
  subject: z.object({ kind: z.string(), id: z.string() }),
  details: z.record(z.string(), z.unknown()).default({}),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const SYSTEM: Actor = { kind: 'system' };
