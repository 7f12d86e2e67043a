import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import {
  type ApiToken,
  type Integration,
  NewIntegration,
  type TokenOwner,
  TokenRequest,
  tokenStatus,
} from '../domain/integration.ts';
import { Id } from '../domain/primitives.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import {
  apiTokenItem,
  apiTokenRevocation,
  findApiToken,
  getIntegration,
  integrationItem,
  listApiTokens,
  listIntegrations,
} from '../store/credentials.ts';
import { listDepartments } from '../store/organisation.ts';
import { transact } from '../store/write.ts';
import { can } from './permissions.ts';
import { byPrincipal, type Principal } from './principal.ts';
import { digest, randomSecret } from './secrets.ts';

/**
 * API tokens (issue 14 item 5). A token acts as exactly one owner: the staff member who issued it, or an
 * integration account a manager issued it for. Nobody issues a token that acts as another person; an
 * integration's token issues, lists and revokes nothing. Each token is shown once, stored by digest only, listed
 * with its creation, expiry and last use, and revoked with a conditional write — effective on the next request.
 */

/** The JSON API's request: a label and expiry, and — managers only — the integration account it is for. */
export const IssueToken = TokenRequest.extend({
  integrationId: Id.optional(),
  /** Only ever the caller's own id (older clients sent it); anyone else's is refused. */
  staffId: z.string().optional(),
});

/** The caller may not act on this owner's tokens (the HTTP layer answers 403). */
export class TokenRefusedError extends Error {
  override readonly name = 'TokenRefusedError';
  constructor() {
    super('not allowed for this token owner');
  }
}

/**
 * Whose tokens a caller may issue, list and revoke: their own; a manager's also an integration account's. An
 * integration's own token may do none of it; a request naming another staff member is refused (`undefined`).
 */
export function tokenOwnerFor(
  caller: Principal,
  request: { staffId?: unknown; integrationId?: unknown },
): TokenOwner | undefined {
  if (caller.integration) return undefined;
  if (request.integrationId !== undefined) {
    if (!can(caller.staff, 'token.integration') || typeof request.integrationId !== 'string')
      return undefined;
    return { kind: 'integration', id: request.integrationId };
  }
  if (request.staffId !== undefined && request.staffId !== caller.staff.id) return undefined;
  return { kind: 'staff', id: caller.staff.id };
}

function ownerOrRefuse(caller: Principal, request: { staffId?: unknown; integrationId?: unknown }) {
  const owner = tokenOwnerFor(caller, request);
  if (!owner) throw new TokenRefusedError();
  return owner;
}

async function activeIntegration(deps: Pick<Deps, 'db'>, id: string): Promise<Integration> {
  const integration = Id.safeParse(id).success ? await getIntegration(deps.db, id) : undefined;
  if (!integration?.active) throw InputError.field('integrationId', 'integration.unknown');
  return integration;
}

/**
 * A new token's expiry: the days asked for, but — issued with another token (a script rotating its own) — no later
 * than that token's, so a leaked token cannot mint itself a longer life; revoking it leaves its children to expire.
 */
export function expiryOf(caller: Pick<Principal, 'tokenExpiresAt'>, now: Date, days: number): string {
  const asked = now.getTime() + days * 86_400_000;
  const bound = caller.tokenExpiresAt ? Date.parse(caller.tokenExpiresAt) : Number.POSITIVE_INFINITY;
  return new Date(Math.min(asked, bound)).toISOString();
}

export interface IssuedToken {
  /** The secret: shown once, never stored. */
  token: string;
  id: string;
  label: string;
  expiresAt: string;
  owner: TokenOwner;
}

/**
 * Issue a token for the caller, or (a manager) for an integration account (`integrationId`). Written with its
 * audit event (who issued it, for whom) in one transaction; only the digest of the secret is kept.
 */
