import { describe, expect, it } from 'vitest';
import { can } from '#shared/auth/permissions.ts';
import { fromZod, validate } from '#shared/domain/input-error.ts';
import {
  AssessLead,
  isValidUscc,
  LEAD_SOURCES,
  leadIdentity,
  NewLead,
  normaliseInvestorName,
  SignProject,
  signingProblems,
} from '#shared/domain/lead.ts';
import { rankLeadFigures } from '#shared/leads/figures.ts';
import { duplicateLeadMail, talksMail } from '#shared/leads/mail.tsx';

const errorsOf = (schema: Parameters<typeof validate>[0], input: unknown) => {
  const result = validate(schema, input);
  return result.success ? [] : fromZod(result.error).fields;
};

describe('normalising an investor name for duplicate detection', () => {
  it('treats the same company written differently as one investor', async () => {
    const forms = [
      '芯途科技集团有限公司',
      ' 芯途科技集团有限公司 ',
      '芯途科技（集团）有限公司',
      '芯途科技集团股份有限公司',
      '芯途科技(中国)有限公司',
      '芯途科技（中国）集团有限公司',
      '芯途科技',
      '芯途 科技',
      '芯途·科技有限责任公司',
    ];
    const names = new Set(await Promise.all(forms.map(normaliseInvestorName)));
    expect([...names]).toEqual(['芯途科技']);
  });

  it('turns full-width letters and digits half-width and folds case', async () => {
    expect(await normaliseInvestorName('ＡＢＣ１２３有限公司')).toBe('abc123');
    expect(await normaliseInvestorName('Acme Robotics Co., Ltd.')).toBe(
      await normaliseInvestorName('ACME ROBOTICS'),
    );
    expect(await normaliseInvestorName('Acme Robotics Group Limited')).toBe('acmerobotics');
  });

  it('reads traditional characters as simplified: one investor in either script', async () => {
    expect(await normaliseInvestorName('臺積電股份有限公司')).toBe(
      await normaliseInvestorName('台积电有限公司'),
    );
    expect(await normaliseInvestorName('芯途科技集團有限公司')).toBe('芯途科技');
    expect(await normaliseInvestorName('滙豐控股（中國）有限公司')).toBe(
      await normaliseInvestorName('汇丰控股有限公司'),
    );
  });

  it('keeps different investors apart', async () => {
    expect(await normaliseInvestorName('芯途科技')).not.toBe(await normaliseInvestorName('芯途半导体'));
    expect(await normaliseInvestorName('中国建材集团有限公司')).toBe('中国建材');
  });

  it('never makes a name empty (a name that is only a suffix stays itself)', async () => {
    expect(await normaliseInvestorName('集团有限公司')).not.toBe('');
    expect(await normaliseInvestorName('(中国)')).not.toBe('');
  });
});

describe('the unified social credit code (统一社会信用代码)', () => {
  it('accepts codes whose check character is right', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91110000600037341L')).toBe(true);
  });

  it('refuses a wrong check character, a wrong length, letters it never uses', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M000100Y433')).toBe(false);
    expect(isValidUscc('91350100M000I00Y43')).toBe(false);
    expect(isValidUscc('')).toBe(false);
  });

  it('is read upper-cased, trimmed and half-width from input', async () => {
    const fields = NewLead.parse({
      investor: '芯途科技',
      uscc: ' ９１３５０１００m000100y43 ',
      industryChain: '集成电路',
      source: 'expo',
      expectedInvestment: 5000,
      contact: { name: '沈一鸣', phone: '13800138001' },
    });
    expect(fields.uscc).toBe('91350100M000100Y43');
    expect(await leadIdentity(fields)).toEqual({ name: '芯途科技', uscc: '91350100M000100Y43' });
  });
});

