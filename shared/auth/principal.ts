import type { Staff } from '../domain/organisation.ts';

/**
 * Who is asking: a signed-in staff member (by session cookie) or a machine client (by API token). What they may do
 * is in `permissions.ts`.
 */
export interface Principal {
  staff: Staff;
  via: 'session' | 'token';
  /** The session's digest, so sign-out can end it. */
  sessionDigest?: string;
}
