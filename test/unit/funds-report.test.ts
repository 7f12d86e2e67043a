import { describe, expect, it } from 'vitest';
import {
  FUNDS_KINDS,
  FundsReportForm,
  fundsReportRefusals,
  fundsTotalAt,
  verifierRefusal,
  verifiersOf,
} from '#shared/domain/funds-report.ts';
import { REPORT_KINDS } from '#shared/domain/indicators.ts';
import { fromZod, validate } from '#shared/domain/input-error.ts';
import type { Staff } from '#shared/domain/organisation.ts';
import { TaskReport } from '#shared/lifecycle/report.ts';

const problems = (input: unknown) => {
  const result = validate(FundsReportForm, input);
  return result.success
    ? {}
    : Object.fromEntries(fromZod(result.error).fields.map((f) => [f.path, f.message]));
};

const person = (id: string, role: Staff['role'], departmentId: string): Staff => ({
  id,
  name: id,
  email: `${id.toLowerCase()}@zone.example.cn`,
  role,
  departmentId,
  active: true,
  version: 1,
});

const LEAD = 'D1';
const officer = person('OFFICER', 'officer', LEAD);
const head = person('HEAD', 'departmentHead', LEAD);
const otherHead = person('OTHERHEAD', 'departmentHead', 'D2');
const manager = person('MANAGER', 'manager', 'D2');

const report = (reportedBy: { kind: 'staff' | 'enterprise'; id: string }) => ({
  leadDepartmentId: LEAD,
  reportedBy,
  status: 'pending' as const,
});

describe('a funds report (到位资金报送): the form', () => {
  it('takes the kinds the scoreboard counts, and only those', () => {
    expect([...FUNDS_KINDS]).toEqual([...REPORT_KINDS]);
    expect(problems({ kind: 'loan', amount: 100, evidenceDate: '2026-03-02' })).toEqual({
      kind: 'funds.kind',
    });
  });

  it("takes this report's amount as a whole, positive number of 万元", () => {
    expect(problems({ kind: 'funds', amount: 500, evidenceDate: '2026-03-02' })).toEqual({});
    expect(problems({ kind: 'funds', amount: 0, evidenceDate: '2026-03-02' })).toEqual({
      amount: 'money.positive',
    });
    expect(problems({ kind: 'funds', amount: 1.5, evidenceDate: '2026-03-02' })).toEqual({
      amount: 'money.integer',
    });
    expect(problems({ kind: 'funds', amount: -3, evidenceDate: '2026-03-02' })).toEqual({
      amount: 'money.positive',
    });
    expect(problems({ kind: 'funds', evidenceDate: '2026-03-02' })).toEqual({ amount: 'field.required' });
  });

  it('needs the date on the evidence, a real date', () => {
    expect(problems({ kind: 'funds', amount: 5 })).toEqual({ evidenceDate: 'field.required' });
    expect(problems({ kind: 'funds', amount: 5, evidenceDate: '2026-02-30' })).toEqual({
      evidenceDate: 'date.invalid',
    });
  });
});

describe('a funds report: the rules', () => {
  const form = { kind: 'funds' as const, amount: 100, evidenceDate: '2026-03-02' };

  it('refuses an evidence date in the future', () => {
    expect(fundsReportRefusals({ ...form, evidenceDate: '2026-03-03' }, 1, '2026-03-02')).toEqual([
      { path: 'evidenceDate', message: 'date.future' },
    ]);
    expect(fundsReportRefusals(form, 1, '2026-03-02')).toEqual([]);
  });

  it('refuses evidence dated before the signing', () => {
    expect(fundsReportRefusals(form, 1, '2026-03-02', '2026-03-05')).toEqual([
      { path: 'evidenceDate', message: 'funds.beforeSigning' },
    ]);
  });

  it('gives every reason at once, so the form shows them together', () => {
    expect(fundsReportRefusals({ ...form, evidenceDate: '2026-03-03' }, 0, '2026-03-02')).toEqual([
      { path: 'evidenceDate', message: 'date.future' },
      { path: 'attachments', message: 'funds.evidenceRequired' },
    ]);
  });

  it('refuses a report without evidence (到位凭证), 1 to 3 files', () => {
    expect(fundsReportRefusals(form, 0, '2026-03-02')).toEqual([
      { path: 'attachments', message: 'funds.evidenceRequired' },
    ]);
    expect(fundsReportRefusals(form, 3, '2026-03-02')).toEqual([]);
  });
});

