import type { Deps } from '../deps.ts';
import { getApiToken, getSession } from '../store/credentials.ts';
import { getStaff } from '../store/organisation.ts';
import type { Principal } from './principal.ts';
import { digest } from './secrets.ts';

/** Find who is asking from a session cookie or an `Authorization: Bearer` API token. */
export async function resolvePrincipal(
  deps: Pick<Deps, 'db' | 'clock'>,
  credentials: { sessionId?: string; bearer?: string },
): Promise<Principal | undefined> {
  const now = deps.clock.now();
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
