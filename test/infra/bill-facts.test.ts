import { describe, expect, it } from 'vitest';
import { defaultTemplateFacts } from '../../bench/template-facts.ts';

describe('what the stack as deployed by default costs every month (read from its template)', () => {
  it('has at most five alarms over five metrics, no dashboard, no custom metric, no KMS key, no tracing', () => {
    const facts = defaultTemplateFacts();
    expect(facts.alarms).toBeLessThanOrEqual(5);
    expect(facts.alarmMetrics).toBe(5);
    expect(facts).toMatchObject({ dashboards: 0, customMetrics: 0, kmsKeys: 0, tracing: false });
    // The link-signing key is a Parameter Store SecureString (free), not a Secrets Manager secret ($4.80 a year).
    expect(facts).toMatchObject({ secrets: 0, parameters: 1 });
    // The sweep every 15 minutes; files to infrequent access after 90 days; six months of logs.
    expect(facts).toMatchObject({ sweepRunsPerYear: 35_040, filesIaAfterDays: 90, logRetentionMonths: 6 });
    // Lambda's START/END/REPORT lines are filtered out (system log level WARN on every function).
    expect(facts.platformLogs).toBe(false);
  }, 60_000);
});
