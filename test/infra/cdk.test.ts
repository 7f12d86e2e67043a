import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDeployConfig } from '#infra/config.ts';
import { AftercareStack } from '#infra/stacks/aftercare-stack.ts';
import { createTableInput, TABLE } from '#shared/store/table.ts';

function synth(context: Record<string, unknown>) {
  const app = new App();
  const config = parseDeployConfig(context);
  const stack = new AftercareStack(app, 'Test', config, { env: { region: config.region } });
  return Template.fromStack(stack);
}

const base = { senderAddress: 'aftercare@example.com', adminEmails: ['ops@example.com'] };

const CHINA_DOMAIN = {
  name: 'aftercare.zone.example.cn',
  certificateArn: 'arn:aws-cn:acm:cn-north-1:111122223333:certificate/0000',
};

describe('CDK app', () => {
  let template: Template;
  beforeAll(() => {
    template = synth({ ...base, region: 'ap-southeast-1' });
  }, 60_000);

  it('has the one table with the same keys and indexes the local setup creates', () => {
    const local = createTableInput('x');
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: local.KeySchema,
      GlobalSecondaryIndexes: TABLE.indexes.map((i) =>
        Match.objectLike({
          IndexName: i.name,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: 'HASH' },
            { AttributeName: i.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
      ),
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
  });

  it('runs the HTTP function on Node.js 24, arm64, with the secret by reference only', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: {
        Variables: Match.objectLike({
          AFTERCARE_MODE: 'aws',
          MAIL_MODE: 'ses',
          SECRETS_PARAMETER: '/Test/secrets',
        }),
      },
    });
    const functions = template.findResources('AWS::Lambda::Function');
    for (const fn of Object.values(functions)) {
      const vars = JSON.stringify(fn.Properties?.Environment ?? {});
      expect(vars).not.toMatch(/signingKey|SIGNING_KEY/);
    }
  });

  it('keeps attachments in a private, encrypted, TLS-only bucket that outlives the stack', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LifecycleConfiguration: Match.objectLike({
        Rules: Match.arrayWith([Match.objectLike({ Status: 'Enabled' })]),
      }),
    });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    const policy = JSON.stringify(template.findResources('AWS::S3::BucketPolicy'));
    expect(policy).toContain('aws:SecureTransport');
  });

  it('alarms the admins through at most five alarms over five of AWS’s free metrics, with no dashboard unless asked', () => {
    // The admins by email; and SES's bounces and complaints to the MailFeedback function.
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda' });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ MatchingEventTypes: ['bounce', 'complaint'] }),
    });
    type AlarmProps = {
      MetricName?: string;
      Namespace?: string;
      Metrics?: { MetricStat?: { Metric: { MetricName: string; Namespace: string } } }[];
      AlarmActions: unknown[];
    };
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties as AlarmProps,
    );
    expect(alarms.length).toBeLessThanOrEqual(5);
    // Every metric an alarm reads is billed: count them, and check each is one AWS publishes (not a custom one).
    const metrics = alarms.flatMap((a) =>
      a.MetricName
        ? [{ name: a.MetricName, namespace: a.Namespace }]
        : (a.Metrics ?? []).flatMap((m) =>
            m.MetricStat
              ? [{ name: m.MetricStat.Metric.MetricName, namespace: m.MetricStat.Metric.Namespace }]
              : [],
          ),
    );
    expect(metrics).toHaveLength(5);
    expect(metrics.every((m) => m.namespace?.startsWith('AWS/'))).toBe(true);
    expect(metrics.filter((m) => m.name === 'ExecutionsFailed')).toHaveLength(2);
    expect(metrics.map((m) => m.name)).toEqual(
      expect.arrayContaining(['Errors', '5xx', 'ApproximateNumberOfMessagesVisible']),
    );
    expect(alarms.every((a) => a.AlarmActions.length === 1)).toBe(true);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
  });

  it('adds a dashboard and X-Ray tracing only when the deploy config asks for them', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions.every((f) => f.Properties.TracingConfig === undefined)).toBe(true);
    const asked = synth({
      ...base,
      region: 'ap-southeast-1',
      monitoring: { dashboard: true, tracing: true },
    });
    asked.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const traced = Object.values(asked.findResources('AWS::Lambda::Function'));
    expect(traced.every((f) => f.Properties.TracingConfig?.Mode === 'Active')).toBe(true);
    const machines = Object.values(asked.findResources('AWS::StepFunctions::StateMachine'));
    expect(machines.every((m) => m.Properties.TracingConfiguration?.Enabled === true)).toBe(true);
  }, 60_000);

  it('has every function log JSON at WARN by default (Lambda’s START/END/REPORT lines too), INFO only when asked', () => {
    const logging = (t: Template) =>
      Object.values(t.findResources('AWS::Lambda::Function')).map((f) => ({
        ...f.Properties.LoggingConfig,
        env: f.Properties.Environment?.Variables?.LOG_LEVEL,
      }));
    const quiet = logging(template);
    expect(quiet.length).toBeGreaterThanOrEqual(12);
    const at = (level: string) => ({
      LogFormat: 'JSON',
      ApplicationLogLevel: level,
      SystemLogLevel: level,
      env: level,
    });
    for (const l of quiet) expect(l).toMatchObject(at('WARN'));
    const asked = logging(synth({ ...base, region: 'ap-southeast-1', monitoring: { logLevel: 'INFO' } }));
    // The logger's own level follows Lambda's filter (Powertools warns at every start when they differ).
    for (const l of asked) expect(l).toMatchObject(at('INFO'));
  }, 60_000);

  it('logs both state machines (untraced by default), and keeps every log group for a set time', () => {
    const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as {
      Properties: Record<string, unknown>;
    }[];
    expect(machines).toHaveLength(2);
    for (const m of machines) {
      expect(m.Properties.TracingConfiguration).toEqual({ Enabled: false });
      expect(m.Properties.LoggingConfiguration).toMatchObject({
        Level: 'ERROR',
        IncludeExecutionData: false,
      });
    }
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup')) as {
      Properties: { RetentionInDays?: number };
    }[];
    expect(groups.length).toBeGreaterThanOrEqual(11);
    expect(groups.every((g) => g.Properties.RetentionInDays === 180)).toBe(true);
  });

  it('throttles the HTTP API and keeps logs for a set time', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 180 });
  });

  it('runs the sweep every 15 minutes from EventBridge Scheduler, retrying a failed run', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      Target: { RetryPolicy: { MaximumRetryAttempts: 2 } },
    });
  });

  it('synthesizes for AWS China with SMTP mail and no hard-coded partition', () => {
    const china = synth({ ...base, region: 'cn-north-1', mailMode: 'smtp', domain: CHINA_DOMAIN });
    const json = JSON.stringify(china.toJSON());
    expect(json).not.toContain('arn:aws:');
    china.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAIL_MODE: 'smtp' }) },
    });
  }, 60_000);

  it('gives each function only what its code uses: no Scan, no managed policy, no secret for steps that sign nothing', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const statementsOf = (rolePrefix: string) =>
      Object.entries(policies)
        .filter(([id]) => id.startsWith(rolePrefix))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
        .flatMap((st) => [st.Action].flat());
    const all = JSON.stringify(policies);
    expect(all).not.toContain('dynamodb:Scan');
    expect(all).not.toContain('dynamodb:*');
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns ?? []).toEqual([]);
    }
    expect(statementsOf('WaitStepRole')).not.toContain('ssm:GetParameter');
    expect(statementsOf('WaitStepRole')).not.toContain('ses:SendEmail');
    expect(statementsOf('FailureStepRole')).not.toContain('states:SendTaskSuccess');
    expect(statementsOf('OpenStepRole')).toContain('ses:SendEmail');
    expect(statementsOf('OpenStepRole')).not.toContain('s3:PutObject');
    expect(statementsOf('HttpRole')).toContain('s3:PutObject');
    expect(statementsOf('HttpRole')).toContain('states:StartExecution');
    // No role may delete an audit event: DeleteItem only ever on the few partitions code deletes from.
    expect(all).not.toContain('dynamodb:BatchWriteItem');
    for (const policy of Object.values(policies)) {
      for (const st of policy.Properties.PolicyDocument.Statement as {
        Action: string | string[];
        Condition?: Record<string, Record<string, unknown>>;
      }[]) {
        if (![st.Action].flat().includes('dynamodb:DeleteItem')) continue;
        expect([st.Action].flat()).toEqual(['dynamodb:DeleteItem']);
        const keys = st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[];
        expect(keys.length).toBeGreaterThan(0);
        for (const k of keys) expect(k).toMatch(/^(SIGNIN#\*|SESSION#\*|MAILQ|COUNTQ|LEASE)$/);
        expect(st.Condition?.Null).toEqual({ 'dynamodb:LeadingKeys': 'false' });
      }
    }
  });

  it('logs API requests, alarms on the sweep dead-letter queue, and logs access to the attachments', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'attachments/' },
    });
    template.resourceCountIs('AWS::SES::EmailIdentity', 1);
  });

  it('passes the service levels to the functions, and serves a custom domain when one is configured', () => {
    const custom = synth({
      ...base,
      region: 'ap-southeast-1',
      sla: { escalateHeadAfterWorkingDays: 2, escalateManagersAfterWorkingDays: 5, visitIntervalMonths: 6 },
      domain: {
        name: 'aftercare.zone.example.cn',
        certificateArn: 'arn:aws:acm:ap-southeast-1:123456789012:certificate/x',
      },
      sesIdentity: 'existing',
    });
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          ESCALATE_HEAD_AFTER_WORKING_DAYS: '2',
          ESCALATE_MANAGERS_AFTER_WORKING_DAYS: '5',
          VISIT_INTERVAL_MONTHS: '6',
          REMIND_BEFORE_WORKING_DAYS: '2',
          REMIND_SPREAD_MINUTES: '180',
          MAIL_SEND_RATE: '14',
          BASE_URL: 'https://aftercare.zone.example.cn',
        }),
      },
    });
    custom.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'aftercare.zone.example.cn',
    });
    custom.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
    custom.resourceCountIs('AWS::SES::EmailIdentity', 0);
  }, 60_000);

  it('refuses an invalid configuration, naming the field', () => {
    expect(() =>
      parseDeployConfig({ ...base, region: 'ap-southeast-1', sla: { escalateManagersAfterWorkingDays: 1 } }),
    ).toThrow(/aftercare\.sla\.escalateManagersAfterWorkingDays/);
    expect(() =>
      parseDeployConfig({
        ...base,
        region: 'ap-southeast-1',
        domain: { name: 'Not A Host', certificateArn: 'x' },
      }),
    ).toThrow(/aftercare\.domain\.name[\s\S]*aftercare\.domain\.certificateArn/);
    expect(() => parseDeployConfig({ ...base, region: 'cn-north-1' })).toThrow(/aftercare\.mailMode/);
    // From the command line (-c aftercare='{…}') the context is a JSON string.
    expect(
      parseDeployConfig(
        JSON.stringify({ ...base, region: 'cn-north-1', mailMode: 'smtp', domain: CHINA_DOMAIN }),
      ).region,
    ).toBe('cn-north-1');
    // AWS China: no public execute-api address without an ICP filing, so a custom domain is required.
    expect(() => parseDeployConfig({ ...base, region: 'cn-north-1', mailMode: 'smtp' })).toThrow(
      /aftercare\.domain: required in AWS China regions/,
    );
    // The approved SMS template holds the deployment's address as fixed text: never the execute-api URL (it changes
    // with the stack); any length of address otherwise (only the short link's code is a variable).
    const sms = { sms: { signName: '安商服务', templateCode: 'SMS_000000001' } };
    expect(() => parseDeployConfig({ ...base, region: 'ap-southeast-1', channels: sms })).toThrow(
      /aftercare\.channels\.sms: SMS needs a fixed public address/,
    );
    for (const baseUrl of ['https://as.zone.cn', 'https://aftercare.hitech-zone.example.cn'])
      expect(
        parseDeployConfig({ ...base, region: 'ap-southeast-1', baseUrl, channels: sms }).channels.sms,
      ).toBeDefined();
    expect(() => parseDeployConfig('{not json')).toThrow(/must be a JSON object/);
    expect(() => parseDeployConfig({ ...base, region: 'somewhere', adminEmails: [] })).toThrow(
      /aftercare\.region[\s\S]*aftercare\.adminEmails/,
    );
  });
});