describe('a new lead', () => {
  const valid = {
    investor: '芯途科技集团',
    industryChain: '集成电路',
    source: 'businessReferral',
    expectedInvestment: 120000,
    contact: { name: '沈一鸣', phone: '13800138001' },
  };

  it('takes the sources the zone uses', () => {
    expect(LEAD_SOURCES).toEqual(['businessReferral', 'agency', 'expo', 'online', 'other']);
    for (const source of LEAD_SOURCES) expect(errorsOf(NewLead, { ...valid, source })).toEqual([]);
  });

  it('says which field is wrong', () => {
    const errors = errorsOf(NewLead, {
      ...valid,
      uscc: '91350100M000100Y44',
      source: 'rumour',
      expectedInvestment: 1.5,
      contact: { name: '', phone: '12' },
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'uscc', message: 'uscc.invalid' },
        { path: 'source', message: 'lead.source.invalid' },
        { path: 'expectedInvestment', message: 'money.integer' },
        { path: 'contact.name', message: 'text.required' },
        { path: 'contact.phone', message: 'phone.invalid' },
      ]),
    );
  });

  it('names the referrer (信息提供人) as a staff member or an outside name, never both missing', () => {
    expect(errorsOf(NewLead, { ...valid, referrer: { name: '李四（某商会）' } })).toEqual([]);
    expect(errorsOf(NewLead, { ...valid, referrer: { staffId: '01JD0000000000000000000000' } })).toEqual([]);
    expect(errorsOf(NewLead, { ...valid, referrer: {} })).toEqual([
      { path: 'referrer.name', message: 'lead.referrer.required' },
    ]);
  });

  it('takes no registrant, department, time or status from input: the server sets them', () => {
    const parsed = NewLead.parse({
      ...valid,
      registeredBy: 'x',
      departmentId: 'y',
      registeredAt: '2020-01-01T00:00:00.000Z',
      status: 'signed',
      duplicateOf: 'z',
    });
    expect(parsed).not.toHaveProperty('registeredBy');
    expect(parsed).not.toHaveProperty('departmentId');
    expect(parsed).not.toHaveProperty('registeredAt');
    expect(parsed).not.toHaveProperty('status');
    expect(parsed).not.toHaveProperty('duplicateOf');
  });
});

describe('assessing a lead (研判)', () => {
  it('accepts with a negotiating officer, declines with a reason', () => {
    expect(errorsOf(AssessLead, { decision: 'accept', negotiatorId: '01JD0000000000000000000000' })).toEqual(
      [],
    );
    expect(errorsOf(AssessLead, { decision: 'accept' })).toEqual([
      { path: 'negotiatorId', message: 'field.required' },
    ]);
    expect(errorsOf(AssessLead, { decision: 'decline', reason: '投资方资金不实' })).toEqual([]);
    expect(errorsOf(AssessLead, { decision: 'decline' })).toEqual([
      { path: 'reason', message: 'lead.reason.required' },
    ]);
    expect(errorsOf(AssessLead, { decision: 'decline', reason: '  ' })).toEqual([
      { path: 'reason', message: 'lead.reason.required' },
    ]);
    expect(errorsOf(AssessLead, { decision: 'maybe' })).toEqual([
      { path: 'decision', message: 'lead.decision.invalid' },
    ]);
  });

  it('is a department head’s of the lead’s department, or a manager’s — never an officer’s', () => {
    const lead = { departmentId: 'A' };
    const person = (role: 'officer' | 'departmentHead' | 'manager', departmentId = 'A') => ({
      id: `${role}-${departmentId}`,
      role,
      departmentId,
      active: true,
    });
    expect(can(person('departmentHead'), 'lead.assess', lead)).toBe(true);
    expect(can(person('manager', 'B'), 'lead.assess', lead)).toBe(true);
    expect(can(person('officer'), 'lead.assess', lead)).toBe(false);
    expect(can(person('departmentHead', 'B'), 'lead.assess', lead)).toBe(false);
    expect(can({ ...person('departmentHead'), active: false }, 'lead.assess', lead)).toBe(false);
  });
});

