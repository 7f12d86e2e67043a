import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { isOutboxWrite } from './outbox.ts';
import { TABLE } from './table.ts';

/**
 * Which partitions each call on a table client touches, and how many units: for the benchmark's province day
 * (issue 18). Only the store knows the layout, so this is where a call's input is read for its keys: `table:<PK>`
 * or `<index>:<index PK>`, with DynamoDB's own figures for reads (`ReturnConsumedCapacity`) and, for writes, the
 * item's size in 1 KB units (twice in a transaction) on the table and on every index whose key it carries, as
 * DynamoDB bills them — each written item read back through `look`, which is not watched.
 */
export type PartitionUnits = Map<string, { read: number; write: number }>;

const keyOf = (index: string, pk: string) => `${index}:${pk}`;
const itemBytes = (item: Record<string, unknown>) => Buffer.byteLength(JSON.stringify(item));
const addTo = (m: PartitionUnits, k: string, u: { read?: number; write?: number }) => {
  const v = m.get(k) ?? { read: 0, write: 0 };
  v.read += u.read ?? 0;
  v.write += u.write ?? 0;
  m.set(k, v);
};

/** After each call on `db` while `watching()` (outbox writes apart), `sink` gets the partitions it touched. */
export function watchPartitions(
  db: Db,
  look: Db,
  watching: () => boolean,
  sink: (touched: PartitionUnits) => void,
): void {
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const on = watching();
      if (on) input.ReturnConsumedCapacity = 'INDEXES';
      const out = await next(args);
      if (!on || isOutboxWrite(input)) return out;
      // The document client's commands as the service names them (GetItemCommand…), or as its own (GetCommand…).
      const command = String(context.commandName)
        .replace(/^(Get|Put|Update|Delete)ItemCommand$/, '$1Command')
        .replace(/^BatchGetItemCommand$/, 'BatchGetCommand')
        .replace(/^TransactWriteItemsCommand$/, 'TransactWriteCommand');
      const output = out.output as { ConsumedCapacity?: unknown };
      const consumed = [output.ConsumedCapacity ?? []].flat() as { CapacityUnits?: number }[];
      const units = consumed.reduce((s, c) => s + Number(c.CapacityUnits ?? 0), 0);
      // Per event, the units on each key: gathered here, then folded into the recorder's maps.
      const touched: PartitionUnits = new Map();
      if (command === 'GetCommand') {
        addTo(touched, keyOf('table', String((input.Key as { PK: string }).PK)), { read: units });
      } else if (command === 'QueryCommand') {
        const index = (input.IndexName as string | undefined) ?? 'table';
        const m = /^\s*#?(\w+)\s*=\s*(:\w+)/.exec(String(input.KeyConditionExpression));
        const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
        const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
        const pk = m ? String(values[m[2] as string] ?? names[`#${m[1]}`] ?? '?') : '?';
        addTo(touched, keyOf(index, pk), { read: units });
      } else if (command === 'BatchGetCommand') {
        const ks = Object.values(input.RequestItems as Record<string, { Keys: { PK: string }[] }>).flatMap(
          (r) => r.Keys,
        );
        for (const k of ks) addTo(touched, keyOf('table', k.PK), { read: units / Math.max(1, ks.length) });
      } else {
        // Writes: each item written costs its size in write units (1 KB each, twice in a transaction), on the table
        // and on every index whose key it carries — read back after the write to see them.
        const transactional = command === 'TransactWriteCommand';
        const writes: { Key: { PK: string; SK: string } }[] = [];
        if (command === 'PutCommand') {
          const item = input.Item as { PK: string; SK: string };
          writes.push({ Key: { PK: item.PK, SK: item.SK } });
        } else if (command === 'UpdateCommand' || command === 'DeleteCommand') {
          writes.push({ Key: input.Key as { PK: string; SK: string } });
        } else if (transactional) {
          for (const t of input.TransactItems as Record<string, { Key?: unknown; Item?: unknown }>[]) {
            const op = t.Put ?? t.Update ?? t.Delete;
            if (!op) continue; // a ConditionCheck reads; its units are small beside the writes
            const key = (op.Key ?? op.Item) as { PK: string; SK: string };
            writes.push({ Key: { PK: key.PK, SK: key.SK } });
          }
        }
        for (const w of writes) {
          const back = (await look.doc.send(new GetCommand({ TableName: look.table, Key: w.Key }))).Item;
          const kb = Math.max(1, Math.ceil((back ? itemBytes(back) : 100) / 1024)) * (transactional ? 2 : 1);
          addTo(touched, keyOf('table', w.Key.PK), { write: kb });
          for (const index of TABLE.indexes) {
            const pk = back?.[index.partitionKey];
            if (typeof pk === 'string') addTo(touched, keyOf(index.name, pk), { write: kb });
          }
        }
      }
      sink(touched);
      return out;
    },
    { step: 'initialize', name: 'partitionWatcher' },
  );
}

/** Whose partition a key (`table:<PK>`, `<index>:<PK>`) is: a department's, a person's, or an enterprise's or item's. */
export const partitionOwner = (key: string): 'department' | 'person' | 'item' =>
  key.includes('DEPT#') ? 'department' : key.includes('STAFF#') ? 'person' : 'item';
