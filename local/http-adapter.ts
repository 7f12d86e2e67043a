import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { inOperation } from '#shared/log/logger.ts';
import { lambdaContext } from './lambda-context.ts';

export type HttpLambda = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** API Gateway's payload limit; larger bodies get 413 before the handler runs, as on AWS. */
export const MAX_BODY = 10 * 1024 * 1024;
/** A synchronous Lambda invocation's payload limit, for the event as JSON (binary bodies are base64: a third more). */
export const MAX_LAMBDA_PAYLOAD = 6 * 1024 * 1024;
const TEXT_TYPES = /^(text\/|application\/(json|x-www-form-urlencoded|xml))/i;

export async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Turn a Node request into the API Gateway HTTP API (payload v2) event AWS would deliver. */
export function toEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === 'cookie' || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const contentType = headers['content-type'] ?? '';
  const isText = body.length === 0 || TEXT_TYPES.test(contentType);
  const requestId = randomUUID();
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: req.headers.cookie ? req.headers.cookie.split(/;\s*/) : undefined,
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: body.length ? (isText ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: !isText,
  };
}

/** A Node request listener that serves an HTTP API Lambda handler, as API Gateway would. */
export function serveLambda(handler: HttpLambda) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const body = await readBody(req);
      if (body === 'too-large') {
        res
          .writeHead(413, { 'content-type': 'application/json' })
          .end('{"message":"Request Entity Too Large"}');
        return;
      }
      const event = toEvent(req, body);
      const size = Buffer.byteLength(JSON.stringify(event));
      if (size > MAX_LAMBDA_PAYLOAD) {
        // API Gateway would accept it and Lambda would refuse it (API Gateway then answers 500): say why instead.
        res.writeHead(413, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            message: `Request Entity Too Large: ${(size / 1048576).toFixed(1)} MB as a Lambda event (binary bodies are base64, a third larger); AWS Lambda accepts 6 MB`,
          }),
        );
        return;
      }
      // Each request is an operation of its own: its log lines carry its correlation id and no other's.
      const result = await inOperation(undefined, () =>
        handler(event, lambdaContext('aftercare-http', event.requestContext.requestId)),
      );
      const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
      if (result.cookies?.length) headers['set-cookie'] = result.cookies;
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined);
    } catch (error) {
      // As API Gateway does when the integration fails.
      console.error(JSON.stringify({ level: 'ERROR', message: 'handler failed', error: String(error) }));
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"message":"Internal Server Error"}');
    }
  };
}