describe('signing a project in talks', () => {
  const valid = {
    agreement: 'contract',
    contractedInvestment: 80000,
    signedAt: '2026-11-20',
    projectType: 'industrial',
  };

  it('needs the agreement, a contracted investment above zero and the date', () => {
    expect(errorsOf(SignProject, valid)).toEqual([]);
    expect(errorsOf(SignProject, { ...valid, contractedInvestment: 0 })).toEqual([
      { path: 'contractedInvestment', message: 'money.positive' },
    ]);
    expect(errorsOf(SignProject, { ...valid, agreement: 'handshake' })).toEqual([
      { path: 'agreement', message: 'agreement.invalid' },
    ]);
    expect(errorsOf(SignProject, { ...valid, signedAt: undefined })).toEqual([
      { path: 'signedAt', message: 'field.required' },
    ]);
  });

  it('keeps planned milestones in order, after signing', () => {
    expect(
      errorsOf(SignProject, { ...valid, planned: { registered: '2026-12-10', siteSecured: '2026-12-01' } }),
    ).toEqual([{ path: 'planned.siteSecured', message: 'planned.order' }]);
    expect(errorsOf(SignProject, { ...valid, planned: { registered: '2026-11-01' } })).toEqual([
      { path: 'planned.registered', message: 'planned.order' },
    ]);
  });

  it('is never dated in the future, and only a project in talks is signed', () => {
    const fields = SignProject.parse(valid);
    expect(signingProblems(fields, { stage: 'negotiating', status: 'active' }, '2026-11-25')).toEqual([]);
    expect(signingProblems(fields, { stage: 'negotiating', status: 'active' }, '2026-11-19')).toEqual([
      { path: 'signedAt', message: 'date.future' },
    ]);
    expect(signingProblems(fields, { stage: 'signed', status: 'active' }, '2026-11-25')).toEqual([
      { path: 'agreement', message: 'signing.notInTalks' },
    ]);
    expect(signingProblems(fields, { stage: 'negotiating', status: 'paused' }, '2026-11-25')).toEqual([
      { path: 'agreement', message: 'signing.notInTalks' },
    ]);
  });

  it('is the negotiator’s, their department head’s or a manager’s', () => {
    const e = {
      serviceOfficerId: 'N',
      serviceDepartmentId: 'A',
      lead: { departmentId: 'A', staffId: 'R' },
      origin: { leadId: 'L', negotiator: { staffId: 'N', departmentId: 'A' } },
    };
    const p = (id: string, role: 'officer' | 'departmentHead' | 'manager', departmentId = 'A') => ({
      id,
      role,
      departmentId,
      active: true,
    });
    expect(can(p('N', 'officer'), 'enterprise.sign', e)).toBe(true);
    expect(can(p('H', 'departmentHead'), 'enterprise.sign', e)).toBe(true);
    expect(can(p('M', 'manager', 'B'), 'enterprise.sign', e)).toBe(true);
    expect(can(p('R', 'officer'), 'enterprise.sign', e)).toBe(false);
    expect(can(p('H2', 'departmentHead', 'B'), 'enterprise.sign', e)).toBe(false);
  });
});

describe('the leaderboard’s order and the leads mails', () => {
  const row = (name: string, r: Partial<Record<string, number>>) => ({
    id: name,
    name,
    registered: 0,
    duplicates: 0,
    accepted: 0,
    declined: 0,
    signed: 0,
    contracted: 0,
    ...r,
  });

  it('ranks by projects signed, then contracted investment, then accepted, then registered', () => {
    const ranked = rankLeadFigures([
      row('甲', { registered: 9 }),
      row('乙', { signed: 1, contracted: 100 }),
      row('丙', { signed: 1, contracted: 500 }),
      row('丁', { accepted: 2 }),
    ]);
    expect(ranked.map((r) => r.name)).toEqual(['丙', '乙', '丁', '甲']);
  });

  it('tells the head about a duplicate with both leads’ links, in either language, every placeholder filled', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const mail = duplicateLeadMail({
        locale,
        to: ['head@zone.example.cn'],
        name: '王芳',
        lead: { investor: '芯途科技（中国）有限公司' },
        registrant: '刘洋',
        earlierRegistrant: '陈静',
        earlierAt: '2026-11-20',
        url: 'http://localhost:3000/console/leads/B',
        earlierUrl: 'http://localhost:3000/console/leads/A',
      });
      expect(mail.subject).toContain('芯途科技（中国）有限公司');
      expect(mail.text).toContain('陈静');
      expect(mail.text).toContain('/console/leads/A');
      expect(mail.text).toContain('/console/leads/B');
      expect(`${mail.subject}${mail.text}`).not.toMatch(/\{\w+\}/);
    }
  });

  it('tells the negotiator they lead the talks', () => {
    const mail = talksMail({
      locale: 'zh-CN',
      to: 'n@zone.example.cn',
      name: '刘洋',
      investor: '远航智能装备',
      head: '王芳',
      url: 'http://localhost:3000/console/enterprises/E',
      leadUrl: 'http://localhost:3000/console/leads/L',
    });
    expect(mail.text).toContain('/console/leads/L');
    expect(mail.subject).toBe('【在谈项目】远航智能装备');
    expect(mail.text).toContain('首谈人');
    expect(`${mail.subject}${mail.text}`).not.toMatch(/\{\w+\}/);
  });
});

describe('company-form words come off only as whole words', () => {
  it('keeps names that merely end in such letters, and still matches the forms of one name', async () => {
    const { normaliseInvestorName: n } = await import('#shared/domain/lead.ts');
    expect(await n('Tesco')).not.toBe(await n('TES Ltd.'));
    expect(await n('Costco')).not.toBe(await n('Cost Co'));
    expect(await n('Zinc Co., Ltd.')).not.toBe(await n('Z Inc.'));
    expect(await n('Disco Inc')).not.toBe(await n('Dis Corp'));
    expect(await n('Zinc Co., Ltd.')).toBe(await n('ZINC'));
    expect(await n('Acme Group Co., Ltd.')).toBe(await n('acme'));
    expect(await n('芯途科技集团股份有限公司')).toBe(await n('芯途科技（中国）有限公司'));
  });
});
