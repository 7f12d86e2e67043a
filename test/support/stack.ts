import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '#local/stack.ts';

/** A local stack on the run's DynamoDB Local, in a table of its own. */
export async function testStack(
  options: LocalStackOptions = {},
): Promise<LocalStack & { drop(): Promise<void> }> {
  const table = options.table ?? `stack-${randomUUID()}`;
  const stack = await startLocalStack({
    port: 0,
    dynamoEndpoint: inject('dynamoEndpoint'),
    dataDir: mkdtempSync(join(tmpdir(), 'aftercare-')),
    seed: false,
    // Reminders at 09:00 sharp, as the tests expect them; the spread has its own tests.
    remindSpreadMinutes: 0,
    mailSendRate: 0,
    ...options,
    table,
  });
  return {
    ...stack,
    drop: async () => {
      await stack.stop().catch(() => undefined);
      const { createDb } = await import('#shared/store/db.ts');
      const db = createDb({ table, region: 'local', endpoint: inject('dynamoEndpoint') });
      await db.doc.send(new DeleteTableCommand({ TableName: table }));
      db.doc.destroy();
    },
  };
}
