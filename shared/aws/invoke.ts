import { once } from '../lazy.ts';
import { lambdaClient } from './clients.ts';

const client = once(lambdaClient);

/** Lambda's asynchronous invocation of one of the stack's functions: queued by Lambda, answered 202 at once. */
export async function invokeAsync(functionName: string, payload: unknown): Promise<void> {
  const { InvokeCommand } = await import('@aws-sdk/client-lambda');
  await (await client()).send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );
}
