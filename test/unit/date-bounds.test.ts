import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { FundsRecord, MilestoneDates, RegisterEnterprise } from '#shared/domain/enterprise.ts';
import { FundsReportForm } from '#shared/domain/funds-report.ts';
import { newId } from '#shared/domain/ids.ts';
import { fromZod, validate } from '#shared/domain/input-error.ts';
import { IsoDate, MAX_DATE, MIN_DATE, Wan } from '#shared/domain/primitives.ts';
import { en } from '#shared/i18n/en.ts';
import { zhCN } from '#shared/i18n/zh-CN.ts';
import { TaskReport } from '#shared/lifecycle/report.ts';
import { SignFor } from '#shared/needs/answer.ts';
import { ExtensionRequest } from '#shared/needs/extension.ts';

/** Each field's message key, by path (empty when the value is valid). */
function problems(schema: z.ZodType, value: unknown): Record<string, string> {
  const result = validate(schema, value);
  return result.success
    ? {}
    : Object.fromEntries(fromZod(result.error).fields.map((f) => [f.path, f.message]));
}

const FAR = ['9999-12-31', '1900-01-01', '2101-01-01', '1999-12-31', '0001-01-01'];
const HUGE = [10 ** 15, Number.MAX_SAFE_INTEGER, 100_000_001];

const registration = (over: Record<string, unknown>) => ({
  name: '示例企业',
  investor: '示例投资方',
  industryChain: '新能源',
  contractedInvestment: 5000,
  signedAt: '2026-03-02',
  lead: { departmentId: newId(), staffId: newId() },
  serviceOfficerId: newId(),
  contacts: [{ name: '张三', phone: '13800138000', email: 'zhang@example.com' }],
  ...over,
});

describe('input dates lie within 2000-01-01 … 2100-12-31', () => {
  it('IsoDate takes the window’s ends and refuses beyond them with date.outOfRange', () => {
    expect(problems(IsoDate, MIN_DATE)).toEqual({});
    expect(problems(IsoDate, MAX_DATE)).toEqual({});
    for (const date of FAR) expect(Object.values(problems(IsoDate, date)), date).toEqual(['date.outOfRange']);
    // A malformed date still says only date.invalid.
    expect(Object.values(problems(IsoDate, 'soon'))).toEqual(['date.invalid']);
  });

  it('a task report refuses far dates in every outcome', () => {
    for (const date of FAR) {
      expect(problems(TaskReport, { outcome: 'progress', expectedDate: date, reason: '等待审批' })).toEqual({
        expectedDate: 'date.outOfRange',
      });
      expect(problems(TaskReport, { outcome: 'milestone', actualDate: date })).toEqual({
        actualDate: 'date.outOfRange',
      });
      expect(problems(TaskReport, { outcome: 'visit', visitDate: date, notes: '走访' })).toEqual({
        visitDate: 'date.outOfRange',
      });
    }
    expect(
      problems(TaskReport, { outcome: 'progress', expectedDate: '2026-12-31', reason: '等待审批' }),
    ).toEqual({});
  });

  it('registering an enterprise refuses a far signing date and far planned milestones', () => {
    expect(problems(RegisterEnterprise, registration({}))).toEqual({});
    for (const date of FAR) {
      expect(problems(RegisterEnterprise, registration({ signedAt: date })), date).toMatchObject({
        signedAt: 'date.outOfRange',
      });
      // (a date before the signing also breaks the order; the range is said first, once.)
      const result = validate(RegisterEnterprise, registration({ planned: { registered: date } }));
      const fields = result.success ? [] : fromZod(result.error).fields;
      expect(fields.filter((f) => f.path === 'planned.registered').map((f) => f.message)[0], date).toBe(
        'date.outOfRange',
      );
    }
  });

  it('a need’s committed date and extension refuse far dates', () => {
    for (const date of FAR) {
      expect(problems(SignFor, { committedDate: date })).toEqual({ committedDate: 'date.outOfRange' });
      expect(problems(ExtensionRequest, { extendTo: date, reason: '需要会签' })).toEqual({
        extendTo: 'date.outOfRange',
      });
    }
  });

  it('stored records still read any valid date', () => {
    expect(MilestoneDates.safeParse({ planned: '1999-06-01', actual: '2101-01-01' }).success).toBe(true);
    expect(
      FundsRecord.safeParse({ id: newId(), enterpriseId: newId(), asOf: '1998-12-31', total: 10 }).success,
    ).toBe(true);
  });

  it('both catalogues say date.outOfRange', () => {
    expect(en['date.outOfRange']).toContain('2100-12-31');
    expect(zhCN['date.outOfRange']).toContain('2100-12-31');
  });
});

describe('amounts lie within 0 … 100,000,000 万元', () => {
  it('refuses huge amounts with money.tooLarge wherever money is entered', () => {
    for (const amount of HUGE) {
      expect(Object.values(problems(Wan, amount)), String(amount)).toEqual(['money.tooLarge']);
      expect(problems(RegisterEnterprise, registration({ contractedInvestment: amount }))).toEqual({
        contractedInvestment: 'money.tooLarge',
      });
      // Funds in place are reported with their evidence (到位资金报送), never on a task report.
      expect(problems(FundsReportForm, { kind: 'funds', amount, evidenceDate: '2026-05-06' })).toEqual({
        amount: 'money.tooLarge',
      });
    }
    for (const amount of [Number.POSITIVE_INFINITY, Number.NaN, 1e308, -1]) {
      expect(problems(Wan, amount), String(amount)).not.toEqual({});
    }
  });
});
