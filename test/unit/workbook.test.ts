import { describe, expect, it } from 'vitest';
import { readFirstSheet, safeCell, toXlsx } from '#shared/spreadsheets/workbook.ts';

describe('exported cells', () => {
  it('prefixes text a spreadsheet could take for a formula, and nothing else', () => {
    for (const risky of ['=1+1', '+86 138', '-2', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(safeCell(risky)).toBe(`'${risky}`);
    }
    for (const plain of ['甲公司', 'a=b', '2026-03-02', '', ' =1']) expect(safeCell(plain)).toBe(plain);
    expect(safeCell(-2)).toBe(-2);
    expect(safeCell(0)).toBe(0);
    expect(safeCell(undefined)).toBeNull();
    expect(safeCell(null)).toBeNull();
  });

  it('writes such text with its apostrophe into the .xlsx, and numbers as numbers', async () => {
    const bytes = await toXlsx([
      { name: 's', columns: [{ header: 'name' }], rows: [['=HYPERLINK("x")'], [-3]] },
    ]);
    const sheet = await readFirstSheet(bytes);
    expect(sheet.rows.map((r) => r.values.name)).toEqual(['\'=HYPERLINK("x")', '-3']);
  });
});
