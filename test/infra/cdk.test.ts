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
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: Match.objectLike({
          AFTERCARE_MODE: 'aws',
          MAIL_MODE: 'ses',
          SECRET_ARN: Match.anyValue(),
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

  it('alarms the admins on failed or timed-out executions, Lambda errors and throttles, and API 5xx', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: { MetricName: string; AlarmActions: unknown[] };
    }[];
    const metrics = alarms.map((a) => a.Properties.MetricName);
    expect(metrics.filter((m) => m === 'ExecutionsFailed')).toHaveLength(2);
    expect(metrics.filter((m) => m === 'ExecutionsTimedOut')).toHaveLength(2);
    const functions = Object.keys(template.findResources('AWS::Lambda::Function')).length;
    expect(metrics.filter((m) => m === 'Errors')).toHaveLength(functions);
    expect(metrics.filter((m) => m === 'Throttles')).toHaveLength(functions);
    expect(metrics).toContain('5xx');
    expect(alarms.every((a) => a.Properties.AlarmActions.length === 1)).toBe(true);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('logs and traces both state machines, and keeps every log group for a set time', () => {
    const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as {
      Properties: Record<string, unknown>;
    }[];
    expect(machines).toHaveLength(2);
    for (const m of machines) {
      expect(m.Properties.TracingConfiguration).toEqual({ Enabled: true });
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
    const china = synth({ ...base, region: 'cn-north-1', mailMode: 'smtp' });
    const json = JSON.stringify(china.toJSON());
    expect(json).not.toContain('arn:aws:');
    china.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAIL_MODE: 'smtp' }) },
    });
  }, 60_000);

  it('refuses an invalid configuration, naming the field', () => {
    expect(() => parseDeployConfig({ ...base, region: 'cn-north-1' })).toThrow(/aftercare\.mailMode/);
    expect(() => parseDeployConfig({ ...base, region: 'somewhere', adminEmails: [] })).toThrow(
      /aftercare\.region[\s\S]*aftercare\.adminEmails/,
    );
  });
});
