import type { SheetContext } from '#shared/spreadsheets/exports.ts';
import { departmentName } from '../ui/parts.tsx';
import type { AppContext } from './types.ts';

/** The reader's language for a spreadsheet export. */
export function sheetContext(context: AppContext): SheetContext {
  return { t: context.t, departmentName: (d) => departmentName(context.view, d) };
}
