import type ExcelJS from 'exceljs';
import { inspectXlsx, XLSX_LIMITS, XlsxLimitError, type XlsxLimits } from './xlsx-limits.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type Cell = string | number | null | undefined;

export interface Sheet {
  name: string;
  /** Column headings, already in the reader's language. */
  columns: { header: string; width?: number }[];
  rows: Cell[][];
}

/**
 * A cell as written: text that a spreadsheet could take for a formula (starting with = + - @, a tab or a carriage
 * return — what people typed, e.g. an enterprise name) gets a leading apostrophe, so it is shown as the text it is
 * wherever the file is opened or pasted. Numbers are written as numbers.
 */
export function safeCell(value: Cell): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(value)) return `'${value}`;
  return value;
}

/** Write sheets to an .xlsx file: a bold, frozen heading row and columns sized for the data. */
export async function toXlsx(sheets: Sheet[]): Promise<Buffer> {
  const workbook = new (await exceljs()).Workbook();
  workbook.creator = 'aftercare';
  for (const sheet of sheets) {
    // Excel allows 31 characters and none of : \ / ? * [ ] in a sheet name.
    const ws = workbook.addWorksheet(sheet.name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    ws.columns = sheet.columns.map((c, i) => ({
      header: c.header,
      key: String(i),
      width:
        c.width ??
        Math.min(
          50,
          Math.max(10, ...[c.header, ...sheet.rows.map((r) => r[i])].map((v) => String(v ?? '').length * 2)),
        ),
    }));
    ws.getRow(1).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row.map(safeCell));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface ReadRow {
  /** The row's number in the spreadsheet (1 is the heading row), for error messages a person can find. */
  row: number;
  values: Record<string, string>;
}

/**
 * Read the first sheet of an .xlsx file as rows keyed by the heading row's text. Every value is returned as text
 * (dates as YYYY-MM-DD) so that one schema validates it, whatever Excel thought the cell's type was. The file is
 * checked against the limits first (XlsxLimitError), so exceljs never sees a file that would hold it for long.
 */
export async function readFirstSheet(
  bytes: Buffer,
  limits: XlsxLimits = XLSX_LIMITS,
): Promise<{ headers: string[]; rows: ReadRow[] }> {
  await inspectXlsx(bytes, limits);
  const workbook = new (await exceljs()).Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = workbook.worksheets[0];
  if (!ws) return { headers: [], rows: [] };
  const headers: string[] = [];
  const heading = ws.getRow(1);
  if (heading.cellCount > limits.maxColumns)
    throw new XlsxLimitError('tooManyColumns', 0, `${heading.cellCount}`);
  heading.eachCell({ includeEmpty: true }, (cell, col) => {
    headers[col - 1] = text(cell.value).trim();
  });
  const rows: ReadRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1) return;
    const values: Record<string, string> = {};
    headers.forEach((h, i) => {
      if (h) values[h] = text(row.getCell(i + 1).value).trim();
    });
    if (Object.values(values).some((v) => v !== '')) rows.push({ row: number, values });
  });
  return { headers, rows };
}

function text(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return text(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

/** exceljs (with its zip readers and writers, about 700 KB) loads with the first spreadsheet, not with the function. */
const exceljs = async () => (await import('exceljs')).default;
