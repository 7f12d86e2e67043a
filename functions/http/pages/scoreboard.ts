import { h } from 'preact';
import { ScoreboardPage } from '#functions/http/pages/scoreboard.view.tsx';
import { can } from '#shared/auth/permissions.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { loadScoreboard } from '#shared/scoreboard/scoreboard.ts';
import { setAnnualTarget, setUsdRate } from '#shared/scoreboard/targets.ts';
import { scoreboardSheets } from '#shared/spreadsheets/scoreboard-sheets.ts';
import { toXlsx, XLSX_TYPE } from '#shared/spreadsheets/workbook.ts';
import { formBody, unflatten } from '../lib/body.ts';
import { download, html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import { sheetContext } from '../lib/sheet-context.ts';
import type { StaffContext } from '../lib/types.ts';

/** A manager sees every department; a department head their own. */
const ownDepartment = (context: StaffContext) =>
  can(context.principal.staff, 'departments.any') ? undefined : context.principal.staff.departmentId;

export const scoreboardPage = route({
  method: 'GET',
  path: '/console/scoreboard',
  access: 'scoreboard.view',
  handler: async (event, context) => {
    const query = event.queryStringParameters ?? {};
    try {
      const scoreboard = await loadScoreboard(context.deps, query, ownDepartment(context));
      const notice = query.saved ? context.t('scoreboard.saved') : undefined;
      return html(h(ScoreboardPage, { ctx: context.view, scoreboard, notice }));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // A year, month or ranking that is not one (typed into the address): the board of what was right in the
      // query, the filter showing what was asked and what is wrong with it.
      const wrong = new Set(error.fields.map((f) => f.path));
      const right = Object.fromEntries(Object.entries(query).filter(([k]) => !wrong.has(k)));
      const scoreboard = await loadScoreboard(context.deps, right, ownDepartment(context));
      return html(
        h(ScoreboardPage, { ctx: context.view, scoreboard, filter: { values: query, errors: error.fields } }),
        400,
      );
    }
  },
});

export const scoreboardExport = route({
  method: 'GET',
  path: '/console/scoreboard.xlsx',
  access: 'scoreboard.view',
  handler: async (event, context) => {
    const scoreboard = await loadScoreboard(
      context.deps,
      event.queryStringParameters ?? {},
      ownDepartment(context),
    );
    const bytes = await toXlsx(scoreboardSheets(sheetContext(context), scoreboard));
    return download(bytes, `scoreboard-${scoreboard.year}.xlsx`, XLSX_TYPE);
  },
});

const by = (context: StaffContext) => ({
  actor: { kind: 'staff' as const, id: context.principal.staff.id },
  channel: 'web' as const,
});

/**
 * A manager's scoreboard form (targets, the USD rate): saved, back to the scoreboard of its year; wrong, the page
 * again with the field errors beside the fields and what was typed kept.
 */
function saveForm(
  path: string,
  save: (context: StaffContext, input: Record<string, unknown>) => Promise<unknown>,
) {
  return route({
    method: 'POST',
    path,
    access: 'targets.set',
    handler: async (event, context) => {
      const form = formBody(event);
      const input = unflatten(form, ['year']);
      try {
        await save(context, input);
        return redirect(`/console/scoreboard?year=${encodeURIComponent(String(input.year))}&saved=1`);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        const year = /^\d{4}$/.test(form.year ?? '') ? form.year : undefined;
        const scoreboard = await loadScoreboard(context.deps, { year });
        return html(
          h(ScoreboardPage, { ctx: context.view, scoreboard, errors: error.fields, values: form }),
          400,
        );
      }
    },
  });
}

/** A manager sets a department's annual targets, one per indicator. */
export const scoreboardTargets = saveForm('/console/scoreboard/targets', (context, input) =>
  setAnnualTarget(context.deps, input, by(context)),
);

/** A manager sets the year's USD rate (外资 in 万美元). */
export const scoreboardUsdRate = saveForm('/console/scoreboard/usd-rate', (context, input) =>
  setUsdRate(context.deps, input, by(context)),
);
