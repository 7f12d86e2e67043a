import type { Deps } from '../deps.ts';
import { dueForUseRecord } from '../domain/integration.ts';
import { getIntegration, getLiveApiToken, getSession, recordApiTokenUse } from '../store/credentials.ts';
import { getStaff } from '../store/organisation.ts';
import { integrationPrincipal, type Principal } from './principal.ts';
import { digest } from './secrets.ts';

/** Sessions and API tokens are random base64url strings (tokens prefixed `act_`), well under 256 characters. */
const CREDENTIAL = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * Find who is asking from a session cookie or an `Authorization: Bearer` API token. A token works only while it is
 * live (not expired, not revoked: read consistently on every request, so a revocation is effective at once) and
 * while its owner is active; it acts as its owner only — a staff member, or an integration account as itself.
 */
export async function resolvePrincipal(
  deps: Pick<Deps, 'db' | 'clock'>,
  credentials: { sessionId?: string; bearer?: string },
): Promise<Principal | undefined> {
  const now = deps.clock.now();
  // A credential of a shape we never issue is no credential (not an error): a browser with a garbage cookie is
  // simply signed out.
  if (credentials.bearer && !CREDENTIAL.test(credentials.bearer)) return undefined;
  if (credentials.sessionId && !CREDENTIAL.test(credentials.sessionId)) return undefined;
  if (credentials.bearer) return fromToken(deps, digest(credentials.bearer), now);
  if (credentials.sessionId) {
    const sessionDigest = digest(credentials.sessionId);
    const session = await getSession(deps.db, sessionDigest, now);
    const staff = session && (await getStaff(deps.db, session.staffId));
    return staff?.active ? { staff, via: 'session', sessionDigest } : undefined;
  }
  return undefined;
}

async function fromToken(
  deps: Pick<Deps, 'db'>,
  tokenDigest: string,
  now: Date,
): Promise<Principal | undefined> {
  const token = await getLiveApiToken(deps.db, tokenDigest, now);
  if (!token) return undefined;
  let principal: Principal | undefined;
  if (token.owner.kind === 'integration') {
    const integration = await getIntegration(deps.db, token.owner.id);
    principal = integration?.active ? integrationPrincipal(integration, token.id) : undefined;
  } else {
    const staff = await getStaff(deps.db, token.owner.id);
    principal = staff?.active
      ? { staff, via: 'token', tokenId: token.id, tokenExpiresAt: token.expiresAt }
      : undefined;
  }
  // At most one write an hour per token, not one per request.
  if (principal && dueForUseRecord(token, now)) await recordApiTokenUse(deps.db, tokenDigest, now);
  return principal;
}