describe('who verifies a funds report: separation', () => {
  it("is the lead department's head or a manager", () => {
    expect(verifierRefusal(head, report({ kind: 'staff', id: officer.id }))).toBeUndefined();
    expect(verifierRefusal(manager, report({ kind: 'staff', id: officer.id }))).toBeUndefined();
    expect(verifierRefusal(manager, report({ kind: 'enterprise', id: 'E1' }))).toBeUndefined();
    expect(verifierRefusal(otherHead, report({ kind: 'staff', id: officer.id }))).toBe('funds.notVerifier');
    expect(verifierRefusal(officer, report({ kind: 'staff', id: head.id }))).toBe('funds.notVerifier');
  });

  it('is never the one who reported it', () => {
    expect(verifierRefusal(head, report({ kind: 'staff', id: head.id }))).toBe('funds.ownReport');
    expect(verifierRefusal(manager, report({ kind: 'staff', id: manager.id }))).toBe('funds.ownReport');
  });

  it('is refused once the report is decided', () => {
    expect(verifierRefusal(head, { ...report({ kind: 'staff', id: officer.id }), status: 'verified' })).toBe(
      'funds.notPending',
    );
  });

  it("asks the lead department's other heads, else the managers", () => {
    const staff = [officer, head, otherHead, manager];
    expect(verifiersOf(staff, report({ kind: 'staff', id: officer.id })).map((s) => s.id)).toEqual(['HEAD']);
    expect(verifiersOf(staff, report({ kind: 'staff', id: head.id })).map((s) => s.id)).toEqual(['MANAGER']);
    expect(
      verifiersOf([officer, manager], report({ kind: 'enterprise', id: 'E1' })).map((s) => s.id),
    ).toEqual(['MANAGER']);
  });
});

describe('the cumulative total at an evidence date', () => {
  it('adds the amount to the total recorded as of that date', () => {
    const records = [
      { asOf: '2026-01-10', total: 100 },
      { asOf: '2026-03-01', total: 300 },
    ];
    expect(fundsTotalAt(records, '2026-02-01', 50)).toBe(150);
    expect(fundsTotalAt(records, '2026-03-01', 50)).toBe(350);
    expect(fundsTotalAt([], '2026-03-01', 50)).toBe(50);
  });
});

describe('a task report takes no funds (they need evidence)', () => {
  const taskProblems = (input: unknown) => {
    const result = validate(TaskReport, input);
    return result.success
      ? {}
      : Object.fromEntries(fromZod(result.error).fields.map((f) => [f.path, f.message]));
  };

  it('refuses funds in place on a milestone or a visit, pointing to the funds report', () => {
    expect(taskProblems({ outcome: 'milestone', actualDate: '2026-05-06', fundsInPlace: 1000 })).toEqual({
      fundsInPlace: 'funds.useReport',
    });
    expect(
      taskProblems({ outcome: 'visit', visitDate: '2026-05-06', notes: '走访', fundsInPlace: '1000' }),
    ).toEqual({ fundsInPlace: 'funds.useReport' });
    expect(taskProblems({ outcome: 'milestone', actualDate: '2026-05-06' })).toEqual({});
    expect(taskProblems({ outcome: 'visit', visitDate: '2026-05-06', notes: '走访' })).toEqual({});
  });
});

describe('the funds form as typed', () => {
  it('reads full-width digits and separators (a Chinese input method) as half-width', async () => {
    const { formInput } = await import('#functions/http/pages/funds.ts');
    expect(
      formInput({ e: 'E1', amount: '５，０００', evidenceDate: '２０２６－１１－２０', note: ' ' }),
    ).toEqual({
      amount: 5000,
      evidenceDate: '2026-11-20',
    });
    expect(formInput({ amount: '12.5' })).toEqual({ amount: 12.5 });
    expect(formInput({ amount: '五千' })).toEqual({ amount: '五千' });
  });
});
