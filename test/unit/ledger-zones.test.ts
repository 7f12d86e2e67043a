import { describe, expect, it } from 'vitest';
import { newId } from '#shared/domain/ids.ts';
import type { Department, Staff } from '#shared/domain/organisation.ts';
import { columnHeading, LEDGER_COLUMNS } from '#shared/ledger/columns.ts';
import { type LedgerError, parseLedger } from '#shared/ledger/parse.ts';
import { staffIndex } from '#shared/ledger/people.ts';
import { readFundsOrigin, readInvestorTag, splitTags } from '#shared/ledger/words.ts';
import { type Cell, readFirstSheet, toXlsx } from '#shared/spreadsheets/workbook.ts';

/** Issue 17 item 4: the 台账 in the columns zones keep, people by name within their department. */

const bureau: Department = { id: newId(), name: '招商一局', nameEn: 'Bureau One', targets: [], version: 1 };
const service: Department = { id: newId(), name: '企业服务中心', targets: [], version: 1 };
const person = (name: string, email: string, departmentId: string, active = true): Staff => ({
  id: newId(),
  name,
  email,
  role: 'officer',
  departmentId,
  active,
  version: 1,
});
const lead = person('张伟', 'zhang.wei@zone.example.cn', bureau.id);
const officer = person('王芳', 'wang.fang@zone.example.cn', bureau.id);
const liA = person('李娜', 'li.na@zone.example.cn', bureau.id);
const liB = person('李娜', 'li.na2@zone.example.cn', bureau.id);
const liGone = person('李娜', 'li.na.old@zone.example.cn', bureau.id, false);
const servant = person('赵磊', 'zhao.lei@zone.example.cn', service.id);
const formerLead = person('孙强', 'sun.qiang@zone.example.cn', bureau.id, false);
const today = '2026-06-15';
const org = {
  departments: [bureau, service],
  staff: [lead, officer, liA, liB, liGone, servant, formerLead],
  today,
};

/** A row in the zones' words, by Chinese heading. */
const good = (name: string): Record<string, Cell> => ({
  序号: 7,
  项目名称: name,
  投资方: '示例集团',
  项目类型: '服务业项目',
  行业: '新材料',
  建设内容: '新建生产基地',
  '总投资（万元）': '120,000',
  '固定资产投资（万元）': 90000,
  '注册资本（万元）': 20000,
  '用地（亩）': '85.5',
  签约形式: '集中签约',
  签约日期: '2026-03-02',
  资金来源: '省外',
  资金来源地: '广东深圳',
  投资方类型: '中国500强、上市公司',
  首谈部门: '招商一局',
  首谈人: '张伟',
  服务专员: '王芳',
  包保领导: '周副主任',
  企业联系人: '李明',
  联系电话: '13800138000',
  联系人邮箱: 'li.ming@example.cn',
  '到位资金（万元）': 3000,
  到位日期: '2026-05-20',
  当前进展: '已签约',
  存在问题: '暂无',
  下步措施: '协助选址',
});

async function check(rows: Record<string, Cell>[], extra: string[] = []) {
  const headers = [...LEDGER_COLUMNS.map((c) => columnHeading(c, 'zh-CN')), ...extra];
  const bytes = await toXlsx([
    {
      name: '台账',
      columns: headers.map((header) => ({ header })),
      rows: rows.map((r) => headers.map((h) => r[h])),
    },
  ]);
  const sheet = await readFirstSheet(bytes);
  return parseLedger(sheet.headers, sheet.rows, org);
}
const problemsOf = (errors: LedgerError[], row: number) =>
  errors.filter((e) => e.row === row).map((e) => `${e.column} ${e.message}`);

