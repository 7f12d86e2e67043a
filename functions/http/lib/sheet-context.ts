import { departmentName } from '#functions/http/pages/scoreboard.view.tsx';
import type { SheetContext } from '#shared/spreadsheets/exports.ts';
import type { AppContext } from './types.ts';

/** The reader's language for a spreadsheet export. */
export function sheetContext(context: AppContext): SheetContext {
  return { t: context.t, departmentName: (d) => departmentName(context.view, d) };
}
