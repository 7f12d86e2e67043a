import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { newId } from '#shared/domain/ids.ts';
import type { Department, Staff } from '#shared/domain/organisation.ts';
import { columnHeading, LEDGER_COLUMNS } from '#shared/ledger/columns.ts';
import { type LedgerError, parseLedger } from '#shared/ledger/parse.ts';
import { type Cell, readFirstSheet, toXlsx } from '#shared/spreadsheets/workbook.ts';

const bureau: Department = {
  id: newId(),
  name: '招商一局',
  nameEn: 'Investment Bureau One',
  targets: [],
  version: 1,
};
const second: Department = { id: newId(), name: '招商二局', targets: [], version: 1 };
const person = (name: string, email: string, departmentId: string, active = true): Staff => ({
  id: newId(),
  name,
  email,
  role: 'officer',
  departmentId,
  active,
  version: 1,
});
const officer = person('王芳', 'wang.fang@zone.example.cn', bureau.id);
const lead = person('张伟', 'zhang.wei@zone.example.cn', bureau.id);
const elsewhere = person('刘洋', 'liu.yang@zone.example.cn', second.id);
const gone = person('陈静', 'chen.jing@zone.example.cn', bureau.id, false);
const today = '2026-06-15';
const org = { departments: [bureau, second], staff: [officer, lead, elsewhere, gone], today };

/** A row that passes every check, by column key. */
const good = (name: string): Record<string, Cell> => ({
  name,
  investor: '示例集团',
  industryChain: '新材料',
  contractedInvestment: 50000,
  signedAt: '2026-03-02',
  leadDepartment: '招商一局',
  leadStaff: lead.email,
  officer: officer.email,
  contactName: '李明',
  contactPhone: '13800138000',
  contactEmail: 'li.ming@example.cn',
  fundsInPlace: 0,
});

/** Write a ledger with every column (headings in `locale`) to .xlsx, read it back, and check it. */
async function check(rows: Record<string, Cell>[], locale: 'zh-CN' | 'en' = 'zh-CN') {
  const bytes = await toXlsx([
    {
      name: '台账',
      columns: LEDGER_COLUMNS.map((c) => ({ header: columnHeading(c, locale) })),
      rows: rows.map((r) => LEDGER_COLUMNS.map((c) => r[c.key] ?? null)),
    },
  ]);
  const sheet = await readFirstSheet(bytes);
  return parseLedger(sheet.headers, sheet.rows, org);
}

/** One row's problems as `column message`. */
const problemsOf = (errors: LedgerError[], row: number) =>
  errors.filter((e) => e.row === row).map((e) => `${e.column} ${e.message}`);

