import { canSeeEnterprise } from '#shared/auth/access.ts';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import { getEnterprise } from '#shared/store/enterprises.ts';
import { HttpError } from './errors.ts';
import type { AppContext } from './types.ts';

/** The enterprise a path names, if it exists (404) and the signed-in person may see it (403). */
export async function visibleEnterprise(context: AppContext, id: string | undefined): Promise<Enterprise> {
  const enterprise = id && /^[0-9A-Z]{26}$/.test(id) ? await getEnterprise(context.deps.db, id) : undefined;
  if (!enterprise) throw new HttpError(404, 'error.notFound');
  if (!canSeeEnterprise(context.principal!, enterprise)) throw new HttpError(403, 'error.forbidden');
  return enterprise;
}
