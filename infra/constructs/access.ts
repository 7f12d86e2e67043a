import { Stack } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Access, Invoked, Workflow } from '#functions/access.ts';
import type { Config } from '#shared/config/config.ts';
import type { DeployConfig } from '../config.ts';

export interface AccessResources {
  table: TableV2;
  /** The Parameter Store SecureString with the link-signing key and the mail and channel credentials. */
  secrets: { parameterName: string; parameterArn: string };
  bucket: IBucket;
  mail: {
    mode: 'ses' | 'smtp';
    sender: string;
    identity: 'create' | 'existing';
    configurationSet?: string;
    /** The other channels' settings (`channels` in the deploy config), bound with the mail. */
    channels?: DeployConfig['channels'];
  };
  machineArns: Record<Workflow, string>;
  /** The functions others invoke asynchronously (built before any is bound). */
  invoked?: Partial<Record<Invoked, LambdaFunction>>;
}

/** The variable that names each state machine, for the functions that start it. */
const MACHINE_VARIABLES = {
  lifecycle: 'LIFECYCLE_ARN',
  needFlow: 'NEED_FLOW_ARN',
} as const satisfies Record<Workflow, keyof Config>;

/** The variable that names each asynchronously invoked function, for the functions that invoke it. */
const INVOKED_VARIABLES = {
  signInMail: 'SIGN_IN_MAIL_FUNCTION',
  ledgerImport: 'LEDGER_IMPORT_FUNCTION',
} as const satisfies Record<Invoked, keyof Config>;

/**
 * Bind a function to what its code uses, each grant in one place: the IAM statement and the environment variable(s)
 * the adapter behind it reads (as Powertools' `bindTable({ table, accessMode })` adds TABLE_NAME with the grant). So
 * a function has a variable exactly when its role may use it, and configuration and IAM cannot drift apart: the
 * table → TABLE_NAME; the secret → SECRETS_PARAMETER; mail → MAIL_MODE, MAIL_FROM (and MAIL_CONFIGURATION_SET with SES
 * events, and the WeCom/DingTalk/SMS settings once configured); files → ATTACHMENTS_BUCKET; starting a workflow → its state machine's ARN; invoking a function
 * asynchronously → its ARN. Releasing a wait (SendTaskSuccess) needs the token only: no variable.
 */
