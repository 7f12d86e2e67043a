import { createServer, type Server } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { readBody, toEvent } from '#local/http-adapter.ts';
import { LambdaError } from './lambda.ts';

/** API Gateway HTTP API: 30 s for the integration (the function's own timeout is 29 s); requests as the adapter reads them. */
const INTEGRATION_TIMEOUT_MS = 30_000;

const json = (status: number, message: string) => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify({ message })),
});

/**
 * The HTTP API in front of the HTTP function, as API Gateway behaves: the request becomes a payload v2 event; the
 * function is invoked synchronously (Lambda's own 6 MB limit applies to the event); a request over 10 MB is 413;
 * a failed invocation is 500 and one that outlasts 30 s is 503, each with API Gateway's own body.
 */
export async function startApi(port: number, invoke: (event: unknown) => Promise<unknown>): Promise<Server> {
  const server = createServer(async (req, res) => {
    let answer: { status: number; headers: Record<string, string | string[]>; body?: Buffer };
    const body = await readBody(req);
    if (body === 'too-large') answer = json(413, 'Request Entity Too Large');
    else {
      try {
        const event = toEvent(req, body);
        let timer: NodeJS.Timeout | undefined;
        const result = (await Promise.race([
          invoke(event),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new LambdaError('IntegrationTimeout', 'timed out')),
              INTEGRATION_TIMEOUT_MS,
            );
          }),
        ]).finally(() => clearTimeout(timer))) as APIGatewayProxyStructuredResultV2;
        const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
        if (result.cookies?.length) headers['set-cookie'] = result.cookies;
        answer = {
          status: result.statusCode ?? 200,
          headers,
          body: result.body
            ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8')
            : undefined,
        };
      } catch (error) {
        answer =
          (error as Error).name === 'IntegrationTimeout'
            ? json(503, 'Service Unavailable')
            : json(500, 'Internal Server Error');
      }
    }
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}
