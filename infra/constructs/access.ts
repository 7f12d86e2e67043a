import { Stack } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { TABLE } from '#shared/store/table.ts';

/** What a function may do; each function is given only the ones its code uses. */
export type Capability =
  /** read and write items (never Scan: the app has no scan, and IAM makes sure of it) */
  | 'items'
  /** read the link-signing key (and the SMTP URL) */
  | 'secret'
  /** send email as the configured sender (SES mode) */
  | 'mail'
  /** read and write attachments and ledger uploads */
  | 'files'
  /** start executions and release waits on both state machines */
  | 'workflows'
  /** release waits only (the workflow's own steps) */
  | 'release';

export interface AccessResources {
  table: TableV2;
  secret: ISecret;
  bucket: IBucket;
  mail: { mode: 'ses' | 'smtp'; sender: string };
  machineArns: string[];
}

/** The table's item actions: no Scan, no table management. TransactWriteItems needs the per-item actions. */
const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

export function grant(fn: IGrantable, capabilities: Capability[], r: AccessResources): void {
  const add = (statement: PolicyStatement) => fn.grantPrincipal.addToPrincipalPolicy(statement);
  const stack = Stack.of(r.table);
  for (const capability of new Set(capabilities)) {
    switch (capability) {
      case 'items':
        add(
          new PolicyStatement({
            actions: ITEM_ACTIONS,
            // The table and each index by name: no wildcard.
            resources: [r.table.tableArn, ...TABLE.indexes.map((i) => `${r.table.tableArn}/index/${i.name}`)],
          }),
        );
        break;
      case 'secret':
        r.secret.grantRead(fn);
        break;
      case 'mail':
        if (r.mail.mode === 'ses') {
          const domain = r.mail.sender.split('@')[1] as string;
          add(
            new PolicyStatement({
              actions: ['ses:SendEmail'],
              // SES authorizes against the sender's identity: the address or its domain, whichever is verified.
              resources: [r.mail.sender, domain].map((name) =>
                stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name }),
              ),
              conditions: { StringEquals: { 'ses:FromAddress': r.mail.sender } },
            }),
          );
        }
        break;
      case 'files':
        add(
          new PolicyStatement({
            actions: ['s3:GetObject', 's3:PutObject'],
            // Object keys are generated (needs/<enterprise>/<need>/<id>, imports/<id>.xlsx): only these two prefixes.
            resources: [r.bucket.arnForObjects('needs/*'), r.bucket.arnForObjects('imports/*')],
          }),
        );
        add(
          new PolicyStatement({
            // So that a missing file reads as "not found" rather than "access denied".
            actions: ['s3:ListBucket'],
            resources: [r.bucket.bucketArn],
            conditions: { StringLike: { 's3:prefix': ['needs/*', 'imports/*'] } },
          }),
        );
        break;
      case 'workflows':
        add(
          new PolicyStatement({
            actions: ['states:StartExecution', 'states:SendTaskSuccess', 'states:SendTaskFailure'],
            resources: r.machineArns,
          }),
        );
        break;
      case 'release':
        add(new PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: r.machineArns }));
        break;
    }
  }
}
