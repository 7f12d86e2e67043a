import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '#functions/registry.ts';
import { parseDeployConfig } from '#infra/config.ts';
import { AftercareStack } from '#infra/stacks/aftercare-stack.ts';
import { TABLE } from '#shared/store/table.ts';
import {
  type AwsCall,
  type CheckResult,
  checkCalls,
  type Environment,
  formatDenied,
  suggestEnvironment,
  validateCall,
} from './check.ts';
import { compile, resourceMatches } from './policy.ts';
import { iamRequests, type MappingOptions, type SdkCall } from './sdk-calls.ts';

const ACCOUNT = '111122223333';
const REGION = 'ap-southeast-1';
const env: Environment = { account: ACCOUNT, region: REGION, partition: 'aws', refs: {}, getAtt: {} };

/** A template with one function whose role has the given statements (and optionally more resources). */
function tiny(
  statements: unknown[],
  more: Record<string, unknown> = {},
  roleProps: Record<string, unknown> = {},
) {
  return {
    Resources: {
      FnRole0000AAAA: { Type: 'AWS::IAM::Role', Properties: { ...roleProps } },
      FnRolePolicy1111BBBB: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'p',
          Roles: [{ Ref: 'FnRole0000AAAA' }],
          PolicyDocument: { Version: '2012-10-17', Statement: statements },
        },
      },
      Fn1234ABCD: {
        Type: 'AWS::Lambda::Function',
        Properties: { Role: { 'Fn::GetAtt': ['FnRole0000AAAA', 'Arn'] } },
      },
      ...more,
    },
  };
}

