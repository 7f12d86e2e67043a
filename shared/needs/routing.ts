import { z } from 'zod';
import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { headsOf } from '../domain/organisation.ts';
import { Id } from '../domain/primitives.ts';
import { NEED_CATEGORIES, type Need } from '../domain/work-item.ts';
import type { By } from '../organisation/create.ts';
import { actingFor } from '../organisation/substitute.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { listDepartments, listStaff } from '../store/organisation.ts';
import { getSetting, putSetting } from '../store/settings.ts';
import { transact } from '../store/write.ts';
import type { RoutingTable } from './rules.ts';

/** Every key is a category: anything else is a 400, never silently dropped while the whole table is replaced. */
export const RoutingInput = z.strictObject(
  Object.fromEntries(NEED_CATEGORIES.map((c) => [c, Id.optional()])) as Record<
    (typeof NEED_CATEGORIES)[number],
    z.ZodOptional<typeof Id>
  >,
);

export async function getRouting(deps: Pick<Deps, 'db'>): Promise<RoutingTable> {
  return (await getSetting<RoutingTable>(deps.db, ROUTING_SETTING)) ?? {};
}

/** Managers set which department handles each category of need (a category left out goes to the service officer). */
export async function setRouting(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: unknown,
  by: By,
): Promise<RoutingTable> {
  const table = parseInput(RoutingInput, input);
  const known = new Set((await listDepartments(deps.db)).map((d) => d.id));
  const unknown = Object.entries(table).filter(([, id]) => id && !known.has(id));
  if (unknown.length)
    throw new InputError(unknown.map(([category]) => ({ path: category, message: 'department.unknown' })));
  await putSetting(deps.db, ROUTING_SETTING, table);
  await transact(deps.db, [
    auditItem(
      deps.db,
      newAudit(deps.clock.now(), {
        ...by,
        action: 'settings.routingChanged',
        subject: { kind: 'settings', id: ROUTING_SETTING },
        details: { table },
      }),
    ),
  ]);
  return table;
}

export const ROUTING_SETTING = 'needRouting';

/**
 * Who owns a new need: the head of the department the routing table names for its category, or else the
 * enterprise's service officer. A need is owned from the minute it arrives.
 */
export async function routeNeed(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar'>,
  enterprise: Enterprise,
  category: Need['category'],
  /** A department the need goes to whatever the table says (a blocked approval: the department handling it). */
  to?: string,
) {
  const [table, staff] = await Promise.all([getRouting(deps), listStaff(deps.db)]);
  const today = deps.calendar.localDate(deps.clock.now());
  const departmentId = to ?? table[category];
  const [head] = departmentId ? headsOf(staff, departmentId) : [];
  // While the owner is away, the need is their substitute's from the start.
  const owner = actingFor(staff, head?.id ?? enterprise.serviceOfficerId, today);
  if (owner) return { ownerId: owner.id, ownerDepartmentId: owner.departmentId };
  return { ownerId: enterprise.serviceOfficerId, ownerDepartmentId: enterprise.serviceDepartmentId };
}
