import { z } from 'zod';
import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { headsOf, managersOf, type Staff } from '../domain/organisation.ts';
import { Id } from '../domain/primitives.ts';
import { NEED_CATEGORIES, type Need } from '../domain/work-item.ts';
import type { By } from '../organisation/create.ts';
import { actingFor } from '../organisation/substitute.ts';
import { listDepartments, listStaff } from '../store/organisation.ts';
import { getSetting, saveSettings } from '../store/settings.ts';
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

/** Managers set which department handles each category of need (a category left out goes to the coordinator). */
export async function setRouting(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: unknown,
  by: By,
): Promise<RoutingTable> {
  return (await saveRouting(deps, { table: parseInput(RoutingInput, input) }, by)).table;
}

export const ROUTING_SETTING = 'needRouting';

/** The setting naming the coordinator: the manager who owns needs with no route (a staff id). */
export const COORDINATOR_SETTING = 'needCoordinator';

/** The coordinator as set (a staff id), if one was named. */
export async function getCoordinatorId(deps: Pick<Deps, 'db'>): Promise<string | undefined> {
  return getSetting<string>(deps.db, COORDINATOR_SETTING);
}

/** Whether the id names an active manager: the only staff member the settings may name as coordinator. */
const isManager = (staff: Staff[], id: string) => managersOf(staff).some((m) => m.id === id);

/**
 * Who acts as coordinator: the manager the settings name while they are an active manager, else the first active
 * manager — so a zone that never saved the settings page still has one (what the page proposes), and only a zone
 * with no active manager has none (its unrouted needs go to the service officer).
 */
export function coordinatorOf(staff: Staff[], coordinatorId: string | undefined): Staff | undefined {
  const managers = managersOf(staff);
  return managers.find((m) => m.id === coordinatorId) ?? managers[0];
}

/** The settings page's needs form: the routing table and the coordinator, checked together. */
export const NeedRoutingSettings = z.strictObject({
  table: RoutingInput,
  coordinatorId: Id,
});

/**
 * Managers set the needs routing table and the coordinator together (the console's settings page): every problem
 * reported at once — an unknown department on its category, a coordinator who is not an active manager — and then
 * nothing is stored. Audited as one change.
 */
export async function setNeedRoutingSettings(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: unknown,
  by: By,
): Promise<{ table: RoutingTable; coordinatorId: string }> {
  const { table, coordinatorId } = parseInput(NeedRoutingSettings, input);
  await saveRouting(deps, { table, coordinatorId }, by);
  return { table, coordinatorId };
}

/**
 * Check the table (and the coordinator, when one is given) — every problem at once, nothing stored on any — then
 * store them and audit the change.
 */
async function saveRouting(
  deps: Pick<Deps, 'db' | 'clock'>,
  settings: { table: RoutingTable; coordinatorId?: string },
  by: By,
): Promise<{ table: RoutingTable; coordinatorId?: string }> {
  const { table, coordinatorId } = settings;
  const [departments, staff] = await Promise.all([listDepartments(deps.db), listStaff(deps.db)]);
  const known = new Set(departments.map((d) => d.id));
  const problems = Object.entries(table)
    .filter(([, id]) => id && !known.has(id))
    .map(([category]) => ({ path: category, message: 'department.unknown' }));
  if (coordinatorId !== undefined && !isManager(staff, coordinatorId))
    problems.push({ path: 'coordinatorId', message: 'settings.coordinator.invalid' });
  if (problems.length) throw new InputError(problems);
  await saveSettings(
    deps.db,
    deps.clock.now(),
    coordinatorId === undefined
      ? { [ROUTING_SETTING]: table }
      : { [ROUTING_SETTING]: table, [COORDINATOR_SETTING]: coordinatorId },
    {
      ...by,
      action: 'settings.routingChanged',
      details: coordinatorId === undefined ? { table } : { table, coordinatorId },
    },
  );
  return settings;
}

/**
 * Who owns a new need: the head of the department it is sent to (`to`), else of the department the routing table
 * names for its category; with no route — or when that head is the person who raised it (a need someone raises from
 * their own task must reach someone else: a blocked approval's head raising it goes on to the category's department)
 * — the coordinator (the named one, else the first active manager: `coordinatorOf`); in a zone with no active
 * manager, the enterprise's service officer. A need is owned from the minute it arrives, and while its owner is away
 * it is their substitute's from the start.
 */
export async function routeNeed(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar'>,
  enterprise: Enterprise,
  category: Need['category'],
  /** A department the need goes to whatever the table says (a blocked approval: the department handling it). */
  to?: string,
  /** The staff member who raised it (from a task, or on the enterprise's behalf): never its owner if avoidable. */
  raisedBy?: string,
) {
  const [table, staff, coordinatorId] = await Promise.all([
    getRouting(deps),
    listStaff(deps.db),
    getCoordinatorId(deps),
  ]);
  const today = deps.calendar.localDate(deps.clock.now());
  // The department named (`to`), then the category's; in each, a head other than the one who raised it.
  const departments = [to, table[category]].filter((d): d is string => !!d);
  const head = departments.flatMap((d) => headsOf(staff, d)).find((h) => h.id !== raisedBy);
  const coordinator = coordinatorOf(staff, coordinatorId);
  const chosen = head ?? (coordinator?.id !== raisedBy ? coordinator : undefined);
  const owner = actingFor(staff, chosen?.id ?? enterprise.serviceOfficerId, today);
  // Never back to whoever raised it: with no one else chosen, a manager takes it (one other than the raiser).
  if (owner && (owner.id !== raisedBy || !raisedBy))
    return { ownerId: owner.id, ownerDepartmentId: owner.departmentId };
  const manager = managersOf(staff).find((m) => m.id !== raisedBy);
  if (manager) return { ownerId: manager.id, ownerDepartmentId: manager.departmentId };
  if (owner) return { ownerId: owner.id, ownerDepartmentId: owner.departmentId };
  return { ownerId: enterprise.serviceOfficerId, ownerDepartmentId: enterprise.serviceDepartmentId };
}
