import type { Role, Staff } from '../domain/organisation.ts';

/** Who is asking: a signed-in staff member (by session cookie) or a machine client (by API token). */
export interface Principal {
  staff: Staff;
  via: 'session' | 'token';
  /** The session's digest, so sign-out can end it. */
  sessionDigest?: string;
}

export function hasRole(principal: Principal | undefined, roles: readonly Role[]): principal is Principal {
  return !!principal && principal.staff.active && roles.includes(principal.staff.role);
}

export const ALL_STAFF: readonly Role[] = ['officer', 'departmentHead', 'manager'];
export const HEADS_AND_MANAGERS: readonly Role[] = ['departmentHead', 'manager'];
export const MANAGERS: readonly Role[] = ['manager'];
