import { z } from 'zod';
import { boardScopes, can } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import type { Deps } from '../deps.ts';
import { parseInput } from '../domain/input-error.ts';
import type { Approval } from '../domain/lifecycle.ts';
import type { Staff } from '../domain/organisation.ts';
import { type Light, trafficLight, workingDaysOverdue } from '../domain/schedule.ts';
import type { Milestone, Stage } from '../domain/stage.ts';
import { taskLink } from '../lifecycle/task-link.ts';
import { needHandleLink } from '../needs/links.ts';
import { BoardFilters, type BoardScope, type OpenItem, openItems } from '../store/board.ts';
import { listStaff } from '../store/organisation.ts';

/** Who holds an open item: a task's officer, a need's owner, a part's assisting owner. */
export const itemOwner = (item: OpenItem) =>
  item.itemType === 'task' ? item.officerId : item.itemType === 'part' ? item.ownerId : (item.ownerId ?? '');

const itemDepartment = (item: OpenItem) =>
  item.itemType === 'task'
    ? item.departmentId
    : item.itemType === 'part'
      ? item.departmentId
      : (item.ownerDepartmentId ?? '');

/** An open item's page as its holder's link: the task's page, or the need's page (a part is answered there). */
export function itemLink(deps: Pick<Deps, 'links' | 'clock'>, item: OpenItem, staffId: string): string {
  if (item.itemType === 'task') return taskLink(deps, item);
  if (item.itemType === 'part')
    return needHandleLink(deps, { enterpriseId: item.enterpriseId, id: item.needId }, staffId);
  return needHandleLink(deps, item, staffId);
}

export const BoardQuery = BoardFilters.extend({
  scope: z.enum(['zone', 'department', 'mine']).optional(),
  department: z.string().max(40).optional(),
  /** One person's items (a head: someone in their department). */
  officer: z.string().max(40).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type BoardQuery = z.infer<typeof BoardQuery>;

export interface BoardRow {
  itemType: 'task' | 'need' | 'part';
  id: string;
  title: {
    key: 'task.tracking' | 'task.visit' | 'task.followUp' | 'task.approval' | 'need' | 'board.part';
    milestone?: Milestone;
    approval?: Approval;
    text?: string;
  };
  enterpriseId: string;
  enterpriseName: string;
  stage: Stage;
  industryChain: string;
  ownerId: string;
  ownerName: string;
  departmentId: string;
  dueAt: string;
  dueDate: string;
  light: Light;
  overdueWorkingDays: number;
  /** An urgent need: marked, and first on its page. */
  urgent: boolean;
  /** The item's own page: the task's page, or the need's page as the viewer (signed links, like the emailed ones). */
  href: string;
}

export interface Board {
  scope: 'zone' | 'department' | 'mine' | 'officer';
  /** For the 'officer' scope: whose items. */
  officerId?: string;
  rows: BoardRow[];
  next?: string;
  readUnits: number;
}

/**
 * Which part of the zone a person may see (the rules are in `permissions.ts`): one person's items if they may see
 * that person's; else the scope asked for if they may take it, or their widest one (officers their own items,
 * heads their department, managers the zone — or the department asked for).
 */
export function scopeFor(
  principal: Principal,
  q: BoardQuery,
  people: Staff[],
): { scope: Board['scope']; key: BoardScope } {
  const staff = principal.staff;
  const chosen = q.officer ? people.find((p) => p.id === q.officer) : undefined;
  if (chosen && can(staff, 'board.person', chosen)) {
    return { scope: 'officer', key: { kind: 'officer', id: chosen.id } };
  }
  const allowed = boardScopes((action) => can(staff, action));
  const anyDepartment = can(staff, 'departments.any');
  let scope = q.scope && allowed.includes(q.scope) ? q.scope : (allowed[0] ?? 'mine');
  if (scope === 'zone' && anyDepartment && q.department) scope = 'department';
  if (scope === 'mine') return { scope: 'mine', key: { kind: 'officer', id: staff.id } };
  if (scope === 'department') {
    const id = anyDepartment && q.department ? q.department : staff.departmentId;
    return { scope: 'department', key: { kind: 'department', id } };
  }
  return { scope: 'zone', key: { kind: 'zone' } };
}

/** The overdue board: open tasks and needs, most overdue first, one page at a time from one index. */
export async function loadBoard(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar' | 'links'>,
  principal: Principal,
  input: unknown,
): Promise<Board> {
  const q = parseInput(BoardQuery, input);
  const staff = await listStaff(deps.db);
  const { scope, key } = scopeFor(principal, q, staff);
  const page = await openItems(deps.db, key, { limit: q.limit, cursor: q.cursor, filters: q });
  const names = new Map(staff.map((s) => [s.id, s.name]));
  const now = deps.clock.now();
  const rows = page.items.map((item): BoardRow => {
    const dueAt = item.dueAt ?? now.toISOString();
    const due = new Date(dueAt);
    const ownerId = itemOwner(item);
    return {
      itemType: item.itemType,
      id: item.id,
      title:
        item.itemType === 'task'
          ? { key: `task.${item.kind}`, milestone: item.milestone, approval: item.approval }
          : item.itemType === 'part'
            ? { key: 'board.part', text: item.needTitle }
            : { key: 'need', text: item.title },
      enterpriseId: item.enterpriseId,
      enterpriseName: item.enterpriseName,
      stage: item.stage,
      industryChain: item.industryChain,
      ownerId,
      ownerName: names.get(ownerId) ?? '—',
      departmentId: itemDepartment(item),
      dueAt,
      dueDate: deps.calendar.localDate(due),
      light: trafficLight(deps.calendar, due, now),
      overdueWorkingDays: workingDaysOverdue(deps.calendar, due, now),
      urgent: item.itemType === 'need' && item.urgency === 'urgent',
      // One's own items open their task or need page (the link is the holder's); someone else's open the
      // enterprise's page: a link acts for the person it names, never for whoever views the board.
      href:
        ownerId !== principal.staff.id
          ? `/console/enterprises/${item.enterpriseId}`
          : itemLink(deps, item, principal.staff.id),
    };
  });
  return {
    scope,
    officerId: key.kind === 'officer' ? key.id : undefined,
    rows: urgentFirst(rows),
    next: page.next,
    readUnits: page.readUnits,
  };
}

/** Urgent needs first, then the rest; each group keeps the index's order (earliest due, most overdue, first). */
export const urgentFirst = (rows: BoardRow[]): BoardRow[] => [
  ...rows.filter((r) => r.urgent),
  ...rows.filter((r) => !r.urgent),
];

/** Every row of a board (for an export), page by page, up to a limit so one request stays bounded. */
export async function loadWholeBoard(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar' | 'links'>,
  principal: Principal,
  input: Record<string, unknown>,
  maxRows = 10_000,
): Promise<BoardRow[]> {
  const rows: BoardRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await loadBoard(deps, principal, { ...input, cursor, limit: 200 });
    rows.push(...page.rows);
    cursor = page.next;
  } while (cursor && rows.length < maxRows);
  return rows.slice(0, maxRows);
}
