import { DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from '../aws/clients.ts';

/** What every store function needs: a document client and the table's name. */
export interface Db {
  readonly doc: DynamoDBDocumentClient;
  readonly table: string;
  /** How long the staff list read for workflow messages is kept (`listStaffForMessages`); 0 or unset: never. */
  readonly staffListMaxAgeMs?: number;
}

/** One write of a transaction, as TransactWriteItems takes it. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface DbConfig {
  table: string;
  region: string;
  /** Set locally (DynamoDB Local); unset on AWS. */
  endpoint?: string;
  staffListMaxAgeMs?: number;
}

export function createDb(config: DbConfig): Db {
  const client = dynamoClient({
    region: config.region,
    ...(config.endpoint
      ? { endpoint: config.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { doc, table: config.table, staffListMaxAgeMs: config.staffListMaxAgeMs ?? 0 };
}

/** Strip the table's key and index attributes from a stored item before it is parsed as a domain object. */
export function stripKeys<T extends Record<string, unknown>>(item: T): Record<string, unknown> {
  const { PK, SK, GSI1PK, GSI1SK, GSI2PK, GSI2SK, GSI3PK, GSI3SK, type, expiresAt, ...rest } = item;
  return rest;
}
