import type { Actor, Channel } from '../domain/audit.ts';
import { INTEGRATION_ROLE, type Integration } from '../domain/integration.ts';
import type { Staff } from '../domain/organisation.ts';

/**
 * Who is asking: a signed-in staff member (by session cookie), a staff member's own API token, or an integration
 * account's token. What they may do is in `permissions.ts`.
 */
export interface Principal {
  /**
   * The person asking; for an integration, its stand-in for the permission rules: its id and name, the
   * integration role in its department (see `Integration`), and no address. Never one of the staff.
   */
  staff: Staff;
  via: 'session' | 'token';
  /** The session's digest, so sign-out can end it. */
  sessionDigest?: string;
  /** The token's public id, when it is a token. */
  tokenId?: string;
  /** When that token expires: a token issued with it expires no later (a leaked token cannot outlive itself). */
  tokenExpiresAt?: string;
  /** Set when the token is an integration account's: it then acts as itself, not as a person. */
  integration?: Integration;
}

/**
 * The stand-in an integration is checked as by the permission rules (`can()`): its own id and name, the integration
 * role in its department, no address. For the routes (its token's principal) and for use cases that look up who
 * acted from the audit actor (`{ kind: 'integration', id }`).
 */
export function integrationPerson(integration: Integration): Staff {
  return {
    id: integration.id,
    name: integration.name,
    email: '',
    role: INTEGRATION_ROLE,
    departmentId: integration.departmentId,
    active: integration.active,
    version: integration.version,
  };
}

/** An integration token's principal: it acts as the integration (see `actorOf`). */
export function integrationPrincipal(integration: Integration, tokenId: string): Principal {
  return { staff: integrationPerson(integration), via: 'token', tokenId, integration };
}

/** Who a principal's changes are recorded as: the integration itself, or the staff member. */
export function actorOf(principal: Principal): Actor {
  return principal.integration
    ? { kind: 'integration', id: principal.integration.id }
    : { kind: 'staff', id: principal.staff.id };
}

/** The channel a principal's changes come through: the API for tokens, the web for sessions. */
export const channelOf = (principal: Principal): Channel => (principal.via === 'token' ? 'api' : 'web');

/** Who acts, and how: what the use cases take as `by`. */
export const byPrincipal = (principal: Principal) => ({
  actor: actorOf(principal),
  channel: channelOf(principal),
});
