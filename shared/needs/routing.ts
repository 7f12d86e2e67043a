import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { Id } from '../domain/primitives.ts';
import { NEED_CATEGORIES } from '../domain/work-item.ts';
import type { By } from '../organisation/create.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { listDepartments } from '../store/organisation.ts';
import { getSetting, putSetting } from '../store/settings.ts';
import { transact } from '../store/write.ts';
import { ROUTING_SETTING } from './create.ts';
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
