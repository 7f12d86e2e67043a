import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '#local/dynamodb.ts';
import { createDb, type Db } from '#shared/store/db.ts';

/** A fresh table in the run's DynamoDB Local, and a function that drops it. */
export async function freshDb(): Promise<Db & { drop(): Promise<void> }> {
  const endpoint = inject('dynamoEndpoint');
  const table = `test-${randomUUID()}`;
  await ensureTable(endpoint, table);
  const db = createDb({ table, region: 'local', endpoint });
  return {
    ...db,
    drop: async () => {
      await db.doc.send(new DeleteTableCommand({ TableName: table }));
      db.doc.destroy();
    },
  };
}
