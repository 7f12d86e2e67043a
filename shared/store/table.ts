import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The one table's shape, defined once: the CDK stack and the local setup both build the table from this.
 * Every index is overloaded (see the access-pattern table in the README) and sparse: an item appears in an
 * index only while it carries that index's key attributes (e.g. a task only while it is open).
 */
export const TABLE = {
  partitionKey: 'PK',
  sortKey: 'SK',
  ttlAttribute: 'expiresAt',
  indexes: [
    {
      name: 'GSI1',
      partitionKey: 'GSI1PK',
      sortKey: 'GSI1SK',
      serves: 'zone: open items by due date; enterprises by stage; needs awaiting a return visit',
    },
    {
      name: 'GSI2',
      partitionKey: 'GSI2PK',
      sortKey: 'GSI2SK',
      serves: 'department: open items by due date; enterprises by lead department',
    },
    {
      name: 'GSI3',
      partitionKey: 'GSI3PK',
      sortKey: 'GSI3SK',
      serves: 'officer: open items by due date; enterprises served',
    },
  ],
} as const;

export type IndexName = (typeof TABLE.indexes)[number]['name'];

export function createTableInput(tableName: string): CreateTableCommandInput {
  const attributes = [
    TABLE.partitionKey,
    TABLE.sortKey,
    ...TABLE.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE.indexes.map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' },
        { AttributeName: i.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/** A time as DynamoDB's TTL reads it (`TABLE.ttlAttribute`): epoch seconds, `days` after `from`. */
export const epochSeconds = (from: Date, days = 0) => Math.floor(from.getTime() / 1000) + days * 86_400;
