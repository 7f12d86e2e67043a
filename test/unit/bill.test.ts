import { describe, expect, it } from 'vitest';
import { type BillInputs, zoneBill } from '../../bench/bill.ts';
import { PRICES } from '../../bench/prices.ts';
import { REFERENCE_ZONE } from '../../bench/reference-zone.ts';
import { factsOf, type TemplateFacts } from '../../bench/template-facts.ts';

const none = { transitions: 0, invocations: 0, lambdaMs: 0, readUnits: 0, writeUnits: 0, emails: 0 };
const facts: TemplateFacts = {
  alarms: 4,
  alarmMetrics: 5,
  dashboards: 0,
  customMetrics: 0,
  secrets: 0,
  parameters: 0,
  kmsKeys: 0,
  logRetentionMonths: 6,
  sweepRunsPerYear: 35_040,
  tracing: false,
  pitr: true,
  platformLogs: false,
};
const inputs = (over: Partial<BillInputs> = {}): BillInputs => ({
  zone: REFERENCE_ZONE,
  template: facts,
  perEnterpriseYear: none,
  sweepPerRun: none,
  tableBytesPerEnterprise: 0,
  appLogBytesPerInvocation: 0,
  boardCountsBytesPerRun: 0,
  initMs: { step: 0, http: 0, sweep: 0 },
  ...over,
});
const line = (bill: ReturnType<typeof zoneBill>, item: string) =>
  bill.lines.find((l) => l.item === item)?.dollarsPerYear;

describe('the reference zone’s bill', () => {
  it('prices every metric an alarm reads, every dashboard, custom metric and secret, by the month', () => {
    const bill = zoneBill(
      inputs({ template: { ...facts, dashboards: 1, customMetrics: 18, secrets: 1, kmsKeys: 1 } }),
    );
    expect(line(bill, 'CloudWatch alarms')).toBeCloseTo(5 * 0.1 * 12);
    expect(line(bill, 'CloudWatch dashboards')).toBeCloseTo(36);
    expect(line(bill, 'CloudWatch custom metrics')).toBeCloseTo(18 * 0.3 * 12);
    // The secret a month, and a Secrets Manager call for each HTTP and sweep cold start (27,000 + 35,040 a year).
    expect(line(bill, 'secrets')).toBeCloseTo(4.8 + (27_000 + 35_040) * (0.05 / 10_000));
    expect(line(bill, 'KMS keys')).toBeCloseTo(12);
    // Each head's 09:00 digest, every working day, whatever the number of enterprises.
    expect(line(bill, 'sweep: heads’ daily digests (SES)')).toBeCloseTo(20 * 250 * PRICES.sesPerEmail);
  });

  it('adds the fixed lines once and the variable ones per 1,000 enterprises', () => {
    const perEnterpriseYear = { ...none, transitions: 100, emails: 10 };
    const bill = zoneBill(inputs({ perEnterpriseYear, zone: { ...REFERENCE_ZONE, enterprises: 3000 } }));
    const variable = bill.lines
      .filter((l) => l.kind === 'variable')
      .reduce((s, l) => s + l.dollarsPerYear, 0);
    expect(bill.variableDollarsPer1000EnterprisesYear).toBeCloseTo(variable);
    expect(line(bill, 'workflows: Step Functions')).toBeCloseTo(
      100 * 1000 * PRICES.stepFunctionsPerTransition,
    );
    expect(line(bill, 'mail (SES)')).toBeCloseTo(10 * 1000 * PRICES.sesPerEmail);
    expect(bill.allInDollarsPerYear).toBeCloseTo(bill.fixedDollarsPerYear + 3 * variable);
    // The sweep's board counts: each run reads each enterprise's items due soon or overdue (eventually consistent).
    const counted = zoneBill(inputs({ boardCountsBytesPerRun: 4096 }));
    expect(line(counted, 'sweep: board counts')).toBeCloseTo(1000 * 0.5 * 35_040 * PRICES.dynamoPerReadUnit);
  });

  it('bills every cold start’s INIT like a duration, and X-Ray traces only when tracing is on', () => {
    const perEnterpriseYear = { ...none, invocations: 100 };
    const cold = zoneBill(inputs({ perEnterpriseYear, initMs: { step: 500, http: 0, sweep: 0 } }));
    expect(line(cold, 'workflows: Lambda INIT')).toBeCloseTo(
      100 * 1000 * 0.5 * 0.5 * PRICES.lambdaPerGbSecond,
    );
    const untraced = line(zoneBill(inputs({ perEnterpriseYear })), 'workflows: logs, traces') ?? 0;
    const traced =
      line(
        zoneBill(inputs({ perEnterpriseYear, template: { ...facts, tracing: true } })),
        'workflows: logs, traces',
      ) ?? 0;
    expect(traced - untraced).toBeCloseTo(100 * 1000 * PRICES.xrayPerTrace);
  });

  it('bills the functions’ own log lines always, and Lambda’s START/END/REPORT lines only when they are let through', () => {
    const perEnterpriseYear = { ...none, invocations: 100 };
    const logs = (platformLogs: boolean, appLogBytesPerInvocation: number) =>
      line(
        zoneBill(
          inputs({ perEnterpriseYear, appLogBytesPerInvocation, template: { ...facts, platformLogs } }),
        ),
        'workflows: logs, traces',
      ) ?? 0;
    const perGb = PRICES.logsIngestPerGb + 6 * PRICES.logsStoragePerGbMonth;
    expect(logs(false, 0)).toBe(0);
    expect(logs(false, 50)).toBeCloseTo(((100 * 1000 * 50) / 1e9) * perGb);
    expect(logs(true, 50)).toBeCloseTo(
      ((100 * 1000 * (50 + REFERENCE_ZONE.platformLogBytesPerInvocation)) / 1e9) * perGb,
    );
    const f = (SystemLogLevel?: string) =>
      factsOf({
        Resources: {
          F: {
            Type: 'AWS::Lambda::Function',
            Properties: SystemLogLevel ? { LoggingConfig: { SystemLogLevel } } : {},
          },
        },
      }).platformLogs;
    expect([f('WARN'), f('INFO'), f()]).toEqual([false, true, true]);
  });

  it('reads the monthly charges from a template: metric-math alarms by their metrics, schedules by their rate', () => {
    const f = factsOf({
      Resources: {
        A: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'Errors' } },
        B: {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: { Metrics: [{ MetricStat: {} }, { MetricStat: {} }, { Expression: 'm0 + m1' }] },
        },
        S: { Type: 'AWS::Scheduler::Schedule', Properties: { ScheduleExpression: 'rate(15 minutes)' } },
        L: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 180 } },
        F: {
          Type: 'AWS::Lambda::Function',
          Properties: { Environment: { Variables: { POWERTOOLS_METRICS_NAMESPACE: 'x' } } },
        },
      },
    });
    expect(f).toMatchObject({ alarms: 2, alarmMetrics: 3, sweepRunsPerYear: 35_040, logRetentionMonths: 6 });
    expect(f.customMetrics).toBeGreaterThan(0);
    expect(() =>
      factsOf({
        Resources: {
          S: { Type: 'AWS::Scheduler::Schedule', Properties: { ScheduleExpression: 'cron(0 9 * * ? *)' } },
        },
      }),
    ).toThrow(/cannot count/);
  });
});
