/**
 * From an AWS SDK call (client, command, input) to the IAM requests AWS authorizes for it: action, resource ARN and
 * the condition keys the request carries. One SDK call can be several IAM requests (a DynamoDB transaction is one
 * per item; SES SendEmail with a configuration set is one on the identity and one on the configuration set).
 *
 * Sources:
 * - DynamoDB: Developer Guide, "Using IAM with DynamoDB transactions" — Put, Update, Delete and Get inside
 *   TransactWriteItems / TransactGetItems are authorized as PutItem, UpdateItem, DeleteItem, GetItem, a
 *   ConditionCheck as ConditionCheckItem, each with `dynamodb:EnclosingOperation`; there is no TransactWriteItems
 *   action. "Using IAM policy conditions for fine-grained access control" — `dynamodb:LeadingKeys` is the partition
 *   key value(s) of the items. Resource: the table ARN, or `…/table/T/index/I` for a Query or Scan with IndexName.
 * - SES: Service Authorization Reference, SendEmail (`identity*`, `configuration-set`, `template`) and its keys
 *   `ses:FromAddress`, `ses:FromDisplayName`, `ses:Recipients`, `ses:FeedbackAddress`, `ses:ApiVersion`; a send with
 *   a configuration set is also authorized on the configuration set's ARN (the AccessDenied reads "… on resource
 *   arn:aws:ses:…:configuration-set/…", e.g. aws/aws-cdk#34402) — including the identity's default configuration
 *   set when the request names none.
 * - S3: object ARN `arn:aws:s3:::bucket/key`; ListObjectsV2 is `s3:ListBucket` on the bucket with `s3:prefix`.
 * - Secrets Manager: the secret's full ARN (with its six-character suffix), `secretsmanager:SecretId` as passed.
 * - Systems Manager Parameter Store: GetParameter and PutParameter on `parameter/<name without its leading slash>`
 *   (Service Authorization Reference); PutParameter with `ssm:Overwrite`.
 * - Lambda: Service Authorization Reference, Invoke is `lambda:InvokeFunction` on the `function` resource (the ARN,
 *   with `:version` or `:alias` when one is named), whatever the invocation type (synchronous or Event).
 * - Step Functions: StartExecution on the state machine ARN; SendTask* on the state machine of the token's
 *   execution (see ENFORCED_RESOURCE_TYPES in check.ts) — the token is opaque, so the recorder must say which.
 */
import type { AwsCall } from './check.ts';

export type IamRequest = Omit<AwsCall, 'fn'>;

export interface SdkCall {
  /** The client: `DynamoDBClient`, `DynamoDB`, `S3Client`, `SESv2Client`, `SSMClient`, `SFNClient`. */
  client: string;
  /** The command: `GetItemCommand`, `GetItem`, or a document client's `GetCommand`. */
  command: string;
  input: Record<string, unknown>;
}

export interface MappingOptions {
  account: string;
  region: string;
  partition: string;
  /** Each table's partition key attribute, for `dynamodb:LeadingKeys` (by table name or ARN). */
  partitionKeys?: Record<string, string>;
  /** Which SES identity the From address is sent as: the address itself (default) or its domain. */
  sesIdentity?: 'address' | 'domain';
  /** The configuration set the sending identity has as its default, if any (SES applies it when none is named). */
  sesDefaultConfigurationSet?: string;
  /** The state machine (or activity) ARN whose execution issued a task token. */
  stateMachineForToken?: (token: string) => string | undefined;
}

const DOCUMENT_COMMANDS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
  Query: 'Query',
  Scan: 'Scan',
};

/** A key attribute's value, marshalled (`{ S: 'x' }`) or not (`'x'`). */
function scalar(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const m = v as Record<string, unknown>;
    for (const t of ['S', 'N', 'B']) if (m[t] !== undefined) return String(m[t]);
    return undefined;
  }
  return String(v);
}

/** `Name <a@b.cn>` → `a@b.cn`. */
const address = (s: string) => /<([^>]+)>/.exec(s)?.[1]?.trim() ?? s.trim();
const displayName = (s: string) => /^\s*"?([^"<]*?)"?\s*</.exec(s)?.[1];

