import { HttpResponse } from '@smithy/core/protocols';
import type { SdkStack } from '#shared/aws/plugins.ts';

/**
 * AWS's transient failures, injected: an SDK plugin (registered with `registerSdkPlugin` before the app creates its
 * clients) that answers some DynamoDB requests the way DynamoDB does under contention and load, with the service's
 * own error bodies, so the SDK's deserializer and retry strategy and the app's error handling see exactly what
 * they would see on AWS. DynamoDB Local never cancels a transaction for a conflict; DynamoDB does. Used by the
 * AWS twin, by the fault tests, and by `FAULT_RATE=… npm start` to try the app under them.
 */

export type DynamoFault =
  | 'TransactionConflict'
  | 'ThrottlingException'
  | 'ProvisionedThroughputExceededException';

export interface FaultOptions {
  /** Chance that a DynamoDB request is answered with a fault instead of being sent. */
  rate: number;
  /** Which faults (default: all three). TransactionConflict applies to TransactWriteItems only. */
  kinds?: DynamoFault[];
  random?: () => number;
  /** Counts what was injected. */
  injected?: Record<string, number>;
}

const PREFIX = 'com.amazonaws.dynamodb.v20120810#';

function faultBody(kind: DynamoFault, itemCount: number) {
  if (kind === 'TransactionConflict') {
    // As DynamoDB reports it: the transaction cancelled, one reason per item, the conflicting one named.
    const reasons = Array.from({ length: itemCount }, (_, i) =>
      i === 0
        ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }
        : { Code: 'None' },
    );
    return {
      __type: `${PREFIX}TransactionCanceledException`,
      Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
      CancellationReasons: reasons,
    };
  }
  if (kind === 'ThrottlingException') {
    return {
      __type: 'com.amazon.coral.availability#ThrottlingException',
      message: 'Rate of requests exceeds the allowed throughput.',
    };
  }
  return {
    __type: `${PREFIX}ProvisionedThroughputExceededException`,
    message: 'The level of configured provisioned throughput for the table was exceeded.',
  };
}

/** Numbers each use of the plugin, so that a client given it twice names its middleware apart. */
let plugins = 0;

/**
 * DynamoDB failing as it does on AWS, before the request is sent (so nothing is applied, as with the real errors).
 * It sits below the SDK's retry middleware: throttling is retried by the SDK as on AWS, a cancelled transaction is
 * left to the app.
 */
export function faultPlugin(options: FaultOptions) {
  const random = options.random ?? Math.random;
  const kinds = options.kinds ?? [
    'TransactionConflict',
    'ThrottlingException',
    'ProvisionedThroughputExceededException',
  ];
  return {
    applyToStack(stack: unknown) {
      (stack as SdkStack).add(
        (next, context) => async (args) => {
          if (context.clientName !== 'DynamoDBClient' || options.rate <= 0 || random() >= options.rate) {
            return next(args);
          }
          const transact = context.commandName === 'TransactWriteItemsCommand';
          const usable = kinds.filter((k) => transact || k !== 'TransactionConflict');
          if (!usable.length) return next(args);
          const kind = usable[Math.floor(random() * usable.length)] as DynamoFault;
          if (options.injected) options.injected[kind] = (options.injected[kind] ?? 0) + 1;
          const itemCount = transact ? (args.input.TransactItems as unknown[]).length : 0;
          const body = new TextEncoder().encode(JSON.stringify(faultBody(kind, itemCount)));
          const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'twin-fault' };
          return { response: new HttpResponse({ statusCode: 400, headers, body }), output: undefined };
        },
        // Inside the deserializer (so the answer is parsed like DynamoDB's own) and inside the retry loop.
        { step: 'deserialize', name: `aftercareFaults${++plugins}`, priority: 'low' },
      );
    },
  };
}
