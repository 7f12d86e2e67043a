import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { newId } from '#shared/domain/ids.ts';
import type { Department, Staff } from '#shared/domain/organisation.ts';
import { columnHeading, LEDGER_COLUMNS } from '#shared/ledger/columns.ts';
import { parseLedger } from '#shared/ledger/parse.ts';
import { ledgerTemplate } from '#shared/ledger/template.ts';
import { readFirstSheet, toXlsx } from '#shared/spreadsheets/workbook.ts';

const department: Department = {
  id: newId(),
  name: '招商一局',
  nameEn: 'Investment Bureau One',
  targets: [],
  version: 1,
};
const plain: Department = { id: newId(), name: '企业服务中心', targets: [], version: 1 };
const person: Staff = {
  id: newId(),
  name: '王芳',
  email: 'wang.fang@zone.example.cn',
  role: 'manager',
  departmentId: department.id,
  active: true,
  version: 1,
};
const today = '2026-11-27';
const org = { departments: [department, plain], staff: [person], today };

/** The template as a person downloads it, read back the way an upload is read. */
async function roundTrip(locale: 'zh-CN' | 'en', example: { department?: Department } = { department }) {
  const sheet = ledgerTemplate(locale, { ...example, person, today });
  return { sheet, read: await readFirstSheet(await toXlsx([sheet])) };
}

describe('the ledger template', () => {
  it('has every ledger column, headed in the reader’s language, and one example row to match', () => {
    const zh = ledgerTemplate('zh-CN', { department, person, today });
    const en = ledgerTemplate('en', { department, person, today });
    expect(zh.name).toBe('项目台账');
    expect(en.name).toBe('Ledger');
    expect(zh.columns.map((c) => c.header)).toEqual(LEDGER_COLUMNS.map((c) => columnHeading(c, 'zh-CN')));
    expect(en.columns.map((c) => c.header)).toEqual(LEDGER_COLUMNS.map((c) => columnHeading(c, 'en')));
    expect(zh.columns.map((c) => c.header).slice(0, 5)).toEqual([
      '序号',
      '项目名称',
      '投资方',
      '项目类型',
      '行业',
    ]);
    expect(en.columns[1]?.header).toBe('Project name');
    expect(zh.rows).toHaveLength(1);
    expect(zh.rows[0]).toHaveLength(LEDGER_COLUMNS.length);
  });

  it('fills the example from the zone: today, the department’s name in the language, the person by name', () => {
    const value = (sheet: ReturnType<typeof ledgerTemplate>, key: string) =>
      sheet.rows[0]?.[LEDGER_COLUMNS.findIndex((c) => c.key === key)];
    const zh = ledgerTemplate('zh-CN', { department, person, today });
    const en = ledgerTemplate('en', { department, person, today });
    expect(value(zh, 'signedAt')).toBe(today);
    expect(value(zh, 'leadDepartment')).toBe('招商一局');
    expect(value(en, 'leadDepartment')).toBe('Investment Bureau One');
    expect(value(zh, 'leadStaff')).toBe(person.name);
    expect(value(zh, 'officer')).toBe(person.name);
    // The zones' own columns are filled too, in words the import reads back.
    expect(value(zh, 'fundsOrigin')).toBe('省外');
    expect(value(zh, 'investorTags')).toBe('中国500强、上市公司');
    expect(value(en, 'investorTags')).toBe('China Top 500, Listed company');
    expect(value(zh, 'name')).toBe('示例科技有限公司');
    expect(value(en, 'name')).toBe('Example Technology Co., Ltd.');
    expect(value(zh, 'contractedInvestment')).toBe(50000);
    // An English reader of a department without an English name gets its Chinese name.
    expect(value(ledgerTemplate('en', { department: plain, person, today }), 'leadDepartment')).toBe(
      '企业服务中心',
    );
    // Without a department the example leaves it blank; the milestone dates are always blank.
    expect(value(ledgerTemplate('zh-CN', { person, today }), 'leadDepartment')).toBe('');
    for (const c of LEDGER_COLUMNS.filter((c) => c.milestone)) expect(value(zh, c.key), c.key).toBeNull();
  });

  for (const locale of ['zh-CN', 'en'] as const) {
    it(`checks clean when filled in like its example (${locale}); the example itself is refused`, async () => {
      const { read } = await roundTrip(locale);
      // As downloaded: every field valid, but it is the example, not a project — refused on its name alone.
      expect(parseLedger(read.headers, read.rows, org).errors).toEqual([
        { row: 2, column: 'name', message: 'ledger.exampleRow' },
      ]);
      const heading = read.headers.find((h) => /项目名称|project name/i.test(h));
      const renamed = read.rows.map((r) => ({
        ...r,
        values: { ...r.values, [heading as string]: '真实项目有限公司' },
      }));
      const { rows, errors } = parseLedger(read.headers, renamed, org);
      expect(errors).toEqual([]);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.input).toMatchObject({
        contractedInvestment: 50000,
        signedAt: today,
        lead: { departmentId: department.id, staffId: person.id },
        serviceOfficerId: person.id,
        contacts: [{ phone: '13800138000', email: 'contact@example.cn' }],
        profile: {
          fixedAssetInvestment: 40000,
          registeredCapital: 10000,
          landMu: 120.5,
          fundsOrigin: 'outOfProvince',
          investorTags: ['china500', 'listed'],
        },
      });
      expect(rows[0]?.progress).toEqual({ stage: 'signed', stageSince: today, actual: {}, fundsInPlace: 0 });
    });
  }

  it('writes a bold, frozen heading row that survives the round trip', async () => {
    const bytes = await toXlsx([ledgerTemplate('zh-CN', { department, person, today })]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = workbook.worksheets[0]!;
    expect(ws.name).toBe('项目台账');
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.rowCount).toBe(2);
  });

  it('is read back with the example row as row 2 and blank cells as empty text', async () => {
    const { read } = await roundTrip('zh-CN', {});
    expect(read.headers).toEqual(LEDGER_COLUMNS.map((c) => columnHeading(c, 'zh-CN')));
    expect(read.rows.map((r) => r.row)).toEqual([2]);
    expect(read.rows[0]?.values.首谈部门).toBe('');
    expect(read.rows[0]?.values['总投资（万元）']).toBe('50000');
    // Without a department in the example, a person must fill it in: the check says so.
    const { errors } = parseLedger(read.headers, read.rows, org);
    expect(errors).toContainEqual({ row: 2, column: 'leadDepartment', message: 'department.unknown' });
  });
});