describe('the zones’ columns', () => {
  it('has the 台账’s headings, in order, in both languages', () => {
    const zh = LEDGER_COLUMNS.filter((c) => !c.milestone).map((c) => columnHeading(c, 'zh-CN'));
    expect(zh).toEqual([
      '序号',
      '项目名称',
      '投资方',
      '项目类型',
      '行业',
      '建设内容',
      '总投资（万元）',
      '固定资产投资（万元）',
      '注册资本（万元）',
      '用地（亩）',
      '签约形式',
      '签约日期',
      '资金来源',
      '资金来源地',
      '投资方类型',
      '首谈部门',
      '首谈人',
      '服务部门',
      '服务专员',
      '包保领导',
      '企业联系人',
      '联系电话',
      '联系人邮箱',
      '到位资金（万元）',
      '到位日期',
      '当前进展',
      '存在问题',
      '下步措施',
    ]);
    const en = LEDGER_COLUMNS.map((c) => columnHeading(c, 'en'));
    expect(new Set(en).size).toBe(en.length);
    expect(en.every((h) => !/[\u4e00-\u9fff]/.test(h.replace('万元', '')))).toBe(true);
  });

  it('reads every column of a row into the registration, its profile and its funds (序号 ignored)', async () => {
    const { rows, errors } = await check([good('一号科技有限公司')]);
    expect(errors).toEqual([]);
    const [row] = rows;
    expect(row?.input).toMatchObject({
      name: '一号科技有限公司',
      projectType: 'service',
      industryChain: '新材料',
      contractedInvestment: 120000,
      lead: { departmentId: bureau.id, staffId: lead.id },
      serviceOfficerId: officer.id,
    });
    expect(row?.input.profile).toEqual({
      fixedAssetInvestment: 90000,
      registeredCapital: 20000,
      landMu: 85.5,
      construction: '新建生产基地',
      signingForm: '集中签约',
      fundsOrigin: 'outOfProvince',
      originPlace: '广东深圳',
      investorTags: ['china500', 'listed'],
      sponsorLeader: '周副主任',
      progressNote: '已签约',
      problems: '暂无',
      nextSteps: '协助选址',
    });
    expect(row?.progress).toMatchObject({ fundsInPlace: 3000, fundsAsOf: '2026-05-20' });
    expect(JSON.stringify(row)).not.toContain('"seq"');
  });

  it('leaves blank profile cells out and takes a blank 项目类型 as industrial', async () => {
    const blank = { ...good('二号有限公司') };
    for (const h of [
      '项目类型',
      '建设内容',
      '固定资产投资（万元）',
      '用地（亩）',
      '资金来源',
      '投资方类型',
      '到位日期',
    ])
      blank[h] = null;
    const { rows, errors } = await check([blank]);
    expect(errors).toEqual([]);
    expect(rows[0]?.input.projectType).toBe('industrial');
    expect(rows[0]?.input.profile).not.toHaveProperty('fundsOrigin');
    expect(rows[0]?.input.profile).not.toHaveProperty('investorTags');
    expect(rows[0]?.input.profile).not.toHaveProperty('landMu');
    expect(rows[0]?.progress).not.toHaveProperty('fundsAsOf');
  });

  it('still reads an earlier template’s headings (合同投资额, 产业链, the people’s email columns)', () => {
    const headers = [
      '项目名称',
      '投资方',
      '产业链',
      '合同投资额（万元）',
      '签约日期',
      '首谈部门',
      '首谈人邮箱',
      '服务专员邮箱',
      '企业联系人',
      '联系电话',
      '联系人邮箱',
    ];
    const values = [
      '旧模板公司',
      '集团',
      '新材料',
      '500',
      '2026-03-02',
      '招商一局',
      lead.email,
      officer.email,
      '李明',
      '13800138000',
      'a@b.cn',
    ];
    const { rows, errors } = parseLedger(
      headers,
      [{ row: 2, values: Object.fromEntries(headers.map((h, i) => [h, values[i]!])) }],
      org,
    );
    expect(errors).toEqual([]);
    expect(rows[0]?.input).toMatchObject({
      industryChain: '新材料',
      contractedInvestment: 500,
      serviceOfficerId: officer.id,
    });
  });
});

