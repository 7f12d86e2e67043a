import type { Deps } from '../deps.ts';
import { getApiToken, getSession } from '../store/credentials.ts';
import { getStaff } from '../store/organisation.ts';
import type { Principal } from './principal.ts';
import { digest } from './secrets.ts';

/** Sessions and API tokens are random base64url strings (tokens prefixed `act_`), well under 256 characters. */
const CREDENTIAL = /^[A-Za-z0-9_-]{1,256}$/;

/** Find who is asking from a session cookie or an `Authorization: Bearer` API token. */
export async function resolvePrincipal(
  deps: Pick<Deps, 'db' | 'clock'>,
  credentials: { sessionId?: string; bearer?: string },
): Promise<Principal | undefined> {
  const now = deps.clock.now();
  // A credential of a shape we never issue is no credential (not an error): a browser with a garbage cookie is
  // simply signed out.
  if (credentials.bearer && !CREDENTIAL.test(credentials.bearer)) return undefined;
  if (credentials.sessionId && !CREDENTIAL.test(credentials.sessionId)) return undefined;
  if (credentials.bearer) {
    const token = await getApiToken(deps.db, digest(credentials.bearer), now);
    const staff = token && (await getStaff(deps.db, token.staffId));
    return staff?.active ? { staff, via: 'token' } : undefined;
  }
  if (credentials.sessionId) {
    const sessionDigest = digest(credentials.sessionId);
    const session = await getSession(deps.db, sessionDigest, now);
    const staff = session && (await getStaff(deps.db, session.staffId));
    return staff?.active ? { staff, via: 'session', sessionDigest } : undefined;
  }
  return undefined;
}