export async function issueApiToken(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: Principal,
  input: unknown,
): Promise<IssuedToken> {
  const target = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const owner = ownerOrRefuse(caller, target);
  const fields = parseInput(TokenRequest, input);
  if (owner.kind === 'integration') await activeIntegration(deps, owner.id);
  const now = deps.clock.now();
  const secret = `act_${randomSecret()}`;
  const token: ApiToken = {
    id: newId(now.getTime()),
    owner,
    label: fields.label,
    createdAt: now.toISOString(),
    createdBy: caller.staff.id,
    expiresAt: expiryOf(caller, now, fields.days),
    version: 1,
  };
  await transact(deps.db, [
    apiTokenItem(deps.db, digest(secret), token),
    auditItem(
      deps.db,
      newAudit(now, {
        ...byPrincipal(caller),
        action: 'token.issued',
        subject: owner,
        details: { tokenId: token.id, label: token.label, expiresAt: token.expiresAt },
      }),
    ),
  ]);
  return { token: secret, id: token.id, label: token.label, expiresAt: token.expiresAt, owner };
}

export interface ListedToken extends ApiToken {
  status: ReturnType<typeof tokenStatus>;
}

/** An owner's tokens, newest first, each with its status now (revoked and expired ones until the TTL removes them). */
export async function listTokens(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: Principal,
  request: { integrationId?: string } = {},
): Promise<ListedToken[]> {
  const owner = ownerOrRefuse(caller, request);
  const now = deps.clock.now();
  return (await listApiTokens(deps.db, owner.id)).map((t) => ({ ...t, status: tokenStatus(t, now) }));
}

/** Revoke one of an owner's tokens (the caller's own, or a manager an integration's): it stops working at once. */
export async function revokeApiToken(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: Principal,
  request: { tokenId: string; integrationId?: string },
): Promise<void> {
  const owner = ownerOrRefuse(caller, { integrationId: request.integrationId });
  const found = Id.safeParse(request.tokenId).success
    ? await findApiToken(deps.db, owner.id, request.tokenId)
    : undefined;
  if (!found) throw new NotFoundError('apiToken', request.tokenId);
  if (found.token.revokedAt) throw new ConflictError('apiToken', found.token.id, 'revoked');
  const now = deps.clock.now();
  await transact(deps.db, [
    apiTokenRevocation(deps.db, found, { at: now.toISOString(), by: caller.staff.id }),
    auditItem(
      deps.db,
      newAudit(now, {
        ...byPrincipal(caller),
        action: 'token.revoked',
        subject: owner,
        details: { tokenId: found.token.id, label: found.token.label },
      }),
    ),
  ]);
}

/** A manager adds an integration account (a name, the department it works for); audited. */
export async function createIntegration(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: Principal,
  input: unknown,
): Promise<Integration> {
  if (caller.integration || !can(caller.staff, 'token.integration')) throw new TokenRefusedError();
  const fields = parseInput(NewIntegration, input);
  const departments = await listDepartments(deps.db);
  if (!departments.some((d) => d.id === fields.departmentId))
    throw InputError.field('departmentId', 'department.unknown');
  const now = deps.clock.now();
  const integration: Integration = {
    id: newId(now.getTime()),
    name: fields.name,
    departmentId: fields.departmentId,
    active: true,
    createdAt: now.toISOString(),
    createdBy: caller.staff.id,
    version: 1,
  };
  await transact(deps.db, [
    integrationItem(deps.db, integration),
    auditItem(
      deps.db,
      newAudit(now, {
        ...byPrincipal(caller),
        action: 'integration.created',
        subject: { kind: 'integration', id: integration.id },
        details: { name: integration.name, departmentId: integration.departmentId },
      }),
    ),
  ]);
  return integration;
}

/** The zone's integration accounts, each with its tokens (for managers). */
export async function integrationsWithTokens(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: Principal,
): Promise<{ integration: Integration; tokens: ListedToken[] }[]> {
  if (caller.integration || !can(caller.staff, 'token.integration')) throw new TokenRefusedError();
  const integrations = await listIntegrations(deps.db);
  return Promise.all(
    integrations.map(async (integration) => ({
      integration,
      tokens: await listTokens(deps, caller, { integrationId: integration.id }),
    })),
  );
}
