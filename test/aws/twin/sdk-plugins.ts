import type { SdkStack } from '#shared/aws/plugins.ts';
import type { SdkCall } from '../iam/sdk-calls.ts';

/**
 * The AWS twin's call recorder, an SDK plugin registered (`registerSdkPlugin`) before the app creates its clients:
 * every call a bundle makes is reported (client, command, and the parts of its input that decide authorization),
 * so the twin can turn it into the IAM requests AWS would authorize (`../iam/sdk-calls.ts`) and check each against
 * the calling function's role in the synthesized template (`../iam/check.ts`).
 */

/** Payloads and expressions say nothing about authorization: leave them out (an attachment is megabytes). */
const DROPPED = new Set([
  'Body',
  'Content',
  'UpdateExpression',
  'ConditionExpression',
  'KeyConditionExpression',
  'FilterExpression',
  'ExpressionAttributeValues',
  'ExpressionAttributeNames',
  'output',
  'input',
]);

function authorizationParts(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => authorizationParts(v));
  if (!value || typeof value !== 'object' || value instanceof Uint8Array) return value;
  const object = value as Record<string, unknown>;
  // A stored item is authorized by its partition key alone.
  if (key === 'Item') return { PK: object.PK };
  return Object.fromEntries(
    Object.entries(object)
      .filter(([k]) => !DROPPED.has(k))
      .map(([k, v]) => [k, authorizationParts(v, k)]),
  );
}

/** Report every call (it is then made as usual). */
export function recorderPlugin(record: (call: SdkCall) => void) {
  return {
    applyToStack(stack: unknown) {
      (stack as SdkStack).add(
        (next, context) => async (args) => {
          record({
            client: context.clientName ?? 'unknown',
            command: context.commandName ?? 'unknown',
            input: authorizationParts(args.input) as Record<string, unknown>,
          });
          return next(args);
        },
        { step: 'initialize', name: 'aftercareTwinRecorder' },
      );
    },
  };
}
