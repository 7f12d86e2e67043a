/**
 * One Lambda sandbox of the AWS twin, in its own Node process: it loads the function's bundle once (INIT), then runs
 * one invocation at a time, the event parsed from JSON and the result serialized back, as Lambda does. Before the
 * bundle loads it registers the SDK plugins (the call recorder; the fault layer when TWIN_FAULT_RATE is set) and
 * moves Date by the offset the twin's clock gives with each invocation, so the app's system clock follows it.
 * Built to plain JavaScript by the twin (esbuild) — the sandbox runs no TypeScript loader, only the bundle.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { faultPlugin } from '#local/faults.ts';
import { registerSdkPlugin } from '#shared/aws/plugins.ts';
import { recorderPlugin } from './sdk-plugins.ts';

type Message = { id: number; event: string; offsetMs: number; deadlineMs: number; requestId: string };

let offsetMs = 0;
const RealDate = Date;
class TwinDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(RealDate.now() + offsetMs);
    else super(...(args as [number]));
  }
  static override now() {
    return RealDate.now() + offsetMs;
  }
}
globalThis.Date = TwinDate as DateConstructor;

const send = (message: unknown) => process.send?.(message);
registerSdkPlugin(recorderPlugin((call) => send({ kind: 'call', call })));
const rate = Number(process.env.TWIN_FAULT_RATE ?? 0);
if (rate > 0) registerSdkPlugin(faultPlugin({ rate }));

const [file, exported] = (process.env._HANDLER as string).split('.') as [string, string];
const loading = import(pathToFileURL(join(process.env.LAMBDA_TASK_ROOT as string, `${file}.mjs`)).href);

/**
 * The sandbox's peak memory over an invocation (resident set, what Lambda's "Max Memory Used" reports), sampled
 * every 10 ms and sent with the result: the twin fails an invocation that went past the function's memory size.
 */
function watchMemory(): () => number {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  timer.unref();
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage.rss());
  };
}

process.on('message', async (m: Message) => {
  offsetMs = m.offsetMs;
  const peakRss = watchMemory();
  try {
    const module = await loading;
    const handler = module[exported] as (event: unknown, context: unknown) => Promise<unknown>;
    const context = {
      callbackWaitsForEmptyEventLoop: true,
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: '$LATEST',
      invokedFunctionArn: process.env.TWIN_FUNCTION_ARN,
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      awsRequestId: m.requestId,
      logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
      logStreamName: 'twin',
      getRemainingTimeInMillis: () => m.deadlineMs - RealDate.now(),
    };
    const result = await handler(JSON.parse(m.event), context);
    const payload = JSON.stringify(result ?? null);
    send({ kind: 'result', id: m.id, payload, rssBytes: peakRss() });
  } catch (error) {
    const e = error as Error;
    send({
      kind: 'result',
      id: m.id,
      error: { errorType: e?.name ?? 'Error', errorMessage: String(e?.message ?? e) },
      rssBytes: peakRss(),
    });
  }
});
// Ready once INIT (loading the bundle) is over, whether it worked or not: an INIT failure fails each invocation.
loading.then(
  () => send({ kind: 'ready' }),
  () => send({ kind: 'ready' }),
);
