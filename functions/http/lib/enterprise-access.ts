import { can } from '#shared/auth/permissions.ts';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import type { Lead } from '#shared/domain/lead.ts';
import { getEnterprise } from '#shared/store/enterprises.ts';
import { getLead } from '#shared/store/leads.ts';
import { HttpError } from './errors.ts';
import type { StaffContext } from './types.ts';

/**
 * The enterprise a path names, if it exists (404) and the signed-in person may take the action on it (403):
 * seeing it, managing it, stopping or reactivating it, signing it, or opening a need on its behalf.
 */
export async function visibleEnterprise(
  context: StaffContext,
  id: string | undefined,
  action:
    | 'enterprise.view'
    | 'enterprise.manage'
    | 'enterprise.exit'
    | 'enterprise.revive'
    | 'enterprise.sign'
    | 'need.onBehalf' = 'enterprise.view',
): Promise<Enterprise> {
  const enterprise = id && /^[0-9A-Z]{26}$/.test(id) ? await getEnterprise(context.deps.db, id) : undefined;
  if (!enterprise) throw new HttpError(404, 'error.notFound');
  if (!can(context.principal.staff, action, enterprise)) throw new HttpError(403, 'error.forbidden');
  return enterprise;
}

/** The lead a path names, if it exists (404) and the signed-in person may take the action on it (403). */
export async function visibleLead(
  context: StaffContext,
  id: string | undefined,
  action: 'lead.view' | 'lead.assess' = 'lead.view',
): Promise<Lead> {
  const lead = id && /^[0-9A-Z]{26}$/.test(id) ? await getLead(context.deps.db, id) : undefined;
  if (!lead) throw new HttpError(404, 'error.notFound');
  if (!can(context.principal.staff, action, lead)) throw new HttpError(403, 'error.forbidden');
  return lead;
}
