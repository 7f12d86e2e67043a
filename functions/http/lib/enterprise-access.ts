import { can } from '#shared/auth/permissions.ts';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import { getEnterprise } from '#shared/store/enterprises.ts';
import { HttpError } from './errors.ts';
import type { StaffContext } from './types.ts';

/**
 * The enterprise a path names, if it exists (404) and the signed-in person may take the action on it (403):
 * seeing it, managing it, or opening a need on its behalf.
 */
export async function visibleEnterprise(
  context: StaffContext,
  id: string | undefined,
  action: 'enterprise.view' | 'enterprise.manage' | 'need.onBehalf' = 'enterprise.view',
): Promise<Enterprise> {
  const enterprise = id && /^[0-9A-Z]{26}$/.test(id) ? await getEnterprise(context.deps.db, id) : undefined;
  if (!enterprise) throw new HttpError(404, 'error.notFound');
  if (!can(context.principal.staff, action, enterprise)) throw new HttpError(403, 'error.forbidden');
  return enterprise;
}
