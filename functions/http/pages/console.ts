import { h } from 'preact';
import { BoardPage } from '#functions/http/pages/board.view.tsx';
import { CalendarBanner } from '#functions/http/pages/calendar-banner.view.tsx';
import { can } from '#shared/auth/permissions.ts';
import type { Principal } from '#shared/auth/principal.ts';
import { BoardQuery, loadBoard, loadWholeBoard, scopeFor } from '#shared/board/board.ts';
import { missingArrangementYear } from '#shared/calendar-admin/reminder.ts';
import { countsOf } from '#shared/domain/board-counts.ts';
import { parseInput } from '#shared/domain/input-error.ts';
import type { Department, Staff } from '#shared/domain/organisation.ts';
import { STAGES } from '#shared/domain/stage.ts';
import { mailBacklog } from '#shared/mail/office-hours.ts';
import { fundsArrivedThisMonth } from '#shared/scoreboard/this-month.ts';
import { boardSheet } from '#shared/spreadsheets/exports.ts';
import { toXlsx, XLSX_TYPE } from '#shared/spreadsheets/workbook.ts';
import { getBoardCounts } from '#shared/store/board-counts.ts';
import { listDepartments, listStaff } from '#shared/store/organisation.ts';
import { listUndeliverable } from '#shared/store/undeliverable.ts';
import { download, html } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import { sheetContext } from '../lib/sheet-context.ts';
import type { AppContext } from '../lib/types.ts';
import { departmentName } from '../ui/parts.tsx';

/** The landing page after sign-in: the overdue board for the person's scope. */
export const consoleBoard = route({
  method: 'GET',
  path: '/console',
  access: 'board.view',
  handler: async (event, context) => {
    const query = event.queryStringParameters ?? {};
    const me = context.principal.staff;
    const staffRead = can(me, 'board.person') ? listStaff(context.deps.db) : Promise.resolve([]);
    // Every department's name, for the title of a department's board; the picker only for those who may pick.
    const departmentsRead = listDepartments(context.deps.db);
    const scopeKey = staffRead.then(
      (staff) => scopeFor(context.principal, parseInput(BoardQuery, query), staff).key,
    );
    const [board, staff, departments, backlog, undeliverable, fundsThisMonth, counts] = await Promise.all([
      loadBoard(context.deps, context.principal, query),
      staffRead,
      departmentsRead,
      // Mail the server has not taken for a while: heads and managers must know.
      can(me, 'mail.backlog') ? mailBacklog(context.deps) : undefined,
      // Addresses SES reported undeliverable: managers keep people's and contacts' addresses right.
      can(me, 'mail.undeliverable') ? listUndeliverable(context.deps.db) : [],
      // 本月到位 as soon as the board's scope is known (it needs the staff and departments, not the board).
      Promise.all([scopeKey, departmentsRead]).then(([key, departments]) =>
        fundsArrivedThisMonth(
          context.deps,
          key,
          departments.map((d) => d.id),
        ),
      ),
      // The scope's overdue and due-soon counts, whatever page this is: the sweep keeps them (one read).
      Promise.all([scopeKey, getBoardCounts(context.deps.db)]).then(([key, counts]) =>
        counts ? { ...countsOf(counts, key), at: counts.at } : undefined,
      ),
    ]);
    const people = staff.filter((s) => can(me, 'board.person', s)).map((s) => ({ id: s.id, name: s.name }));
    const pickable = can(me, 'departments.any') ? departments : [];
    // Managers, from 1 November while next year is provisional: its arrangement is missing.
    const missingYear = can(me, 'calendar.set')
      ? missingArrangementYear(context.deps.calendar, context.deps.clock.now())
      : undefined;
    return html(
      h(BoardPage, {
        ctx: context.view,
        board,
        filters: {
          stage: query.stage,
          kind: query.kind,
          industryChain: query.industryChain,
          officer: query.officer,
          department: query.department,
        },
        stages: STAGES,
        people,
        mailBacklog: backlog,
        undeliverable,
        departments: pickable.map((d) => ({ id: d.id, name: departmentName(context.view, d) })),
        whose: board.scope === 'mine' ? undefined : boardOwner(context, staff, departments, query),
        fundsArrivedThisMonth: fundsThisMonth,
        counts,
        banner:
          missingYear === undefined ? undefined : h(CalendarBanner, { ctx: context.view, year: missingYear }),
      }),
    );
  },
});

/** Whose board it is, for its title: the department's name, or the one person's whose items it lists. */
function boardOwner(
  context: { view: AppContext['view']; principal: Principal },
  staff: Staff[],
  departments: Department[],
  query: Record<string, string | undefined>,
): string | undefined {
  // The same choice the board made (scopeFor: the one rule of whose items a reader sees).
  const { key } = scopeFor(context.principal, parseInput(BoardQuery, query), staff);
  if (key.kind === 'officer') return staff.find((s) => s.id === key.id)?.name;
  const department = key.kind === 'department' ? departments.find((d) => d.id === key.id) : undefined;
  return department ? departmentName(context.view, department) : undefined;
}

/** The board as filtered on screen, every page of it, as .xlsx. */
export const consoleBoardExport = route({
  method: 'GET',
  path: '/console/board.xlsx',
  access: 'board.view',
  handler: async (event, context) => {
    const { cursor: _cursor, ...query } = event.queryStringParameters ?? {};
    const rows = await loadWholeBoard(context.deps, context.principal, query);
    const bytes = await toXlsx([boardSheet(sheetContext(context), rows)]);
    const today = context.deps.calendar.localDate(context.deps.clock.now());
    return download(bytes, `board-${today}.xlsx`, XLSX_TYPE);
  },
});
