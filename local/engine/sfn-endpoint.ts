import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionStatus } from '#shared/store/executions.ts';
import type { TokenResult } from '#shared/workflows/workflows.ts';
import { type LocalStepFunctions, MAX_PAYLOAD_CHARS } from './engine.ts';

/**
 * The local engine as a Step Functions API endpoint: the AWS JSON 1.0 protocol over HTTP (`POST /`,
 * `X-Amz-Target: AWSStepFunctions.<Action>`, `Content-Type: application/x-amz-json-1.0`), so that the AWS SDK (or
 * a built bundle, with `AWS_ENDPOINT_URL_SFN`) talks to it as to AWS. Errors are HTTP 400 with
 * `{"__type": "<ErrorName>", "message": "…"}`, which @aws-sdk/client-sfn turns into its named exceptions; dates are
 * epoch seconds. Signatures are not checked. Actions: StartExecution, DescribeExecution, StopExecution,
 * ListExecutions, SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat.
 */
export interface SfnEndpoint {
  /** e.g. `http://127.0.0.1:45123`: the SDK's `endpoint`. */
  url: string;
  close(): Promise<void>;
}

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** Step Functions takes up to 256 KB of input or output; a request is refused well beyond that. */
const MAX_BODY_BYTES = 1024 * 1024;
const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
/** What AWS rejects in an execution name (besides whitespace and control characters). */
const NAME_FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/u;
const invalidName = (name: string) =>
  !name ||
  NAME_FORBIDDEN.test(name) ||
  [...name].some((c) => {
    const code = c.codePointAt(0) ?? 0;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });

/** An API error: its `__type` name, message and HTTP status. */
class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const TOKEN_MESSAGES: Record<Exclude<TokenResult, 'delivered'>, string> = {
  InvalidToken: "Invalid Token: 'Invalid token'",
  TaskTimedOut: "Task Timed Out: 'Provided task does not exist anymore'",
  TaskDoesNotExist: "Task Does Not Exist: 'Provided task does not exist'",
};

type Body = Record<string, unknown>;

function validation(message: string): ApiError {
  return new ApiError('ValidationException', `1 validation error detected: ${message}`);
}