const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/t`;
const call = (action: string, resource: string, context?: AwsCall['context']): AwsCall => ({
  fn: 'Fn',
  action,
  resource,
  ...(context ? { context } : {}),
});
const verdict = (template: unknown, c: AwsCall, e: Environment = env) => {
  const r = checkCalls(template, [c], e);
  return r.denied[0]?.reason ?? 'allowed';
};

describe('IAM check on hand-made templates', () => {
  it('matches actions case-insensitively and with wildcards', () => {
    const t = tiny([{ Effect: 'Allow', Action: 'dynamodb:Get*', Resource: TABLE_ARN }]);
    expect(verdict(t, call('dynamodb:GetItem', TABLE_ARN))).toBe('allowed');
    expect(verdict(t, call('DynamoDB:getitem', TABLE_ARN))).toBe('allowed');
    expect(verdict(t, call('dynamodb:PutItem', TABLE_ARN))).toMatch(/no statement allows the action/);
    const q = tiny([{ Effect: 'Allow', Action: 'dynamodb:?etItem', Resource: '*' }]);
    expect(verdict(q, call('dynamodb:GetItem', TABLE_ARN))).toBe('allowed');
  });

  it('matches resources with * and ?, case-sensitively, * inside an ARN segment staying in it', () => {
    const t = tiny([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: ['arn:aws:s3:::b/needs/*', 'arn:aws:s3:::b/file?.txt'],
      },
    ]);
    expect(verdict(t, call('s3:GetObject', 'arn:aws:s3:::b/needs/e1/n1/f'))).toBe('allowed');
    expect(verdict(t, call('s3:GetObject', 'arn:aws:s3:::b/file1.txt'))).toBe('allowed');
    expect(verdict(t, call('s3:GetObject', 'arn:aws:s3:::b/file10.txt'))).toMatch(/allows it only on/);
    expect(verdict(t, call('s3:GetObject', 'arn:aws:s3:::b/Needs/x'))).toMatch(/allows it only on/);
    expect(verdict(t, call('s3:GetObject', 'arn:aws:s3:::b/imports/x'))).toMatch(/allows it only on/);
    // "If the * wildcard is the last character of a resource ARN segment, it can expand beyond the colon".
    expect(resourceMatches('arn:aws:dynamodb:*:*:table/t', TABLE_ARN)).toBe(true);
    expect(resourceMatches('arn:aws:states:r:1:execution:M*', 'arn:aws:states:r:1:execution:M:x')).toBe(true);
    expect(resourceMatches('arn:aws:states:r:1:execution:*M:e', 'arn:aws:states:r:1:execution:a:bM:e')).toBe(
      false,
    );
    expect(resourceMatches('arn:aws:states:r:1:execution:*M:e', 'arn:aws:states:r:1:execution:abM:e')).toBe(
      true,
    );
    // Policy variables and their escapes.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a JS template
    expect(compile('a${*}b', { arn: false })?.test('a*b')).toBe(true);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a JS template
    expect(compile('a${*}b', { arn: false })?.test('axb')).toBe(false);
    expect(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a JS template
      resourceMatches('arn:aws:s3:::b/${aws:username}/*', 'arn:aws:s3:::b/ann/x', { 'aws:username': 'ann' }),
    ).toBe(true);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a JS template
    expect(resourceMatches('arn:aws:s3:::b/${aws:username}/*', 'arn:aws:s3:::b/ann/x', {})).toBe(false);
  });

  it('checks an action without a resource type against "*" only', () => {
    const star = tiny([{ Effect: 'Allow', Action: 'xray:PutTraceSegments', Resource: '*' }]);
    expect(verdict(star, call('xray:PutTraceSegments', '*'))).toBe('allowed');
    const scoped = tiny([
      { Effect: 'Allow', Action: 'xray:PutTraceSegments', Resource: 'arn:aws:xray:*:*:*' },
    ]);
    expect(verdict(scoped, call('xray:PutTraceSegments', '*'))).toMatch(/allows it only on/);
    expect(verdict(star, call('xray:PutTraceSegments', 'arn:aws:xray:r:1:group/x'))).toMatch(
      /invalid call: .*takes no resource type/,
    );
  });

  it('authorizes SendTaskSuccess against the state machine ARN, as Step Functions does', () => {
    const machine = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:m`;
    const scoped = tiny([{ Effect: 'Allow', Action: 'states:SendTaskSuccess', Resource: machine }]);
    expect(verdict(scoped, call('states:SendTaskSuccess', machine))).toBe('allowed');
    expect(verdict(scoped, call('states:SendTaskSuccess', `${machine}2`))).toMatch(/allows it only on/);
    expect(verdict(scoped, call('states:SendTaskSuccess', '*'))).toMatch(
      /invalid call: .*statemachine or activity ARN/,
    );
    const star = tiny([{ Effect: 'Allow', Action: 'states:SendTask*', Resource: '*' }]);
    expect(verdict(star, call('states:SendTaskFailure', machine))).toBe('allowed');
  });

  it('lets an explicit Deny win over any Allow, and only when it matches', () => {
    const t = tiny([
      { Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' },
      { Sid: 'NoDelete', Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: TABLE_ARN },
      {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
    expect(verdict(t, call('dynamodb:DeleteItem', TABLE_ARN))).toBe(
      'explicitly denied by FnRolePolicy1111BBBB/NoDelete',
    );
    expect(verdict(t, call('dynamodb:DeleteItem', `${TABLE_ARN}2`))).toBe('allowed');
    expect(verdict(t, call('dynamodb:GetItem', TABLE_ARN, { 'aws:SecureTransport': 'true' }))).toBe(
      'allowed',
    );
    expect(verdict(t, call('dynamodb:GetItem', TABLE_ARN, { 'aws:SecureTransport': 'false' }))).toMatch(
      /explicitly denied by FnRolePolicy1111BBBB\[2\]/,
    );
    // A Deny whose (negated) condition holds for an absent key still applies.
    const nd = tiny([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      {
        Effect: 'Deny',
        Action: 's3:*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'a' } },
      },
    ]);
    expect(verdict(nd, call('s3:GetObject', 'arn:aws:s3:::b/k'))).toMatch(/explicitly denied/);
    expect(verdict(nd, call('s3:GetObject', 'arn:aws:s3:::b/k', { 'aws:PrincipalTag/team': 'a' }))).toBe(
      'allowed',
    );
  });

  it('supports NotAction and NotResource', () => {
    const t = tiny([
      { Effect: 'Allow', NotAction: 'dynamodb:Scan', Resource: TABLE_ARN },
      { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::b/*' },
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
    ]);
    expect(verdict(t, call('dynamodb:Query', TABLE_ARN))).toBe('allowed');
    expect(verdict(t, call('dynamodb:Scan', TABLE_ARN))).toMatch(/no statement allows the action/);
    expect(verdict(t, call('s3:GetObject', 'arn:aws:s3:::b/k'))).toBe('allowed');
    expect(verdict(t, call('s3:GetObject', 'arn:aws:s3:::c/k'))).toMatch(/explicitly denied/);
  });

  it('evaluates StringEquals, StringLike and a key absent from the request as IAM does', () => {
    const t = tiny([
      {
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: `arn:aws:ses:${REGION}:${ACCOUNT}:identity/*`,
        Condition: {
          StringEquals: { 'ses:FromAddress': 'a@b.cn' },
          StringLike: { 'ses:FromDisplayName': 'Aftercare*' },
        },
      },
    ]);
    const identity = `arn:aws:ses:${REGION}:${ACCOUNT}:identity/a@b.cn`;
    expect(
      verdict(
        t,
        call('ses:SendEmail', identity, {
          'ses:FromAddress': 'a@b.cn',
          'ses:FromDisplayName': 'Aftercare 售后',
        }),
      ),
    ).toBe('allowed');
    expect(
      verdict(
        t,
        call('ses:SendEmail', identity, { 'ses:FromAddress': 'x@b.cn', 'ses:FromDisplayName': 'Aftercare' }),
      ),
    ).toMatch(/condition fails: StringEquals ses:FromAddress \["a@b.cn"\] \(request: "x@b.cn"\)/);
    // Condition key names are case-insensitive; a missing key fails a positive operator.
    expect(
      verdict(
        t,
        call('ses:SendEmail', identity, { 'SES:fromaddress': 'a@b.cn', 'ses:FromDisplayName': 'Aftercare' }),
      ),
    ).toBe('allowed');
    expect(verdict(t, call('ses:SendEmail', identity, { 'ses:FromDisplayName': 'Aftercare' }))).toMatch(
      /request: absent/,
    );
  });

  it('evaluates ArnLike / ArnEquals, Bool, IfExists and Null', () => {
    const t = tiny([
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: '*',
        Condition: {
          ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:*:*:function:Fn*' },
          ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/r' },
          Bool: { 'aws:SecureTransport': 'true' },
          NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' },
          Null: { 'aws:PrincipalTag/x': 'true' },
        },
      },
    ]);
    const queue = `arn:aws:sqs:${REGION}:${ACCOUNT}:q`;
    const ok = {
      'aws:SourceArn': `arn:aws:lambda:${REGION}:${ACCOUNT}:function:Fn1`,
      'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/r`,
      'aws:SecureTransport': 'TRUE',
    };
    expect(verdict(t, call('sqs:SendMessage', queue, ok))).toBe('allowed');
    expect(verdict(t, call('sqs:SendMessage', queue, { ...ok, 'aws:MultiFactorAuthAge': '60' }))).toBe(
      'allowed',
    );
    expect(verdict(t, call('sqs:SendMessage', queue, { ...ok, 'aws:MultiFactorAuthAge': '7200' }))).toMatch(
      /NumericLessThanIfExists/,
    );
    expect(
      verdict(
        t,
        call('sqs:SendMessage', queue, { ...ok, 'aws:SourceArn': 'arn:aws:lambda:r:1:function:Other' }),
      ),
    ).toMatch(/ArnLike/);
    expect(verdict(t, call('sqs:SendMessage', queue, { ...ok, 'aws:SecureTransport': 'false' }))).toMatch(
      /Bool/,
    );
    expect(verdict(t, call('sqs:SendMessage', queue, { ...ok, 'aws:PrincipalTag/x': 'y' }))).toMatch(/Null/);
  });

  it('evaluates ForAllValues and ForAnyValue over multivalued keys', () => {
    const t = tiny([
      {
        Effect: 'Allow',
        Action: 'dynamodb:DeleteItem',
        Resource: TABLE_ARN,
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SESSION#*', 'LEASE'] } },
      },
      {
        Effect: 'Allow',
        Action: 'dynamodb:BatchWriteItem',
        Resource: TABLE_ARN,
        Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['MAILQ*'] } },
      },
    ]);
    expect(
      verdict(t, call('dynamodb:DeleteItem', TABLE_ARN, { 'dynamodb:LeadingKeys': ['SESSION#1'] })),
    ).toBe('allowed');
    expect(
      verdict(t, call('dynamodb:DeleteItem', TABLE_ARN, { 'dynamodb:LeadingKeys': ['SESSION#1', 'LEASE'] })),
    ).toBe('allowed');
    expect(verdict(t, call('dynamodb:DeleteItem', TABLE_ARN, { 'dynamodb:LeadingKeys': ['ENT#1'] }))).toMatch(
      /ForAllValues:StringLike dynamodb:LeadingKeys/,
    );
    expect(
      verdict(t, call('dynamodb:DeleteItem', TABLE_ARN, { 'dynamodb:LeadingKeys': ['SESSION#1', 'ENT#1'] })),
    ).toMatch(/ForAllValues/);
    // As in IAM, ForAllValues holds for a key the request does not have (DynamoDB always sends LeadingKeys for an
    // item operation, so this only matters for a hand-written call); ForAnyValue does not.
    expect(verdict(t, call('dynamodb:DeleteItem', TABLE_ARN))).toBe('allowed');
    expect(
      verdict(t, call('dynamodb:BatchWriteItem', TABLE_ARN, { 'dynamodb:LeadingKeys': ['X', 'MAILQ'] })),
    ).toBe('allowed');
    expect(verdict(t, call('dynamodb:BatchWriteItem', TABLE_ARN, { 'dynamodb:LeadingKeys': ['X'] }))).toMatch(
      /ForAnyValue/,
    );
    expect(verdict(t, call('dynamodb:BatchWriteItem', TABLE_ARN))).toMatch(/ForAnyValue.*absent/);
  });

  it('resolves intrinsics and pseudo parameters, and reports what it could not', () => {
    const t = tiny([
      {
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: [
          // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
          { 'Fn::Sub': 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}' },
          { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Table', 'Arn'] }, '/index/*']] },
          { 'Fn::Select': [1, { 'Fn::Split': [',', 'x,arn:aws:dynamodb:r:1:table/split'] }] },
          // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
          { 'Fn::Sub': ['${Arn}/index/named', { Arn: { 'Fn::GetAtt': 'Table.Arn' } }] },
          { 'Fn::GetAtt': ['Missing', 'Arn'] },
          { Ref: 'AWS::NoValue' },
        ],
      },
    ]);
    const e: Environment = { ...env, refs: { Table: 't' }, getAtt: { 'Table.Arn': TABLE_ARN } };
    const r = checkCalls(
      t,
      [
        call('dynamodb:GetItem', TABLE_ARN),
        call('dynamodb:GetItem', 'arn:aws:dynamodb:r:1:table/split'),
        call('dynamodb:GetItem', 'arn:aws:dynamodb:r:1:table/other'),
      ],
      e,
    );
    expect(r.denied.map((d) => d.resource)).toEqual(['arn:aws:dynamodb:r:1:table/other']);
    expect(r.unresolved).toEqual([{ fn: 'Fn1234ABCD', what: 'Fn::GetAtt Missing.Arn' }]);
    expect(r.unused.map((u) => u.resource)).toEqual([
      `${TABLE_ARN}/index/*`,
      `${TABLE_ARN}/index/named`,
      '«Fn::GetAtt Missing.Arn»',
    ]);
  });

  it('reads inline role policies, customer managed policies and a permissions boundary', () => {
    const t = tiny(
      [],
      {
        Managed: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: {
            PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
          },
        },
        Boundary: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: {
            PolicyDocument: { Statement: { Effect: 'Allow', Action: ['s3:*', 'xray:*'], Resource: '*' } },
          },
        },
      },
      {
        Policies: [
          {
            PolicyName: 'inline',
            PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'xray:*', Resource: '*' }] },
          },
          {
            PolicyName: 'more',
            PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] },
          },
        ],
        ManagedPolicyArns: [
          { Ref: 'Managed' },
          'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        ],
        PermissionsBoundary: { Ref: 'Boundary' },
      },
    );
    const r = checkCalls(
      t,
      [
        call('xray:PutTraceSegments', '*'),
        call('s3:GetObject', 'arn:aws:s3:::b/k'),
        call('sqs:SendMessage', `arn:aws:sqs:${REGION}:${ACCOUNT}:q`),
      ],
      env,
    );
    expect(r.denied).toEqual([
      expect.objectContaining({
        action: 'sqs:SendMessage',
        reason: expect.stringMatching(/permissions boundary/),
      }),
    ]);
    expect(r.unresolved).toEqual([
      {
        fn: 'Fn1234ABCD',
        what: 'managed policy "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"',
      },
    ]);
  });

  it('refuses calls the service reference says cannot happen', () => {
    expect(validateCall(call('dynamodb:GetItems', TABLE_ARN))).toMatch(
      /not an action in the service reference/,
    );
    expect(validateCall(call('dynamodb:GetItem', '*'))).toMatch(/table ARN, not "\*"/);
    expect(validateCall(call('dynamodb:GetItem', `${TABLE_ARN}/index/i`))).toMatch(
      /is a index; dynamodb:GetItem takes/,
    );
    expect(validateCall(call('dynamodb:Query', `${TABLE_ARN}/index/i`))).toBeUndefined();
    expect(
      validateCall(
        call('ses:SendEmail', `arn:aws:ses:${REGION}:${ACCOUNT}:identity/a@b.cn`, { 'ses:FromAdress': 'a' }),
      ),
    ).toMatch(/ses:FromAdress is not a condition key of ses:SendEmail/);
    expect(validateCall(call('secretsmanager:GetSecretValue', `arn:aws:s3:::b/k`))).toMatch(
      /no known resource type/,
    );
  });

  it('lists each grant (action × resource) that no call used, and finds functions by id or prefix', () => {
    const t = tiny([
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:BatchWriteItem'],
        Resource: [TABLE_ARN, `${TABLE_ARN}2`],
      },
      { Effect: 'Deny', Action: 'dynamodb:Scan', Resource: '*' },
    ]);
    const r = checkCalls(t, [{ ...call('dynamodb:GetItem', TABLE_ARN), fn: 'Fn1234ABCD' }], env);
    expect(r.denied).toEqual([]);
    expect(r.unused.map((u) => `${u.statement} ${u.action} ${u.resource}`)).toEqual([
      `FnRolePolicy1111BBBB[0] dynamodb:GetItem ${TABLE_ARN}2`,
      `FnRolePolicy1111BBBB[0] dynamodb:BatchWriteItem ${TABLE_ARN}`,
      `FnRolePolicy1111BBBB[0] dynamodb:BatchWriteItem ${TABLE_ARN}2`,
    ]);
    expect(() => checkCalls(t, [{ ...call('dynamodb:GetItem', TABLE_ARN), fn: 'Nope' }], env)).toThrow(
      /no function in the template is "Nope": Fn1234ABCD/,
    );
  });
});

describe('SDK calls as IAM requests', () => {
  const o: MappingOptions = {
    account: ACCOUNT,
    region: REGION,
    partition: 'aws',
    partitionKeys: { t: 'pk' },
    stateMachineForToken: () => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:m`,
  };
  const map = (client: string, command: string, input: Record<string, unknown>) =>
    iamRequests({ client, command, input } satisfies SdkCall, o);

  it('maps DynamoDB item calls, a Query on an index and a transaction to their per-item actions', () => {
    expect(
      map('DynamoDBClient', 'GetItemCommand', {
        TableName: 't',
        Key: { pk: { S: 'ENT#1' }, sk: { S: 'A' } },
      }),
    ).toEqual([
      { action: 'dynamodb:GetItem', resource: TABLE_ARN, context: { 'dynamodb:LeadingKeys': ['ENT#1'] } },
    ]);
    expect(
      map('DynamoDBDocumentClient', 'QueryCommand', {
        TableName: 't',
        IndexName: 'GSI1',
        KeyConditionExpression: '#g = :g',
      }),
    ).toEqual([{ action: 'dynamodb:Query', resource: `${TABLE_ARN}/index/GSI1`, context: {} }]);
    expect(
      map('DynamoDB', 'Query', {
        TableName: 't',
        KeyConditionExpression: '#p = :p AND begins_with(sk, :s)',
        ExpressionAttributeNames: { '#p': 'pk' },
        ExpressionAttributeValues: { ':p': 'ENT#2', ':s': 'X' },
      }),
    ).toEqual([
      { action: 'dynamodb:Query', resource: TABLE_ARN, context: { 'dynamodb:LeadingKeys': ['ENT#2'] } },
    ]);
    expect(
      map('DynamoDBClient', 'TransactWriteCommand', {
        TransactItems: [
          { Put: { TableName: 't', Item: { pk: 'AUDIT#1' } } },
          { Update: { TableName: 't', Key: { pk: 'ENT#1' } } },
          { ConditionCheck: { TableName: 't', Key: { pk: 'ENT#2' } } },
          { Delete: { TableName: 't', Key: { pk: 'SESSION#1' } } },
        ],
      }).map(
        (r) =>
          `${r.action} ${r.context?.['dynamodb:LeadingKeys']} ${r.context?.['dynamodb:EnclosingOperation']}`,
      ),
    ).toEqual([
      'dynamodb:PutItem AUDIT#1 TransactWriteItems',
      'dynamodb:UpdateItem ENT#1 TransactWriteItems',
      'dynamodb:ConditionCheckItem ENT#2 TransactWriteItems',
      'dynamodb:DeleteItem SESSION#1 TransactWriteItems',
    ]);
    expect(
      map('DynamoDBClient', 'BatchGetItemCommand', {
        RequestItems: { t: { Keys: [{ pk: 'A' }, { pk: 'B' }, { pk: 'A' }] } },
      }),
    ).toEqual([
      {
        action: 'dynamodb:BatchGetItem',
        resource: TABLE_ARN,
        context: { 'dynamodb:LeadingKeys': ['A', 'B'] },
      },
    ]);
  });

  it('maps SES v2 SendEmail to the identity (and configuration set), S3, Secrets Manager and Step Functions', () => {
    const ses = map('SESv2Client', 'SendEmailCommand', {
      FromEmailAddress: 'Aftercare <a@b.cn>',
      Destination: { ToAddresses: ['x@y.cn'], BccAddresses: ['z@y.cn'] },
      ConfigurationSetName: 'cs',
      Content: { Simple: {} },
    });
    expect(ses.map((r) => r.resource)).toEqual([
      `arn:aws:ses:${REGION}:${ACCOUNT}:identity/a@b.cn`,
      `arn:aws:ses:${REGION}:${ACCOUNT}:configuration-set/cs`,
    ]);
    expect(ses[0]?.context).toEqual({
      'ses:ApiVersion': '2',
      'ses:FromAddress': 'a@b.cn',
      'ses:FromDisplayName': 'Aftercare',
      'ses:Recipients': ['x@y.cn', 'z@y.cn'],
    });
    expect(map('S3Client', 'PutObjectCommand', { Bucket: 'b', Key: 'needs/e/n/f' })).toEqual([
      { action: 's3:PutObject', resource: 'arn:aws:s3:::b/needs/e/n/f', context: {} },
    ]);
    const secret = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:s-AbCdEf`;
    expect(map('SecretsManagerClient', 'GetSecretValueCommand', { SecretId: secret })).toEqual([
      {
        action: 'secretsmanager:GetSecretValue',
        resource: secret,
        context: { 'secretsmanager:SecretId': secret },
      },
    ]);
    expect(map('SFNClient', 'SendTaskSuccessCommand', { taskToken: 'tok', output: '{}' })).toEqual([
      { action: 'states:SendTaskSuccess', resource: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:m` },
    ]);
    for (const r of [
      ...ses,
      ...map('SFNClient', 'StartExecutionCommand', { stateMachineArn: `${o.stateMachineForToken?.('')}` }),
    ]) {
      expect(validateCall(r)).toBeUndefined();
    }
  });
});

describe('IAM check on the synthesized stack', () => {
  let template: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
  let e: Environment;
  let o: MappingOptions;
  let names: {
    table: string;
    bucket: string;
    secret: string;
    lifecycle: string;
    needFlow: string;
    sender: string;
  };

  beforeAll(() => {
    // Skip esbuild bundling (the functions and their roles are in the template all the same).
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const config = parseDeployConfig({
      region: REGION,
      senderAddress: 'aftercare@example.cn',
      adminEmails: ['ops@example.cn'],
    });
    const stack = new AftercareStack(app, 'Twin', config, { env: { region: REGION, account: ACCOUNT } });
    template = app.synth().getStackByName(stack.stackName).template;
    e = suggestEnvironment(template, { account: ACCOUNT, region: REGION });
    const id = (type: string, prefix: string) =>
      Object.entries(template.Resources).find(
        ([k, r]) => r.Type === type && k.startsWith(prefix),
      )?.[0] as string;
    names = {
      table: e.refs[id('AWS::DynamoDB::GlobalTable', 'DataTable')] as string,
      bucket: e.refs[id('AWS::S3::Bucket', 'DataAttachments')] as string,
      secret: '/Twin/secrets',
      lifecycle: e.refs[id('AWS::StepFunctions::StateMachine', 'LifecycleStateMachine')] as string,
      needFlow: e.refs[id('AWS::StepFunctions::StateMachine', 'NeedFlowStateMachine')] as string,
      sender: config.senderAddress,
    };
    o = {
      account: ACCOUNT,
      region: REGION,
      partition: 'aws',
      partitionKeys: { [names.table]: TABLE.partitionKey },
    };
  }, 60_000);

  /** The IAM requests of one SDK call made by a function. */
  const sdk = (
    fn: string,
    client: string,
    command: string,
    input: Record<string, unknown>,
    extra = {},
  ): AwsCall[] => iamRequests({ client, command, input }, { ...o, ...extra }).map((r) => ({ fn, ...r }));
  const check = (calls: AwsCall[]): CheckResult => checkCalls(template, calls, e);

  it('synthesizes every function, with its role, without bundling', () => {
    const fns = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    // One function for each entry of the registry, and no other.
    expect(fns.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(Object.keys(FUNCTIONS).sort());
    for (const [, fn] of fns)
      expect(fn.Properties.Role).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    // Every Ref and GetAtt in the functions' policies resolves.
    expect(check([]).unresolved).toEqual([]);
  });

  it('allows what the functions do', () => {
    const pk = TABLE.partitionKey;
    const calls = [
      ...sdk('Http', 'DynamoDBClient', 'GetItemCommand', {
        TableName: names.table,
        Key: { [pk]: 'ENT#1', sk: 'A' },
      }),
      ...sdk('Http', 'DynamoDBDocumentClient', 'QueryCommand', {
        TableName: names.table,
        IndexName: TABLE.indexes[0]?.name,
        KeyConditionExpression: '#g = :g',
      }),
      ...sdk('Http', 'DynamoDBDocumentClient', 'TransactWriteCommand', {
        TransactItems: [
          { Put: { TableName: names.table, Item: { [pk]: 'ENT#1' } } },
          { Update: { TableName: names.table, Key: { [pk]: 'ENT#1' } } },
        ],
      }),
      ...sdk('Http', 'SSMClient', 'GetParameterCommand', { Name: names.secret, WithDecryption: true }),
      ...sdk('Http', 'SSMClient', 'PutParameterCommand', { Name: names.secret, Overwrite: false }),
      ...sdk('Http', 'SESv2Client', 'SendEmailCommand', {
        FromEmailAddress: names.sender,
        Destination: { ToAddresses: ['someone@example.cn'] },
        Content: { Simple: {} },
      }),
      ...sdk('Http', 'S3Client', 'PutObjectCommand', { Bucket: names.bucket, Key: 'needs/ENT1/N1/f.pdf' }),
      ...sdk('Http', 'S3Client', 'GetObjectCommand', { Bucket: names.bucket, Key: 'imports/x.xlsx' }),
      ...sdk('Http', 'SFNClient', 'StartExecutionCommand', { stateMachineArn: names.lifecycle, name: 'e' }),
      ...sdk(
        'WaitStep',
        'SFNClient',
        'SendTaskSuccessCommand',
        { taskToken: 't' },
        {
          stateMachineForToken: () => names.lifecycle,
        },
      ),
      ...sdk(
        'NeedRemindStep',
        'SFNClient',
        'SendTaskSuccessCommand',
        { taskToken: 't' },
        {
          stateMachineForToken: () => names.needFlow,
        },
      ),
    ];
    const r = check(calls);
    expect(r.denied, formatDenied(r.denied)).toEqual([]);
  });

  it('denies a Scan, the secret to a wait step, another sender, and files outside needs/ and imports/', () => {
    const r = check([
      ...sdk('Http', 'DynamoDBClient', 'ScanCommand', { TableName: names.table }),
      ...sdk('WaitStep', 'SSMClient', 'GetParameterCommand', { Name: names.secret, WithDecryption: true }),
      ...sdk('Http', 'SESv2Client', 'SendEmailCommand', {
        FromEmailAddress: 'someone-else@example.cn',
        Destination: { ToAddresses: ['x@example.cn'] },
        Content: { Simple: {} },
      }),
      ...sdk('Http', 'S3Client', 'PutObjectCommand', { Bucket: names.bucket, Key: 'elsewhere/x' }),
      ...sdk('WaitStep', 'SFNClient', 'StartExecutionCommand', { stateMachineArn: names.lifecycle }),
    ]);
    const http = r.functions.find((f) => f.startsWith('Http'));
    const wait = r.functions.find((f) => f.startsWith('WaitStep'));
    expect(r.denied.map((d) => `${d.fn} ${d.action} ${d.resource}`)).toEqual([
      `${http} dynamodb:Scan arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${names.table}`,
      `${wait} ssm:GetParameter arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/Twin/secrets`,
      `${http} ses:SendEmail arn:aws:ses:${REGION}:${ACCOUNT}:identity/someone-else@example.cn`,
      `${http} s3:PutObject arn:aws:s3:::${names.bucket}/elsewhere/x`,
      `${wait} states:StartExecution ${names.lifecycle}`,
    ]);
    expect(r.denied[0]?.reason).toBe('no statement allows the action');
    expect(r.denied[2]?.reason).toMatch(/allows it only on/);
    // From the right identity with a different From address: the condition is what denies it.
    const from = check([
      {
        fn: 'Http',
        action: 'ses:SendEmail',
        resource: `arn:aws:ses:${REGION}:${ACCOUNT}:identity/${names.sender}`,
        context: { 'ses:FromAddress': 'someone-else@example.cn' },
      },
    ]);
    expect(from.denied[0]?.reason).toMatch(
      /condition fails: StringEquals ses:FromAddress \["aftercare@example.cn"\]/,
    );
  });

  it('lists the grants no call used', () => {
    const r = check(
      sdk('Http', 'DynamoDBClient', 'GetItemCommand', {
        TableName: names.table,
        Key: { [TABLE.partitionKey]: 'X' },
      }),
    );
    const http = r.unused.filter((u) => u.fn.startsWith('Http'));
    const tableArn = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${names.table}`;
    expect(http).toContainEqual(
      expect.objectContaining({ action: 'dynamodb:BatchGetItem', resource: tableArn }),
    );
    expect(http.some((u) => u.action === 'dynamodb:GetItem')).toBe(false);
    // Every other action granted to Http is listed: nothing else was called.
    const policy = Object.entries(template.Resources).find(
      ([k, res]) => res.Type === 'AWS::IAM::Policy' && k.startsWith('HttpRoleDefaultPolicy'),
    )?.[1];
    const document = policy?.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] };
    const granted = new Set(document.Statement.flatMap((s) => s.Action));
    granted.delete('dynamodb:GetItem');
    expect(new Set(http.map((u) => u.action))).toEqual(granted);
  });
});
