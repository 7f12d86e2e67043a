import { App } from 'aws-cdk-lib';
import { parseDeployConfig } from '#infra/config.ts';
import { AftercareStack } from '#infra/stacks/aftercare-stack.ts';
import { BUSINESS_METRICS } from '#shared/metrics/metrics.ts';

/** What in the synthesized stack costs money every month, read from the template itself. */
export interface TemplateFacts {
  alarms: number;
  /** Metrics the alarms read (each billed). */
  alarmMetrics: number;
  dashboards: number;
  /** Custom metrics the functions publish (embedded metric format). */
  customMetrics: number;
  secrets: number;
  parameters: number;
  kmsKeys: number;
  /** The longest log retention, in months. */
  logRetentionMonths: number;
  sweepRunsPerYear: number;
  /** X-Ray on any function or state machine. */
  tracing: boolean;
  /** Point-in-time recovery on the table. */
  pitr: boolean;
  /** Lambda's own lines (START/END/REPORT) reach the logs: a function whose system log level is INFO or DEBUG. */
  platformLogs: boolean;
  /** Days after which the files move to infrequent access (the bucket's lifecycle rules), if they do. */
  filesIaAfterDays?: number;
}

type Resource = { Type: string; Properties?: Record<string, unknown> };

/** Facts of a template (pure, for tests). */
export function factsOf(template: { Resources: Record<string, Resource> }): TemplateFacts {
  const all = Object.values(template.Resources);
  const of = (type: string) => all.filter((r) => r.Type === type);
  const alarms = of('AWS::CloudWatch::Alarm');
  const alarmMetrics = alarms.reduce((n, a) => {
    const metrics = a.Properties?.Metrics as { MetricStat?: unknown }[] | undefined;
    return n + (metrics ? metrics.filter((m) => m.MetricStat).length : 1);
  }, 0);
  const functions = of('AWS::Lambda::Function');
  const variables = (f: Resource) =>
    ((f.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
      {}) as Record<string, unknown>;
  // Powertools publishes EMF metrics under POWERTOOLS_METRICS_NAMESPACE: one metric per name (one dimension set).
  const publishes = functions.some((f) => 'POWERTOOLS_METRICS_NAMESPACE' in variables(f));
  const retention = Math.max(
    0,
    ...of('AWS::Logs::LogGroup').map((g) => Number(g.Properties?.RetentionInDays ?? 3650)),
  );
  const schedules = of('AWS::Scheduler::Schedule').map((s) => String(s.Properties?.ScheduleExpression));
  const runsPerYear = schedules.reduce((n, e) => {
    const m = /^rate\((\d+) minutes?\)$/.exec(e);
    if (!m) throw new Error(`bench: a schedule the bill cannot count: ${e}`);
    return n + (365 * 24 * 60) / Number(m[1]);
  }, 0);
  const table = of('AWS::DynamoDB::GlobalTable')[0];
  const replicas = (table?.Properties?.Replicas ?? []) as {
    PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled?: boolean };
  }[];
  const transitions = of('AWS::S3::Bucket').flatMap((b) =>
    (
      ((b.Properties?.LifecycleConfiguration as { Rules?: unknown[] } | undefined)?.Rules ?? []) as {
        Transitions?: { StorageClass: string; TransitionInDays: number }[];
      }[]
    ).flatMap((r) => r.Transitions ?? []),
  );
  const ia = transitions.filter((x) => x.StorageClass === 'STANDARD_IA').map((x) => x.TransitionInDays);
  return {
    ...(ia.length ? { filesIaAfterDays: Math.max(...ia) } : {}),
    alarms: alarms.length + of('AWS::CloudWatch::CompositeAlarm').length,
    alarmMetrics,
    dashboards: of('AWS::CloudWatch::Dashboard').length,
    customMetrics: publishes ? BUSINESS_METRICS.length : 0,
    secrets: of('AWS::SecretsManager::Secret').length,
    // Parameters in the template, and the SecureString the functions create on first use (SECRETS_PARAMETER).
    parameters:
      of('AWS::SSM::Parameter').length +
      new Set(
        functions
          .map(
            (f) =>
              (f.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables,
          )
          .map((v) => v?.SECRETS_PARAMETER)
          .filter((p): p is string => typeof p === 'string'),
      ).size,
    kmsKeys: of('AWS::KMS::Key').length,
    logRetentionMonths: Math.round(retention / 30),
    sweepRunsPerYear: runsPerYear,
    tracing:
      functions.some(
        (f) => (f.Properties?.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active',
      ) ||
      of('AWS::StepFunctions::StateMachine').some(
        (m) => (m.Properties?.TracingConfiguration as { Enabled?: boolean } | undefined)?.Enabled === true,
      ),
    pitr: replicas.some((r) => r.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled === true),
    // Lambda's default (no logging config) is text logs with every START/END/REPORT line.
    platformLogs: functions.some(
      (f) =>
        (f.Properties?.LoggingConfig as { SystemLogLevel?: string } | undefined)?.SystemLogLevel !== 'WARN',
    ),
  };
}

/** The stack with the deploy config's defaults, synthesized without bundling (the bill needs no code). */
export function defaultTemplateFacts(): TemplateFacts {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const config = parseDeployConfig({
    region: 'ap-southeast-1',
    senderAddress: 'aftercare@example.cn',
    adminEmails: ['ops@example.cn'],
  });
  const stack = new AftercareStack(app, 'Bill', config, { env: { region: config.region } });
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<string, Resource>;
  };
  return factsOf(template);
}
