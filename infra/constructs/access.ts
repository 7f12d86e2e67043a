import { Stack } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { DELETABLE_PARTITIONS } from '#shared/store/keys.ts';
import type { TABLE } from '#shared/store/table.ts';

export type Machine = 'lifecycle' | 'needFlow';
type IndexName = (typeof TABLE.indexes)[number]['name'];

/**
 * What one function's code does with AWS, and so all its role may do: each grant is an action its code makes,
 * checked call by call in the AWS twin (`test/aws/twin.test.ts` records every SDK call and evaluates it against
 * the synthesized role). No Scan anywhere, no BatchWriteItem, no table management, no wildcard resources.
 */
export interface Access {
  /** Item actions on the table. TransactWriteItems is authorized per item (Put/Update/Delete), so it has none. */
  items?: ('GetItem' | 'BatchGetItem' | 'PutItem' | 'UpdateItem')[];
  /** Query on the table itself and on these indexes. */
  query?: ('table' | IndexName)[];
  /** The partitions it deletes from (`dynamodb:LeadingKeys`); it may delete nothing else. */
  deletes?: (typeof DELETABLE_PARTITIONS)[number][];
  /** Reads the link-signing key (and the SMTP URL). */
  secret?: boolean;
  /** Sends email as the configured sender (SES mode). */
  mail?: boolean;
  /** Reads and writes attachments and ledger uploads. */
  files?: boolean;
  /** Starts executions of these state machines. */
  start?: Machine[];
  /** Releases waits (SendTaskSuccess) of these state machines' executions. */
  release?: Machine[];
  /**
   * Grants the twin's scenario does not reach, each with the code path that needs it (`action` → why). The twin
   * test accepts an unused grant only if it is named here.
   */
  rarely?: Record<string, string>;
}

export interface AccessResources {
  table: TableV2;
  secret: ISecret;
  bucket: IBucket;
  mail: { mode: 'ses' | 'smtp'; sender: string; identity: 'create' | 'existing'; configurationSet?: string };
  machineArns: Record<Machine, string>;
}

export function grant(fn: IGrantable, access: Access, r: AccessResources): void {
  const add = (statement: PolicyStatement) => fn.grantPrincipal.addToPrincipalPolicy(statement);
  const stack = Stack.of(r.table);
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
    // GetSecretValue only (grantRead would add DescribeSecret, which no code calls).
    add(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [r.secret.secretArn] }));
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
    add(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        // Object keys are generated (needs/<enterprise>/<need>/<id>, imports/<id>.xlsx): only these two prefixes.
        resources: [r.bucket.arnForObjects('needs/*'), r.bucket.arnForObjects('imports/*')],
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
    add(
      new PolicyStatement({
        actions: ['states:StartExecution'],
        resources: access.start.map((m) => r.machineArns[m]),
      }),
    );
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