describe('people by name, within the department', () => {
  it('says which name is unknown in the department, on that row and column', async () => {
    const { rows, errors } = await check([
      { ...good('甲公司'), 首谈人: '不存在' },
      { ...good('乙公司'), 服务专员: '赵磊' }, // in another department
    ]);
    expect(rows).toEqual([]);
    expect(problemsOf(errors, 2)).toEqual(['leadStaff ledger.person.unknown']);
    expect(problemsOf(errors, 3)).toEqual(['officer ledger.person.unknown']);
  });

  it('says a name two active people share is ambiguous, naming their emails; an email settles it', async () => {
    const { rows, errors } = await check([
      { ...good('甲公司'), 服务专员: '李娜' },
      { ...good('乙公司'), 服务专员: 'LI.NA2@zone.example.cn' },
    ]);
    expect(errors).toEqual([
      {
        row: 2,
        column: 'officer',
        message: 'ledger.person.ambiguous',
        params: { emails: 'li.na@zone.example.cn, li.na2@zone.example.cn' },
      },
    ]);
    expect(rows.map((r) => [r.row, r.input.serviceOfficerId])).toEqual([[3, liB.id]]);
  });

  it('finds the 服务专员 in the 服务部门 when the ledger has that column', async () => {
    const { rows, errors } = await check([
      { ...good('甲公司'), 服务部门: '企业服务中心', 服务专员: '赵磊' },
      { ...good('乙公司'), 服务部门: '企业服务中心', 服务专员: '王芳' },
      { ...good('丙公司'), 服务部门: '招商九局' },
    ]);
    expect(rows.map((r) => [r.row, r.input.serviceOfficerId])).toEqual([[2, servant.id]]);
    expect(problemsOf(errors, 3)).toEqual(['officer ledger.person.unknown']);
    expect(problemsOf(errors, 4)).toEqual(['serviceDepartment department.unknown']);
  });

  it('takes a 首谈人 who has left, but never an inactive 服务专员', async () => {
    const { rows, errors } = await check([
      { ...good('甲公司'), 首谈人: '孙强' },
      { ...good('乙公司'), 服务专员: '孙强' },
    ]);
    expect(rows.map((r) => [r.row, r.input.lead.staffId])).toEqual([[2, formerLead.id]]);
    expect(problemsOf(errors, 3)).toEqual(['officer ledger.person.unknown']);
  });

  it('refuses the template’s example row left in: it is not a project', async () => {
    const { rows, errors } = await check([{ ...good('甲公司'), 项目名称: '示例科技有限公司' }]);
    expect(rows).toEqual([]);
    expect(problemsOf(errors, 2)).toContain('name ledger.exampleRow');
  });

  it('does not add a person error when the department itself is unknown', async () => {
    const { errors } = await check([{ ...good('甲公司'), 首谈部门: '招商九局' }]);
    expect(problemsOf(errors, 2)).toEqual(['leadDepartment department.unknown']);
  });

  it('writes a name back for export, and the email where the name is not enough', () => {
    const index = staffIndex(org.staff);
    expect(index.cell(lead)).toBe('张伟');
    expect(index.cell(liA)).toBe('li.na@zone.example.cn');
    expect(index.cell(formerLead)).toBe('sun.qiang@zone.example.cn');
    expect(index.cell(undefined)).toBe('');
    // Named on a row of another department (they moved since): by email, or the import would not find them.
    expect(index.cell(lead, lead.departmentId)).toBe('张伟');
    expect(index.cell(lead, 'ANOTHERDEPARTMENT')).toBe(lead.email);
  });
});

describe('the 台账’s words', () => {
  it('reads 资金来源 in either language and the usual synonyms', () => {
    expect(
      ['市内', '省内市外', '省外', '境外', '外资', 'Abroad', 'within the city'].map(readFundsOrigin),
    ).toEqual(['local', 'outOfCity', 'outOfProvince', 'foreign', 'foreign', 'foreign', 'local']);
    expect(readFundsOrigin('火星')).toBeUndefined();
  });

  it('reads several 投资方类型 separated by 、 or commas', () => {
    expect(splitTags('世界500强、 中国民营500强,上市公司，')).toEqual([
      '世界500强',
      '中国民营500强',
      '上市公司',
    ]);
    expect(splitTags('世界500强、中国民营企业500强').map(readInvestorTag)).toEqual([
      'global500',
      'privateChina500',
    ]);
  });

  it('reports unknown words and bad numbers in their own columns', async () => {
    const { rows, errors } = await check([
      { ...good('甲公司'), 资金来源: '火星' },
      { ...good('乙公司'), 投资方类型: '世界500强、独角兽' },
      { ...good('丙公司'), 项目类型: '农业' },
      { ...good('丁公司'), '用地（亩）': '很多', '固定资产投资（万元）': '1.5' },
      { ...good('戊公司'), 到位日期: '2026-07-01' },
      { ...good('己公司'), 到位日期: '2026-03-01' },
      { ...good('庚公司'), '到位资金（万元）': null },
    ]);
    expect(rows).toEqual([]);
    expect(problemsOf(errors, 2)).toEqual(['fundsOrigin ledger.fundsOrigin.unknown']);
    expect(problemsOf(errors, 3)).toEqual(['investorTags ledger.investorTag.unknown']);
    expect(problemsOf(errors, 4)).toEqual(['projectType ledger.projectType.unknown']);
    expect(problemsOf(errors, 5).sort()).toEqual(['fixedAssetInvestment money.integer', 'landMu mu.invalid']);
    expect(problemsOf(errors, 6)).toEqual(['fundsAsOf ledger.fundsAsOf.order']);
    expect(problemsOf(errors, 7)).toEqual(['fundsAsOf ledger.fundsAsOf.order']);
    expect(problemsOf(errors, 8)).toEqual(['fundsAsOf ledger.fundsAsOf.withoutFunds']);
  });
});