function requiredString(body: Body, field: string, max: number): string {
  const value = body[field];
  if (value === undefined || value === null)
    throw validation(`Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  if (typeof value !== 'string') throw new ApiError('SerializationException', `${field} must be a string`);
  checkLength(field, value, 1, max);
  return value;
}

function optionalString(body: Body, field: string, max: number): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ApiError('SerializationException', `${field} must be a string`);
  checkLength(field, value, 0, max);
  return value;
}

function checkLength(field: string, value: string, min: number, max: number): void {
  if (value.length < min || value.length > max)
    throw validation(
      `Value at '${field}' failed to satisfy constraint: Member must have length ${
        value.length < min ? `greater than or equal to ${min}` : `less than or equal to ${max}`
      }`,
    );
}

function stateMachineArnOf(body: Body): string {
  const arn = requiredString(body, 'stateMachineArn', 256);
  const parts = arn.split(':');
  if (parts.length !== 7 || parts[0] !== 'arn' || parts[2] !== 'states' || parts[5] !== 'stateMachine')
    throw new ApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);
  return arn;
}

function parseJson(text: string, type: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(type, `Invalid ${what}: '${(error as Error).message}'`);
  }
}

const seconds = (date: Date | undefined) => (date ? date.getTime() / 1000 : undefined);

/** The actions, each taking the parsed request body and answering the response body. */
function actions(engine: LocalStepFunctions): Record<string, (body: Body) => Promise<Body>> {
  const tokenCall = async (result: Promise<TokenResult>): Promise<Body> => {
    const outcome = await result;
    if (outcome !== 'delivered') throw new ApiError(outcome, TOKEN_MESSAGES[outcome]);
    return {};
  };
  return {
    async StartExecution(body) {
      const stateMachineArn = stateMachineArnOf(body);
      const name = optionalString(body, 'name', 80) ?? randomUUID();
      if (invalidName(name)) throw new ApiError('InvalidName', `Invalid Name: '${name}'`);
      const inputText = optionalString(body, 'input', MAX_PAYLOAD_CHARS) ?? '{}';
      const input = parseJson(inputText, 'InvalidExecutionInput', 'State Machine Execution Input');
      const { executionArn, startDate } = await engine.startExecution(stateMachineArn, name, input);
      return { executionArn, startDate: seconds(startDate) };
    },

    async DescribeExecution(body) {
      const d = await engine.describeExecution(requiredString(body, 'executionArn', 256));
      return {
        executionArn: d.executionArn,
        stateMachineArn: d.stateMachineArn,
        name: d.name,
        status: d.status,
        startDate: seconds(d.startDate),
        ...(d.stopDate ? { stopDate: seconds(d.stopDate) } : {}),
        input: d.input,
        inputDetails: { included: true },
        ...(d.output !== undefined ? { output: d.output, outputDetails: { included: true } } : {}),
        ...(d.error !== undefined ? { error: d.error } : {}),
        ...(d.cause !== undefined ? { cause: d.cause } : {}),
        redriveCount: 0,
        redriveStatus: 'NOT_REDRIVABLE',
      };
    },

    async StopExecution(body) {
      const executionArn = requiredString(body, 'executionArn', 256);
      const error = optionalString(body, 'error', 256);
      const cause = optionalString(body, 'cause', 32_768);
      const { stopDate } = await engine.stopExecution(executionArn, { error, cause });
      return { stopDate: seconds(stopDate) };
    },

    async ListExecutions(body) {
      if (body.mapRunArn !== undefined && body.mapRunArn !== null)
        throw validation(
          "Value at 'mapRunArn' failed to satisfy constraint: Map Runs are not served locally",
        );
      const stateMachineArn = stateMachineArnOf(body);
      const statusFilter = optionalString(body, 'statusFilter', 32);
      if (statusFilter !== undefined && !STATUSES.includes(statusFilter as ExecutionStatus))
        throw validation(
          `Value '${statusFilter}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [${STATUSES.join(', ')}]`,
        );
      const maxResults = body.maxResults ?? 0;
      if (
        typeof maxResults !== 'number' ||
        !Number.isInteger(maxResults) ||
        maxResults < 0 ||
        maxResults > 1000
      )
        throw validation(
          `Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value between 0 and 1000`,
        );
      const nextToken = optionalString(body, 'nextToken', 3096);
      const page = await engine.listExecutions({
        stateMachineArn,
        statusFilter: statusFilter as ExecutionStatus | undefined,
        maxResults,
        nextToken: nextToken || undefined,
      });
      return {
        executions: page.executions.map((e) => ({
          executionArn: e.executionArn,
          stateMachineArn: e.stateMachineArn,
          name: e.name,
          status: e.status,
          startDate: seconds(e.startDate),
          ...(e.stopDate ? { stopDate: seconds(e.stopDate) } : {}),
        })),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    },

    async SendTaskSuccess(body) {
      const taskToken = requiredString(body, 'taskToken', 2048);
      const output = parseJson(requiredString(body, 'output', MAX_PAYLOAD_CHARS), 'InvalidOutput', 'Output');
      return tokenCall(engine.sendTaskSuccess(taskToken, output));
    },

    async SendTaskFailure(body) {
      const taskToken = requiredString(body, 'taskToken', 2048);
      const error = optionalString(body, 'error', 256) ?? '';
      const cause = optionalString(body, 'cause', 32_768) ?? '';
      return tokenCall(engine.sendTaskFailure(taskToken, error, cause));
    },

    async SendTaskHeartbeat(body) {
      return tokenCall(engine.sendTaskHeartbeat(requiredString(body, 'taskToken', 2048)));
    },
  };
}

/** The engine's errors are AWS's, by name; anything else is a 500 (which the SDK retries). */
function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const name = (error as { name?: string })?.name ?? '';
  const message = (error as { message?: string })?.message ?? 'internal error';
  if (
    [
      'ExecutionAlreadyExists',
      'ExecutionDoesNotExist',
      'StateMachineDoesNotExist',
      'InvalidArn',
      'InvalidToken',
    ].includes(name)
  )
    return new ApiError(name, message);
  return new ApiError('InternalFailure', message, 500);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ApiError('ValidationException', 'Request entity too large', 413);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

/**
 * Serve a LocalStepFunctions as a Step Functions API endpoint (port 0 or omitted: any free port). Point an SFNClient
 * at `url` with any region and credentials.
 */
export async function startSfnEndpoint(
  engine: LocalStepFunctions,
  options: { port?: number; host?: string } = {},
): Promise<SfnEndpoint> {
  const host = options.host ?? '127.0.0.1';
  const handlers = actions(engine);
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== 'POST')
        throw new ApiError('UnknownOperationException', `${req.method} is not served here`, 404);
      const target = String(req.headers['x-amz-target'] ?? '');
      const handler = target.startsWith(TARGET_PREFIX)
        ? handlers[target.slice(TARGET_PREFIX.length)]
        : undefined;
      const text = await readBody(req);
      if (!handler) throw new ApiError('UnknownOperationException', `Unknown operation: '${target}'`);
      let body: unknown;
      try {
        body = text.trim() ? JSON.parse(text) : {};
      } catch {
        throw new ApiError('SerializationException', 'The request body is not valid JSON');
      }
      if (!body || typeof body !== 'object' || Array.isArray(body))
        throw new ApiError('SerializationException', 'The request body must be a JSON object');
      send(res, 200, await handler(body as Body));
    } catch (error) {
      const e = toApiError(error);
      if (!res.headersSent) send(res, e.status, { __type: e.type, message: e.message });
      else res.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
