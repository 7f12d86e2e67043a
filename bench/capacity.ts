import type { Db } from '#shared/store/db.ts';

/** Read and write units DynamoDB reports for every call made through a Db (ReturnConsumedCapacity: TOTAL). */
export interface CapacityMeter {
  read: number;
  write: number;
  calls: number;
  reset(): void;
}

const READS = new Set([
  'GetCommand',
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetCommand',
  'BatchGetItemCommand',
  'TransactGetCommand',
  'TransactGetItemsCommand',
]);

export function meterCapacity(
  db: Db,
  /** Which calls to count (e.g. not the local outbox, which is SES on AWS). */
  counts: (input: Record<string, unknown>) => boolean = () => true,
): CapacityMeter {
  const meter: CapacityMeter = {
    read: 0,
    write: 0,
    calls: 0,
    reset() {
      meter.read = 0;
      meter.write = 0;
      meter.calls = 0;
    },
  };
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const out = await next(args);
      const consumed = (out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      const units = [consumed ?? []]
        .flat()
        .reduce((sum: number, c) => sum + Number((c as { CapacityUnits?: number }).CapacityUnits ?? 0), 0);
      if (!counts(input)) return out;
      meter.calls++;
      if (READS.has(String(context.commandName))) meter.read += units;
      else meter.write += units;
      return out;
    },
    { step: 'initialize', name: 'benchCapacityMeter' },
  );
  return meter;
}
