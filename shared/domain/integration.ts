import { z } from 'zod';
import { Id, Instant, msg, Text } from './primitives.ts';

/**
 * An integration account: another system of the zone (e.g. 财务系统对接) that calls the API with tokens a manager
 * issues for it. It is not a person: it acts as itself in the audit trail (actor `integration`), never appears among
 * the staff (no board items, mail, hand-overs or escalations), and cannot sign in or issue tokens.
 *
 * What it may do: a department head's API reach within its one department (`INTEGRATION_ROLE`) — register that
 * department's signed enterprises, read its board, enterprises and figures — which is what a feeding or reporting
 * system legitimately needs. Nothing of a manager's (people, targets, need routing, tokens), nothing of another
 * department's, and only through the JSON API (an API token opens no console page).
 */
export const Integration = z.object({
  id: Id,
  name: Text(60),
  departmentId: Id,
  active: z.boolean().default(true),
  createdAt: Instant,
  createdBy: Id,
  version: z.number().int().min(1),
});
export type Integration = z.infer<typeof Integration>;

export const NewIntegration = z.object({
  name: Text(60),
  departmentId: Id,
});

/** The role an integration acts with (in its department): see `Integration`. */
export const INTEGRATION_ROLE = 'departmentHead' as const;

/** Whom a token acts as: a staff member (themselves) or an integration account. */
export const TokenOwner = z.object({ kind: z.enum(['staff', 'integration']), id: Id });
export type TokenOwner = z.infer<typeof TokenOwner>;

/** The longest a token may live, in days (and the default). */
export const TOKEN_MAX_DAYS = 366;
export const TOKEN_DEFAULT_DAYS = 90;

export const TokenRequest = z.object({
  label: Text(60),
  days: z
    .number({ error: msg('token.days') })
    .int({ error: msg('token.days') })
    .min(1, { error: msg('token.days') })
    .max(TOKEN_MAX_DAYS, { error: msg('token.days') })
    .default(TOKEN_DEFAULT_DAYS),
});
export type TokenRequest = z.infer<typeof TokenRequest>;

/**
 * An API token as stored (by the digest of its secret, which is never kept) and listed: who it acts as, who issued
 * it, when it expires, when it was last used, and whether it was revoked.
 */
export const ApiToken = z.object({
  /** A public id (for the list and the revoke button); not the secret, nor its digest. */
  id: Id,
  owner: TokenOwner,
  label: Text(60),
  createdAt: Instant,
  createdBy: Id,
  expiresAt: Instant,
  lastUsedAt: Instant.optional(),
  revokedAt: Instant.optional(),
  revokedBy: Id.optional(),
  version: z.number().int().min(1),
});
export type ApiToken = z.infer<typeof ApiToken>;

export type TokenStatus = 'active' | 'expired' | 'revoked';

/** Revoked wins over expired: the list says what someone did. */
export function tokenStatus(token: Pick<ApiToken, 'expiresAt' | 'revokedAt'>, now: Date): TokenStatus {
  if (token.revokedAt) return 'revoked';
  return Date.parse(token.expiresAt) > now.getTime() ? 'active' : 'expired';
}

/** Last use is recorded at most once per this interval per token, so a busy client costs no write per request. */
export const LAST_USE_INTERVAL_MS = 60 * 60 * 1000;

/** Whether a request made now should record the token's use (never used, or last recorded an interval ago). */
export function dueForUseRecord(token: Pick<ApiToken, 'lastUsedAt'>, now: Date): boolean {
  return !token.lastUsedAt || now.getTime() - Date.parse(token.lastUsedAt) >= LAST_USE_INTERVAL_MS;
}
