import { h } from 'preact';
import { BoardPage } from '#functions/http/pages/board.view.tsx';
import { can } from '#shared/auth/permissions.ts';
import { loadBoard, loadWholeBoard } from '#shared/board/board.ts';
import { STAGES } from '#shared/domain/stage.ts';
import { mailBacklog } from '#shared/mail/office-hours.ts';
import { boardSheet } from '#shared/spreadsheets/exports.ts';
import { toXlsx, XLSX_TYPE } from '#shared/spreadsheets/workbook.ts';
import { listDepartments, listStaff } from '#shared/store/organisation.ts';
import { listUndeliverable } from '#shared/store/undeliverable.ts';
import { download, html } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import { sheetContext } from '../lib/sheet-context.ts';
import { departmentName } from '../ui/parts.tsx';

/** The landing page after sign-in: the overdue board for the person's scope. */
export const consoleBoard = route({
  method: 'GET',
  path: '/console',
  access: 'board.view',
  handler: async (event, context) => {
    const query = event.queryStringParameters ?? {};
    const me = context.principal.staff;
    const [board, staff, departments, backlog, undeliverable] = await Promise.all([
      loadBoard(context.deps, context.principal, query),
      can(me, 'board.person') ? listStaff(context.deps.db) : [],
      can(me, 'departments.any') ? listDepartments(context.deps.db) : [],
      // Mail the server has not taken for a while: heads and managers must know.
      can(me, 'mail.backlog') ? mailBacklog(context.deps) : undefined,
      // Addresses SES reported undeliverable: managers keep people's and contacts' addresses right.
      can(me, 'mail.undeliverable') ? listUndeliverable(context.deps.db) : [],
    ]);
    const people = staff.filter((s) => can(me, 'board.person', s)).map((s) => ({ id: s.id, name: s.name }));
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
        departments: departments.map((d) => ({ id: d.id, name: departmentName(context.view, d) })),
      }),
    );
  },
});

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