export function iamRequests(call: SdkCall, o: MappingOptions): IamRequest[] {
  const service = call.client.replace(/Client$/, '');
  let command = call.command.replace(/Command$/, '');
  const input = call.input;
  const arn = (svc: string, resource: string) =>
    `arn:${o.partition}:${svc}:${o.region}:${o.account}:${resource}`;

  switch (service) {
    case 'DynamoDB':
    case 'DynamoDBDocument': {
      command = DOCUMENT_COMMANDS[command] ?? command;
      const tableArn = (name: string) => (name.startsWith('arn:') ? name : arn('dynamodb', `table/${name}`));
      const pkOf = (table: string, item: unknown) => {
        const attr = o.partitionKeys?.[table] ?? o.partitionKeys?.[tableArn(table)];
        return attr ? scalar((item as Record<string, unknown> | undefined)?.[attr]) : undefined;
      };
      const item = (
        action: string,
        table: string,
        key: unknown,
        extra: Record<string, string | string[]> = {},
      ) => {
        const pk = pkOf(table, key);
        return {
          action: `dynamodb:${action}`,
          resource: tableArn(table),
          context: { ...(pk !== undefined ? { 'dynamodb:LeadingKeys': [pk] } : {}), ...extra },
        };
      };
      const options = (i: Record<string, unknown>) => ({
        ...(typeof i.ReturnValues === 'string' ? { 'dynamodb:ReturnValues': i.ReturnValues } : {}),
        ...(typeof i.Select === 'string' ? { 'dynamodb:Select': i.Select } : {}),
      });
      const table = String(input.TableName ?? '');
      switch (command) {
        case 'GetItem':
        case 'DeleteItem':
        case 'UpdateItem':
          return [item(command, table, input.Key, options(input))];
        case 'PutItem':
          return [item(command, table, input.Item, options(input))];
        case 'Query':
        case 'Scan': {
          const index = typeof input.IndexName === 'string' ? `/index/${input.IndexName}` : '';
          const pk = command === 'Query' && !index ? queryPartitionKey(table, input, o) : undefined;
          return [
            {
              action: `dynamodb:${command}`,
              resource: `${tableArn(table)}${index}`,
              context: { ...(pk !== undefined ? { 'dynamodb:LeadingKeys': [pk] } : {}), ...options(input) },
            },
          ];
        }
        case 'BatchGetItem':
        case 'BatchWriteItem': {
          const requests = input.RequestItems as Record<string, unknown>;
          return Object.entries(requests).map(([t, r]) => {
            const keys =
              command === 'BatchGetItem'
                ? ((r as { Keys: unknown[] }).Keys ?? [])
                : (r as { PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }[]).map(
                    (w) => w.PutRequest?.Item ?? w.DeleteRequest?.Key,
                  );
            const pks = [...new Set(keys.map((k) => pkOf(t, k)).filter((k): k is string => k !== undefined))];
            const context: Record<string, string[]> = pks.length ? { 'dynamodb:LeadingKeys': pks } : {};
            return {
              action: `dynamodb:${command}`,
              resource: tableArn(t),
              context,
            };
          });
        }
        case 'TransactWriteItems':
        case 'TransactGetItems': {
          const enclosing = { 'dynamodb:EnclosingOperation': command };
          return (input.TransactItems as Record<string, Record<string, unknown>>[]).map((entry) => {
            const [kind, op] = Object.entries(entry)[0] as [string, Record<string, unknown>];
            const action = {
              Put: 'PutItem',
              Update: 'UpdateItem',
              Delete: 'DeleteItem',
              ConditionCheck: 'ConditionCheckItem',
              Get: 'GetItem',
            }[kind];
            if (!action) throw new Error(`unknown ${command} item ${kind}`);
            return item(action, String(op.TableName), kind === 'Put' ? op.Item : op.Key, enclosing);
          });
        }
      }
      break;
    }
    case 'S3': {
      const bucket = String(input.Bucket);
      const object = `arn:${o.partition}:s3:::${bucket}/${String(input.Key)}`;
      const versioned = typeof input.VersionId === 'string';
      switch (command) {
        case 'GetObject':
        case 'HeadObject':
          return [{ action: versioned ? 's3:GetObjectVersion' : 's3:GetObject', resource: object }];
        case 'PutObject':
        case 'CreateMultipartUpload':
        case 'UploadPart':
        case 'CompleteMultipartUpload':
          return [
            {
              action: 's3:PutObject',
              resource: object,
              context: {
                ...(typeof input.ServerSideEncryption === 'string'
                  ? { 's3:x-amz-server-side-encryption': input.ServerSideEncryption }
                  : {}),
                ...(typeof input.StorageClass === 'string'
                  ? { 's3:x-amz-storage-class': input.StorageClass }
                  : {}),
                ...(typeof input.ACL === 'string' ? { 's3:x-amz-acl': input.ACL } : {}),
              },
            },
          ];
        case 'DeleteObject':
          return [{ action: versioned ? 's3:DeleteObjectVersion' : 's3:DeleteObject', resource: object }];
        case 'ListObjectsV2':
        case 'ListObjects':
          return [
            {
              action: 's3:ListBucket',
              resource: `arn:${o.partition}:s3:::${bucket}`,
              context: {
                ...(typeof input.Prefix === 'string' ? { 's3:prefix': input.Prefix } : {}),
                ...(typeof input.Delimiter === 'string' ? { 's3:delimiter': input.Delimiter } : {}),
              },
            },
          ];
      }
      break;
    }
    case 'SESv2': {
      if (command !== 'SendEmail') break;
      const from = String(input.FromEmailAddress ?? '');
      const fromAddress = address(from);
      const identity =
        typeof input.FromEmailAddressIdentityArn === 'string'
          ? input.FromEmailAddressIdentityArn
          : arn('ses', `identity/${o.sesIdentity === 'domain' ? fromAddress.split('@')[1] : fromAddress}`);
      const destination = (input.Destination ?? {}) as Record<string, string[] | undefined>;
      const recipients = [
        ...(destination.ToAddresses ?? []),
        ...(destination.CcAddresses ?? []),
        ...(destination.BccAddresses ?? []),
      ].map(address);
      const name = displayName(from);
      const context = {
        'ses:ApiVersion': '2',
        'ses:FromAddress': fromAddress,
        ...(name ? { 'ses:FromDisplayName': name } : {}),
        ...(recipients.length ? { 'ses:Recipients': recipients } : {}),
        ...(typeof input.FeedbackForwardingEmailAddress === 'string'
          ? { 'ses:FeedbackAddress': input.FeedbackForwardingEmailAddress }
          : {}),
      };
      // Raw content is authorized as ses:SendRawEmail (AccessDenied on ses:SendRawEmail for a v2 SendEmail with raw
      // content: anymail/django-anymail#384, aws/aws-actionmailer-ses-ruby#10), simple and templated as SendEmail.
      const content = (input.Content ?? {}) as Record<string, unknown>;
      const action = content.Raw ? 'ses:SendRawEmail' : 'ses:SendEmail';
      const configurationSet =
        typeof input.ConfigurationSetName === 'string'
          ? input.ConfigurationSetName
          : o.sesDefaultConfigurationSet;
      const template = content.Template as { TemplateName?: string; TemplateArn?: string } | undefined;
      return [
        { action, resource: identity, context },
        ...(configurationSet
          ? [{ action, resource: arn('ses', `configuration-set/${configurationSet}`), context }]
          : []),
        ...(template?.TemplateArn || template?.TemplateName
          ? [
              {
                action,
                resource: template.TemplateArn ?? arn('ses', `template/${template.TemplateName}`),
                context,
              },
            ]
          : []),
      ];
    }
    case 'SecretsManager': {
      if (command !== 'GetSecretValue' && command !== 'DescribeSecret') break;
      const id = String(input.SecretId);
      if (!id.startsWith('arn:')) {
        throw new Error(
          `${command} by name (${id}): record the secret's full ARN, which IAM authorizes against`,
        );
      }
      return [
        {
          action: `secretsmanager:${command}`,
          resource: id,
          context: {
            'secretsmanager:SecretId': id,
            ...(typeof input.VersionId === 'string' ? { 'secretsmanager:VersionId': input.VersionId } : {}),
            ...(typeof input.VersionStage === 'string'
              ? { 'secretsmanager:VersionStage': input.VersionStage }
              : {}),
          },
        },
      ];
    }
    case 'SSM': {
      if (command !== 'GetParameter' && command !== 'PutParameter') break;
      // `parameter/${ParameterNameWithoutLeadingSlash}`; PutParameter carries `ssm:Overwrite` as asked.
      const name = String(input.Name).replace(/^\//, '');
      return [
        {
          action: `ssm:${command}`,
          resource: arn('ssm', `parameter/${name}`),
          context:
            command === 'PutParameter'
              ? { 'ssm:Overwrite': input.Overwrite === true ? 'true' : 'false' }
              : {},
        },
      ];
    }
    case 'SFN': {
      switch (command) {
        case 'StartExecution':
        case 'StartSyncExecution': {
          const machine = String(input.stateMachineArn);
          // `stateMachine:name:qualifier` is a version or an alias.
          const qualifier = machine.split(':')[7];
          return [
            {
              action: `states:${command}`,
              resource: machine,
              context: qualifier ? { 'states:StateMachineQualifier': qualifier } : {},
            },
          ];
        }
        case 'SendTaskSuccess':
        case 'SendTaskFailure':
        case 'SendTaskHeartbeat':
          return [
            {
              action: `states:${command}`,
              resource: o.stateMachineForToken?.(String(input.taskToken)) ?? '*',
            },
          ];
      }
      break;
    }
    case 'Lambda': {
      if (command !== 'Invoke') break;
      // FunctionName is a name, a full ARN or a partial one (`account:function:name`), optionally `:qualifier`.
      const name = String(input.FunctionName);
      const qualifier = typeof input.Qualifier === 'string' ? `:${input.Qualifier}` : '';
      const resource = name.startsWith('arn:')
        ? name
        : name.includes(':function:')
          ? `arn:${o.partition}:lambda:${o.region}:${name}`
          : arn('lambda', `function:${name}`);
      return [{ action: 'lambda:InvokeFunction', resource: `${resource}${qualifier}` }];
    }
  }
  throw new Error(`no IAM mapping for ${call.client} ${call.command}`);
}

/** A Query's partition key value from `KeyConditionExpression` (`#pk = :pk` or `pk = :v`), when it can tell. */
function queryPartitionKey(
  table: string,
  input: Record<string, unknown>,
  o: MappingOptions,
): string | undefined {
  const attr = o.partitionKeys?.[table];
  const expression = input.KeyConditionExpression;
  if (!attr || typeof expression !== 'string') return undefined;
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  for (const m of expression.matchAll(/([#\w.]+)\s*=\s*(:\w+)/g)) {
    const name = (m[1] as string).startsWith('#') ? names[m[1] as string] : m[1];
    if (name === attr) return scalar(values[m[2] as string]);
  }
  return undefined;
}