describe('checking a ledger', () => {
  it('turns a good row into a registration, resolving the department and people by name and email', async () => {
    const { rows, errors } = await check([good('一号科技有限公司')]);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row?.row).toBe(2);
    expect(row?.input).toMatchObject({
      name: '一号科技有限公司',
      contractedInvestment: 50000,
      signedAt: '2026-03-02',
      lead: { departmentId: bureau.id, staffId: lead.id },
      serviceOfficerId: officer.id,
      contacts: [{ name: '李明', phone: '13800138000', email: 'li.ming@example.cn' }],
      planned: {},
    });
    expect(row?.progress).toEqual({ stage: 'signed', stageSince: '2026-03-02', actual: {}, fundsInPlace: 0 });
  });

  it('reads English headings, the department’s English name, and emails in any case', async () => {
    const { rows, errors } = await check(
      [
        {
          ...good('Example Co.'),
          leadDepartment: 'Investment Bureau One',
          officer: 'WANG.FANG@Zone.Example.CN',
          leadStaff: 'Zhang.Wei@zone.example.cn',
        },
      ],
      'en',
    );
    expect(errors).toEqual([]);
    expect(rows[0]?.input.serviceOfficerId).toBe(officer.id);
    expect(rows[0]?.input.lead).toEqual({ departmentId: bureau.id, staffId: lead.id });
  });

  it('matches headings ignoring spaces and case, and ignores columns it does not know', () => {
    const headers = LEDGER_COLUMNS.filter((c) => c.required).map((c) =>
      columnHeading(c, 'en').toUpperCase().split('').join(' '),
    );
    const values = Object.fromEntries(
      LEDGER_COLUMNS.filter((c) => c.required).map((c, i) => [
        headers[i]!,
        String(good('Spaced Co.')[c.key]),
      ]),
    );
    const { rows, errors } = parseLedger(
      [...headers, '备注'],
      [{ row: 2, values: { ...values, 备注: 'anything' } }],
      org,
    );
    expect(errors).toEqual([]);
    expect(rows[0]?.input.name).toBe('Spaced Co.');
  });

  it('names every missing required column on the heading row, and checks no rows', () => {
    const headers = LEDGER_COLUMNS.filter((c) => !['officer', 'contactPhone'].includes(c.key)).map((c) =>
      columnHeading(c, 'zh-CN'),
    );
    const result = parseLedger(headers, [{ row: 2, values: { 项目名称: 'x' } }], org);
    expect(result).toEqual({
      rows: [],
      errors: [
        { row: 1, column: 'officer', message: 'ledger.columnMissing' },
        { row: 1, column: 'contactPhone', message: 'ledger.columnMissing' },
      ],
    });
  });

  it('does not need the optional columns (funds, milestone dates) at all', () => {
    const required = LEDGER_COLUMNS.filter((c) => c.required);
    const row = good('Required Only Co.');
    const { rows, errors } = parseLedger(
      required.map((c) => columnHeading(c, 'zh-CN')),
      [
        {
          row: 2,
          values: Object.fromEntries(required.map((c) => [columnHeading(c, 'zh-CN'), String(row[c.key])])),
        },
      ],
      org,
    );
    expect(errors).toEqual([]);
    expect(rows[0]?.progress).toMatchObject({ stage: 'signed', fundsInPlace: 0 });
  });

  it('says a ledger with headings and no project is empty', async () => {
    expect(await check([])).toEqual({ rows: [], errors: [{ row: 2, message: 'ledger.empty' }] });
  });

  it('skips empty rows and keeps the spreadsheet’s row numbers for the rows after them', async () => {
    const { rows, errors } = await check([
      good('甲公司'),
      {},
      {},
      { ...good('乙公司'), contactPhone: '123' },
    ]);
    expect(rows.map((r) => [r.row, r.input.name])).toEqual([[2, '甲公司']]);
    expect(errors).toEqual([{ row: 5, column: 'contactPhone', message: 'phone.invalid' }]);
  });

  it('reports a department it cannot find as unknown, not as a malformed id', async () => {
    const { rows, errors } = await check([{ ...good('甲公司'), leadDepartment: '招商九局' }]);
    expect(rows).toEqual([]);
    expect(problemsOf(errors, 2)).toContain('leadDepartment department.unknown');
    expect(errors.some((e) => e.message === 'id.invalid' || e.column === 'lead.departmentId')).toBe(false);
  });

  it('reports an unknown or inactive officer, and a lead person from another department', async () => {
    const { rows, errors } = await check([
      { ...good('甲公司'), officer: 'nobody@zone.example.cn' },
      { ...good('乙公司'), officer: gone.email },
      { ...good('丙公司'), leadStaff: elsewhere.email },
      { ...good('丁公司'), leadStaff: 'nobody@zone.example.cn' },
    ]);
    expect(rows).toEqual([]);
    expect(problemsOf(errors, 2)).toEqual(['officer staff.unknown']);
    expect(problemsOf(errors, 3)).toEqual(['officer staff.unknown']);
    expect(problemsOf(errors, 4)).toEqual(['leadStaff staff.notInDepartment']);
    expect(problemsOf(errors, 5)).toEqual(['leadStaff staff.unknown']);
  });

  it('reads figures and dates typed full-width or with slashes as their half-width selves', async () => {
    const { rows, errors } = await check([
      {
        ...good('全角数字有限公司'),
        contractedInvestment: '５０００',
        signedAt: '２０２６－０３－０２',
        fixedAssetInvestment: '１２００',
      },
      { ...good('斜杠日期有限公司'), signedAt: '2026/3/2' },
    ]);
    expect(errors).toEqual([]);
    expect(rows[0]!.input).toMatchObject({ contractedInvestment: 5000, signedAt: '2026-03-02' });
    expect(rows[0]!.input.profile).toMatchObject({ fixedAssetInvestment: 1200 });
    expect(rows[1]!.input.signedAt).toBe('2026-03-02');
  });

  it('refuses a signing date after today and a fixed-asset investment above the total', async () => {
    const { errors } = await check([
      { ...good('未来签约有限公司'), signedAt: '2026-06-16' },
      { ...good('固投超总投有限公司'), contractedInvestment: 50000, fixedAssetInvestment: 90000 },
    ]);
    expect(errors).toEqual([
      { row: 2, column: 'signedAt', message: 'date.future' },
      { row: 3, column: 'fixedAssetInvestment', message: 'ledger.fixedAboveTotal' },
    ]);
  });

  it('flags every later row repeating a project name (spaces around it ignored), not the first', async () => {
    const { rows, errors } = await check([
      good('重复科技有限公司'),
      good('另一家公司'),
      good('  重复科技有限公司 '),
      good('重复科技有限公司'),
    ]);
    expect(rows.map((r) => r.row)).toEqual([2, 3]);
    expect(errors).toEqual([
      { row: 4, column: 'name', message: 'ledger.duplicate', params: { row: '2' } },
      { row: 5, column: 'name', message: 'ledger.duplicate', params: { row: '4' } },
    ]);
  });

  it('reports bad and missing fields in the column a person can find them in', async () => {
    const { errors } = await check([
      { ...good('甲公司'), signedAt: '2026-13-01' },
      { ...good('乙公司'), signedAt: '2026-3-2x' },
      { ...good('丙公司'), contactEmail: 'not-an-email', contactName: null },
      { ...good('x'.repeat(101)) },
      { ...good('戊公司'), investor: null, industryChain: '   ' },
    ]);
    expect(problemsOf(errors, 2)).toEqual(['signedAt date.invalid']);
    expect(problemsOf(errors, 3)).toEqual(['signedAt date.invalid']);
    expect(problemsOf(errors, 4).sort()).toEqual(['contactEmail email.invalid', 'contactName text.required']);
    expect(problemsOf(errors, 5)).toEqual(['name text.tooLong']);
    expect(problemsOf(errors, 6).sort()).toEqual(['industryChain text.required', 'investor text.required']);
  });

  it('reads amounts with thousands separators, and refuses fractions and negatives', async () => {
    const { rows, errors } = await check([
      { ...good('甲公司'), contractedInvestment: '1,250,000', fundsInPlace: '1,200' },
      { ...good('乙公司'), contractedInvestment: '1.5' },
      { ...good('丙公司'), contractedInvestment: -5 },
      { ...good('丁公司'), fundsInPlace: -1 },
      { ...good('戊公司'), fundsInPlace: '两百' },
      { ...good('己公司'), contractedInvestment: 100_000_001 },
    ]);
    expect(rows.map((r) => [r.row, r.input.contractedInvestment, r.progress.fundsInPlace])).toEqual([
      [2, 1_250_000, 1200],
    ]);
    expect(problemsOf(errors, 3)).toEqual(['contractedInvestment money.integer']);
    expect(problemsOf(errors, 4)).toEqual(['contractedInvestment money.nonNegative']);
    expect(problemsOf(errors, 5)).toEqual(['fundsInPlace money.integer']);
    expect(problemsOf(errors, 6)).toEqual(['fundsInPlace money.integer']);
    expect(problemsOf(errors, 7)).toEqual(['contractedInvestment money.tooLarge']);
  });

  it('takes the milestones reached, in order, as the stage the project is at', async () => {
    const { rows, errors } = await check([
      {
        ...good('甲公司'),
        'actual.registered': '2026-03-02', // the signing day itself
        'actual.siteSecured': '2026-04-10',
        'actual.constructionStarted': today, // today is not the future
        'planned.constructionCompleted': '2026-09-30',
      },
    ]);
    expect(errors).toEqual([]);
    expect(rows[0]?.progress).toEqual({
      stage: 'constructionStarted',
      stageSince: today,
      actual: { registered: '2026-03-02', siteSecured: '2026-04-10', constructionStarted: today },
      fundsInPlace: 0,
    });
    expect(rows[0]?.input.planned).toEqual({ constructionCompleted: '2026-09-30' });
  });

  it('refuses a milestone after a gap, out of order, in the future or not a date', async () => {
    const { rows, errors } = await check([
      { ...good('甲公司'), 'actual.siteSecured': '2026-04-01' },
      { ...good('乙公司'), 'actual.registered': '2026-03-01' },
      { ...good('丙公司'), 'actual.registered': '2026-04-01', 'actual.siteSecured': '2026-03-31' },
      { ...good('丁公司'), 'actual.registered': '2026-06-16' },
      { ...good('戊公司'), 'actual.registered': '2026年4月1日' },
    ]);
    expect(rows).toEqual([]);
    expect(problemsOf(errors, 2)).toEqual(['actual.siteSecured ledger.milestoneGap']);
    expect(problemsOf(errors, 3)).toEqual(['actual.registered ledger.milestoneOrder']);
    expect(problemsOf(errors, 4)).toEqual(['actual.siteSecured ledger.milestoneOrder']);
    expect(problemsOf(errors, 5)).toEqual(['actual.registered ledger.milestoneFuture']);
    expect(problemsOf(errors, 6)).toEqual(['actual.registered date.invalid']);
  });

  it('refuses planned dates out of order or not dates, in their own columns', async () => {
    const { errors } = await check([
      { ...good('甲公司'), 'planned.registered': '2026-05-01', 'planned.siteSecured': '2026-04-01' },
      { ...good('乙公司'), 'planned.registered': '2026-02-01' },
      { ...good('丙公司'), 'planned.operating': '2026-09-31' },
    ]);
    expect(problemsOf(errors, 2)).toEqual(['planned.siteSecured planned.order']);
    expect(problemsOf(errors, 3)).toEqual(['planned.registered planned.order']);
    expect(problemsOf(errors, 4)).toEqual(['planned.operating date.invalid']);
  });

  it('reports every problem of every row, and still lists the good rows', async () => {
    const { rows, errors } = await check([
      { ...good('甲公司'), contactPhone: 'x', officer: 'x@y.cn', signedAt: 'soon' },
      good('乙公司'),
      { ...good('丙公司'), contactEmail: '' },
    ]);
    expect(rows.map((r) => r.row)).toEqual([3]);
    expect(problemsOf(errors, 2).sort()).toEqual([
      'contactPhone phone.invalid',
      'officer staff.unknown',
      'signedAt date.invalid',
    ]);
    expect(problemsOf(errors, 4)).toEqual(['contactEmail email.invalid']);
  });

  it('reads cells Excel typed as dates, numbers, rich text and formulas as their text', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('台账');
    const headers = LEDGER_COLUMNS.map((c) => columnHeading(c, 'zh-CN'));
    ws.addRow(headers.map((h, i) => (i === 0 ? { richText: [{ text: '项目' }, { text: '名称' }] } : h)));
    const row = good('富文本公司');
    ws.addRow(
      LEDGER_COLUMNS.map((c) => {
        if (c.key === 'signedAt') return new Date(Date.UTC(2026, 2, 2));
        if (c.key === 'actual.registered') return new Date(Date.UTC(2026, 3, 1));
        if (c.key === 'contractedInvestment') return { formula: '25000*2', result: 50000 };
        if (c.key === 'contactPhone') return 13800138000;
        return row[c.key] ?? null;
      }),
    );
    const sheet = await readFirstSheet(Buffer.from(await workbook.xlsx.writeBuffer()));
    const { rows, errors } = parseLedger(sheet.headers, sheet.rows, org);
    expect(errors).toEqual([]);
    expect(rows[0]?.input).toMatchObject({
      name: '富文本公司',
      signedAt: '2026-03-02',
      contractedInvestment: 50000,
      contacts: [{ phone: '13800138000' }],
    });
    expect(rows[0]?.progress).toMatchObject({ stage: 'registered', stageSince: '2026-04-01' });
  });
});

describe('blank cells and impossible dates', () => {
  it('takes a blank 到位资金 cell as none, as a missing column', async () => {
    const result = await check([{ ...good('空白资金公司'), fundsInPlace: null }]);
    expect(result.errors).toEqual([]);
    expect(result.rows[0]?.progress.fundsInPlace).toBe(0);
  });

  it('refuses an actual date that is no date (30 February, 31 April), which the store could not read back', async () => {
    const result = await check([
      { ...good('二月公司'), 'actual.registered': '2026-02-30' },
      { ...good('四月公司'), 'actual.registered': '2026-04-31' },
    ]);
    expect(result.errors).toEqual([
      { row: 2, column: 'actual.registered', message: 'date.invalid' },
      { row: 3, column: 'actual.registered', message: 'date.invalid' },
    ]);
  });
});