export function bind(fn: LambdaFunction, access: Access, r: AccessResources): void {
  const add = (statement: PolicyStatement) => fn.grantPrincipal.addToPrincipalPolicy(statement);
  const variable = (name: keyof Config, value: string) => fn.addEnvironment(name, value);
  const stack = Stack.of(r.table);
  if (access.items?.length || access.query?.length || access.deletes?.length) {
    variable('TABLE_NAME', r.table.tableName);
  }
  if (access.items?.length) {
    add(
      new PolicyStatement({
        actions: access.items.map((a) => `dynamodb:${a}`),
        resources: [r.table.tableArn],
      }),
    );
  }
  if (access.query?.length) {
    add(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: access.query.map((q) =>
          q === 'table' ? r.table.tableArn : `${r.table.tableArn}/index/${q}`,
        ),
      }),
    );
  }
  if (access.deletes?.length) {
    add(
      new PolicyStatement({
        actions: ['dynamodb:DeleteItem'],
        resources: [r.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': access.deletes },
          // ForAllValues holds vacuously for a request without the key: require it.
          Null: { 'dynamodb:LeadingKeys': 'false' },
        },
      }),
    );
  }
  if (access.secret) {
    variable('SECRETS_PARAMETER', r.secrets.parameterName);
    // Read, and create if absent (the first reader makes the signing key: `shared/config/secrets.ts`); the AWS
    // managed key that encrypts it lets every principal of the account decrypt through Parameter Store, so no KMS
    // statement. PutParameter never overwrites here (the code asks Overwrite=false).
    add(
      new PolicyStatement({
        actions: ['ssm:GetParameter', 'ssm:PutParameter'],
        resources: [r.secrets.parameterArn],
      }),
    );
  }
  if (access.mail) {
    variable('MAIL_MODE', r.mail.mode);
    variable('MAIL_FROM', r.mail.sender);
    if (r.mail.configurationSet) variable('MAIL_CONFIGURATION_SET', r.mail.configurationSet);
    const c = r.mail.channels ?? {};
    if (c.wecom) {
      variable('WECOM_CORP_ID', c.wecom.corpId);
      variable('WECOM_AGENT_ID', String(c.wecom.agentId));
    }
    if (c.dingtalk) variable('DINGTALK_AGENT_ID', String(c.dingtalk.agentId));
    if (c.sms) {
      variable('SMS_SIGN_NAME', c.sms.signName);
      variable('SMS_TEMPLATE_CODE', c.sms.templateCode);
    }
    if ((c.wecom || c.dingtalk || c.sms) && !access.secret) {
      throw new Error(`${fn.node.id}: the channels' credentials are in the secret — grant it the secret too`);
    }
    if (r.mail.mode === 'smtp' && !access.secret) {
      throw new Error(`${fn.node.id}: smtp mail is sent with the secret's smtpUrl — grant it the secret too`);
    }
  }
  if (access.mail && r.mail.mode === 'ses') {
    const domain = r.mail.sender.split('@')[1] as string;
    // SES authorizes against the identity a send uses: the address's own identity when the stack creates it; for
    // an identity verified beforehand, the address or its domain, whichever it is.
    const identities = r.mail.identity === 'create' ? [r.mail.sender] : [r.mail.sender, domain];
    add(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          ...identities.map((name) =>
            stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name }),
          ),
          // A send that names a configuration set is authorized on it too.
          ...(r.mail.configurationSet
            ? [
                stack.formatArn({
                  service: 'ses',
                  resource: 'configuration-set',
                  resourceName: r.mail.configurationSet,
                }),
              ]
            : []),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': r.mail.sender } },
      }),
    );
  }
  if (access.files) {
    variable('ATTACHMENTS_BUCKET', r.bucket.bucketName);
    add(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        // Object keys are generated (needs/<enterprise>/<need>/<id>, funds/<enterprise>/<report>/<id>,
        // imports/<id>.xlsx): only these three prefixes.
        resources: [
          r.bucket.arnForObjects('needs/*'),
          r.bucket.arnForObjects('funds/*'),
          r.bucket.arnForObjects('imports/*'),
        ],
      }),
    );
    add(
      new PolicyStatement({
        // Not called by our code: S3 answers a GetObject for a missing key with NoSuchKey (a "not found" page)
        // only if the caller may list the bucket, and with AccessDenied otherwise. That check carries no
        // s3:prefix, so the grant has no prefix condition (the bucket holds nothing but these two prefixes).
        actions: ['s3:ListBucket'],
        resources: [r.bucket.bucketArn],
      }),
    );
  }
  if (access.start?.length) {
    for (const m of access.start) variable(MACHINE_VARIABLES[m], r.machineArns[m]);
    add(
      new PolicyStatement({
        actions: ['states:StartExecution'],
        resources: access.start.map((m) => r.machineArns[m]),
      }),
    );
  }
  if (access.invoke?.length) {
    const targets = access.invoke.map((name) => {
      const target = r.invoked?.[name];
      if (!target) throw new Error(`${fn.node.id} invokes ${name}, which is not built`);
      variable(INVOKED_VARIABLES[name], target.functionArn);
      return target.functionArn;
    });
    // InvokeFunction on the functions themselves (no versions or aliases: none is published).
    add(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: targets }));
  }
  if (access.release?.length) {
    // SendTaskSuccess is scoped to the state machines, not "*": Step Functions authorizes it against the state
    // machine whose execution issued the task token, although the Service Authorization Reference lists no resource
    // type for it (so the IAM policy simulator asks for "*"). Sources: Step Functions Developer Guide, "Creating
    // granular permissions for non-admin users" (these actions "require the ARN of the activity or the token of the
    // instance"); aws/aws-cdk#8486 (tested: grantTaskResponse scopes them to the state machine ARN); AccessDenied
    // messages for callback tokens name "…:stateMachine:<name>". test/aws/iam/check.ts checks them the same way.
    add(
      new PolicyStatement({
        actions: ['states:SendTaskSuccess'],
        resources: access.release.map((m) => r.machineArns[m]),
      }),
    );
  }
}
