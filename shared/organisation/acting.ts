import { integrationPerson } from '../auth/principal.ts';
import type { Deps } from '../deps.ts';
import type { Staff } from '../domain/organisation.ts';
import { getIntegration } from '../store/credentials.ts';
import { getStaff } from '../store/organisation.ts';
import type { By } from './create.ts';

/**
 * The person behind an action, as the store has them now — whose role and department bound what the action may
 * touch (a head: their own department). `'system'` for the workflows, the demo seed and operators' scripts, which act
 * for the zone. Anyone else — a staff actor who no longer exists, an enterprise — is `undefined`, whom `can()` refuses
 * everything.
 */
export async function actingPerson(db: Deps['db'], by: By): Promise<Staff | 'system' | undefined> {
  if (by.actor.kind === 'system') return 'system';
  // An integration account acts with its stand-in's reach (a head's, in its department: issue 14 item 5).
  if (by.actor.kind === 'integration' && by.actor.id) {
    const integration = await getIntegration(db, by.actor.id);
    return integration?.active ? integrationPerson(integration) : undefined;
  }
  return by.actor.kind === 'staff' && by.actor.id ? getStaff(db, by.actor.id) : undefined;
}
