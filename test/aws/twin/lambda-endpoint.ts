import { createServer, type Server } from 'node:http';
import { readBody } from '#local/http-adapter.ts';

/** Lambda's own limit for an asynchronous invocation's event. */
const MAX_ASYNC_PAYLOAD_BYTES = 256 * 1024;

/**
 * Lambda's Invoke API (REST-JSON, `POST /2015-03-31/functions/{FunctionName}/invocations`) for the bundles that
 * invoke another function, named by `AWS_ENDPOINT_URL_LAMBDA`. `InvocationType: Event` is answered 202 at once and
 * the function runs afterwards, retried twice on an error as Lambda does (then the event is dropped, and the error
 * kept for the test to see); a synchronous invocation answers with the function's result.
 */
export interface LambdaEndpoint {
  url: string;
  server: Server;
  /** Resolves when every asynchronous invocation accepted so far has run (or failed its three attempts). */
  idle(): Promise<void>;
  /** Asynchronous invocations that failed all their attempts. */
  failures: { functionName: string; error: string }[];
}

export async function startLambdaEndpoint(
  port: number,
  invoke: (functionName: string, event: unknown) => Promise<unknown>,
): Promise<LambdaEndpoint> {
  const pending = new Set<Promise<void>>();
  const failures: LambdaEndpoint['failures'] = [];
  const error = (status: number, type: string, message: string) => ({
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
    body: JSON.stringify({ Type: 'User', message }),
  });
  const server = createServer(async (req, res) => {
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url?.split('?')[0] ?? '');
    const body = await readBody(req);
    let answer: { status: number; headers: Record<string, string>; body?: string };
    if (req.method !== 'POST' || !match) {
      answer = error(404, 'ResourceNotFoundException', `no such route ${req.method} ${req.url}`);
    } else if (body === 'too-large') {
      answer = error(413, 'RequestTooLargeException', 'Request must be smaller than 6291456 bytes');
    } else {
      const functionName = decodeURIComponent(match[1] as string);
      const event = body.length ? JSON.parse(body.toString('utf8')) : {};
      if (req.headers['x-amz-invocation-type'] === 'Event') {
        if (body.length > MAX_ASYNC_PAYLOAD_BYTES) {
          answer = error(413, 'RequestTooLargeException', 'Request must be smaller than 262144 bytes');
        } else {
          const run = (async () => {
            let last: unknown;
            for (let attempt = 0; attempt < 3; attempt++) {
              try {
                await invoke(functionName, event);
                return;
              } catch (e) {
                last = e;
              }
            }
            failures.push({ functionName, error: String(last) });
          })();
          const done: Promise<void> = run.finally(() => pending.delete(done));
          pending.add(done);
          answer = { status: 202, headers: {} };
        }
      } else {
        try {
          const result = await invoke(functionName, event);
          answer = {
            status: 200,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(result ?? null),
          };
        } catch (e) {
          answer = {
            status: 200,
            headers: { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' },
            body: JSON.stringify({ errorType: (e as Error).name, errorMessage: (e as Error).message }),
          };
        }
      }
    }
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    failures,
    async idle() {
      while (pending.size) await Promise.all([...pending]);
    },
  };
}
