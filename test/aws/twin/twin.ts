import { mkdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateConfigurationSetCommand,
  CreateEmailIdentityCommand,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import { build } from 'esbuild';
import { ensureTable, freePort, type LocalDynamo, startDynamo } from '#local/dynamodb.ts';
import { LocalStepFunctions } from '#local/engine/engine.ts';
import { startSfnEndpoint } from '#local/engine/sfn-endpoint.ts';
import { LocalClock } from '#shared/clock/clock.ts';
import { createDb, type Db } from '#shared/store/db.ts';
import type { AwsCall } from '../iam/check.ts';
import { iamRequests } from '../iam/sdk-calls.ts';
import { startApi } from './api.ts';
import { type RecordedCall, TwinLambda } from './lambda.ts';
import { type LambdaEndpoint, startLambdaEndpoint } from './lambda-endpoint.ts';
import { type Moto, startMoto } from './moto.ts';
import {
  logicalIdOf,
  resolveIntrinsics,
  type Synthesized,
  synthesize,
  TWIN_ACCOUNT,
  TWIN_REGION,
} from './synth.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
export const TWIN_DIR = join(ROOT, '.twin');
const CREDENTIALS = { accessKeyId: 'twin', secretAccessKey: 'twin' };

export interface TwinOptions {
  /** Chance per DynamoDB request of TransactionConflict / throttling (the SDK fault layer in every sandbox). */
  dynamoFaultRate?: number;
  /** Chance per Lambda task of Lambda.TooManyRequestsException or a step timeout (the Step Functions stand-in). */
  lambdaFaultRate?: number;
  /** Where the twin's clock starts (it then runs and moves forward). */
  clockStart?: Date;
}

export interface Twin {
  url: string;
  clock: LocalClock;
  engine: LocalStepFunctions;
  synthesized: Synthesized;
  /** The twin's physical names and ARNs, by logical id (Ref) and `logicalId.Attribute` (Fn::GetAtt). */
  names: { refs: Record<string, string>; attributes: Record<string, string> };
  /** The function by construct id (`Http`, `Sweep`, `OpenStep`, …). */
  fn(id: string): TwinLambda;
  /** Every AWS SDK call the bundles made. */
  calls: RecordedCall[];
  /** Those calls as the IAM requests AWS authorizes, each with its function. */
  iamCalls(): AwsCall[];
  /** The table as the operator sees it (create-manager, assertions): not one of the functions. */
  db: Db;
  mail(): Promise<Awaited<ReturnType<Moto['sentMail']>>>;
  /** Clients' settings for moto (what the operator's own AWS CLI would use). */
  aws: { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  /** The sweep as EventBridge Scheduler runs it: an asynchronous invocation with Lambda's two retries. */
  sweep(): Promise<unknown>;
  /** Asynchronous invocations one bundle made of another (the sign-in mail): wait for them, see which failed. */
  asyncInvocations: Pick<LambdaEndpoint, 'idle' | 'failures'>;
  stop(): Promise<void>;
}

/**
 * The AWS build, run as AWS runs it: the stack synthesized, the bundles CDK built run in Lambda-like sandboxes in AWS
 * mode with the environment, timeouts and payload limits from the template; their SDK calls go to stand-ins that
 * speak the AWS protocols: DynamoDB Local, moto (SES v2, S3, Parameter Store, STS), and the local Step Functions
 * engine served as a Step Functions endpoint, whose Lambda tasks invoke the step bundles. HTTP reaches the HTTP
 * bundle as API Gateway would deliver it.
 */
export async function startTwin(options: TwinOptions = {}): Promise<Twin> {
  rmSync(TWIN_DIR, { recursive: true, force: true });
  mkdirSync(join(TWIN_DIR, 'logs'), { recursive: true });
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  try {
    const [dynamo, moto] = await Promise.all([startDynamo(), startMoto()]);
    stops.push(
      () => (dynamo as LocalDynamo).stop(),
      () => moto.stop(),
    );
    const [apiPort, sfnPort] = [await freePort(), await freePort()];
    const url = `http://127.0.0.1:${apiPort}`;
    // The zone spreads its reminders over the half hour after 09:00 (the deploy default is three hours): the twin's
    // days begin at 10:00, so a reminder due today has gone out when the test looks.
    const synthesized = synthesize(join(TWIN_DIR, 'cdk.out'), url, { sla: { remindSpreadMinutes: 30 } });
    const { template, stackName } = synthesized;

    const aws = { region: TWIN_REGION, endpoint: moto.endpoint, credentials: CREDENTIALS };
    const tableName = 'twin-aftercare';
    const bucket = 'twin-attachments';
    const sender = 'aftercare@zone.example.cn';
    await createTable(
      dynamo.endpoint,
      tableName,
      template.Resources[logicalIdOf(template, 'AWS::DynamoDB::GlobalTable')]?.Properties,
    );
    await new S3Client({ ...aws, forcePathStyle: true }).send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: { LocationConstraint: TWIN_REGION },
      }),
    );
    // The secrets parameter is not made here: the first function that reads it creates it, as on a first deploy.
    // The sender's identity is created by the stack; SES mails its owner a link, which the twin takes as clicked.
    const ses = new SESv2Client(aws);
    await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: sender }));
    for (const r of Object.values(template.Resources)) {
      if (r.Type === 'AWS::SES::ConfigurationSet') {
        await ses.send(
          new CreateConfigurationSetCommand({ ConfigurationSetName: String(r.Properties.Name) }),
        );
      }
    }

    const arn = (service: string, resource: string) =>
      `arn:aws:${service}:${TWIN_REGION}:${TWIN_ACCOUNT}:${resource}`;
    const refs: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': TWIN_REGION,
      'AWS::AccountId': TWIN_ACCOUNT,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': stackName,
      [logicalIdOf(template, 'AWS::DynamoDB::GlobalTable')]: tableName,
      [logicalIdOf(template, 'AWS::S3::Bucket', 'DataAttachments')]: bucket,
      [logicalIdOf(template, 'AWS::S3::Bucket', 'DataAccessLogs')]: 'twin-access-logs',
      [logicalIdOf(template, 'AWS::ApiGatewayV2::Api')]: 'twinapi',
    };
    const attributes: Record<string, string> = {
      [`${logicalIdOf(template, 'AWS::DynamoDB::GlobalTable')}.Arn`]: arn('dynamodb', `table/${tableName}`),
      [`${logicalIdOf(template, 'AWS::S3::Bucket', 'DataAttachments')}.Arn`]: `arn:aws:s3:::${bucket}`,
      [`${logicalIdOf(template, 'AWS::S3::Bucket', 'DataAccessLogs')}.Arn`]: 'arn:aws:s3:::twin-access-logs',
    };
    for (const f of synthesized.functions)
      attributes[`${f.logicalId}.Arn`] = arn('lambda', `function:${f.logicalId}`);
    for (const [id, r] of Object.entries(template.Resources)) {
      if (r.Type === 'AWS::StepFunctions::StateMachine') {
        const name = String(r.Properties.StateMachineName);
        refs[id] = arn('states', `stateMachine:${name}`);
        attributes[`${id}.Arn`] = refs[id];
        attributes[`${id}.Name`] = name;
      }
      if (r.Type === 'AWS::SQS::Queue') attributes[`${id}.Arn`] = arn('sqs', id);
      if (r.Type === 'AWS::SNS::Topic') refs[id] = arn('sns', id);
      if (r.Type === 'AWS::SES::ConfigurationSet') refs[id] = String(r.Properties.Name);
    }
    const names = { refs, attributes };

    const clock = new LocalClock(options.clockStart ? options.clockStart.getTime() - Date.now() : 0);
    // The Step Functions stand-in keeps its own records in a table of its own: they are not the app's.
    await ensureTable(dynamo.endpoint, 'twin-stepfunctions');
    const engineDb = createDb({ table: 'twin-stepfunctions', region: 'local', endpoint: dynamo.endpoint });
    const machines: Record<string, Record<string, unknown>> = {};
    for (const [id, r] of Object.entries(template.Resources)) {
      if (r.Type !== 'AWS::StepFunctions::StateMachine') continue;
      machines[refs[id] as string] = JSON.parse(
        resolveIntrinsics(r.Properties.DefinitionString, names) as string,
      );
    }
    const lifecycleArn = arn('states', `stateMachine:${stackName}-lifecycle`);
    const needFlowArn = arn('states', `stateMachine:${stackName}-need-flow`);
    const engine = new LocalStepFunctions({
      db: engineDb,
      clock,
      machines,
      lifecycleArn,
      needFlowArn,
      retryIntervalMs: 50,
      ...(options.lambdaFaultRate ? { faults: { rate: options.lambdaFaultRate } } : {}),
    });
    stops.push(() => engine.stop());
    const sfn = await startSfnEndpoint(engine, { port: sfnPort });
    stops.push(() => sfn.close());
    // Lambda's Invoke API, for a bundle that invokes another function asynchronously (Http → SignInMail).
    const lambdaApi = await startLambdaEndpoint(await freePort(), (functionName, event) => {
      const target = synthesized.functions.find(
        (f) => attributes[`${f.logicalId}.Arn`] === functionName || f.logicalId === functionName,
      );
      if (!target) throw new Error(`no function ${functionName} in the template`);
      return (lambdas.get(target.id) as TwinLambda).invoke(event);
    });
    stops.push(
      () =>
        new Promise<void>((r) => {
          lambdaApi.server.closeAllConnections();
          lambdaApi.server.close(() => r());
        }),
    );

    const workerFile = join(TWIN_DIR, 'worker.mjs');
    await build({
      entryPoints: [join(import.meta.dirname, 'worker.ts')],
      outfile: workerFile,
      bundle: true,
      packages: 'external',
      format: 'esm',
      platform: 'node',
      target: 'node24',
      logLevel: 'silent',
    });

    const calls: RecordedCall[] = [];
    const lambdas = new Map<string, TwinLambda>();
    for (const f of synthesized.functions) {
      const variables = resolveIntrinsics(f.environment, names) as Record<string, string>;
      const { NODE_OPTIONS, ...rest } = variables;
      const environment: Record<string, string> = {
        ...rest,
        ...f.logging,
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        TZ: ':UTC',
        LANG: 'en_US.UTF-8',
        AWS_REGION: TWIN_REGION,
        AWS_DEFAULT_REGION: TWIN_REGION,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
        AWS_SESSION_TOKEN: 'twin',
        AWS_LAMBDA_FUNCTION_NAME: f.logicalId,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(f.memoryMb),
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
        LAMBDA_TASK_ROOT: f.bundleDir,
        _HANDLER: f.handler,
        // The stand-ins: the only difference from the deployed environment.
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ENDPOINT_URL_SFN: sfn.url,
        AWS_ENDPOINT_URL_LAMBDA: lambdaApi.url,
        TWIN_FUNCTION_ARN: attributes[`${f.logicalId}.Arn`] as string,
        ...(options.dynamoFaultRate ? { TWIN_FAULT_RATE: String(options.dynamoFaultRate) } : {}),
      };
      const lambda = new TwinLambda(f, {
        workerFile,
        environment,
        nodeOptions: (NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean),
        logFile: join(TWIN_DIR, 'logs', `${f.id}.log`),
        offsetMs: () => clock.offset,
        onCall: (call) => calls.push(call),
      });
      lambdas.set(f.id, lambda);
      stops.push(() => lambda.stop());
    }
    // Which state machine issued each task token: Step Functions authorizes SendTask* against it. A wait step's
    // function belongs to the machine whose `.waitForTaskToken` state names it.
    const tokens = new Map<string, string>();
    const waitsOf = new Map<string, string>();
    for (const [machineArn, definition] of Object.entries(machines)) {
      for (const state of Object.values(
        (definition as { States: Record<string, Record<string, unknown>> }).States,
      )) {
        if (String(state.Resource).endsWith('.waitForTaskToken')) {
          waitsOf.set(String((state.Parameters as { FunctionName: string }).FunctionName), machineArn);
        }
      }
    }
    engine.register(
      Object.fromEntries(
        synthesized.functions.map((f) => {
          const functionArn = attributes[`${f.logicalId}.Arn`] as string;
          return [
            functionArn,
            (event: unknown) => {
              const token = (event as { taskToken?: unknown })?.taskToken;
              const machine = waitsOf.get(functionArn);
              if (typeof token === 'string' && machine) tokens.set(token, machine);
              return (lambdas.get(f.id) as TwinLambda).invoke(event);
            },
          ];
        }),
      ),
    );
    const fn = (id: string) => {
      const lambda = lambdas.get(id);
      if (!lambda) throw new Error(`no function ${id} in the template`);
      return lambda;
    };
    const api: Server = await startApi(apiPort, (event) => fn('Http').invoke(event));
    stops.push(
      () =>
        new Promise<void>((r) => {
          api.closeAllConnections();
          api.close(() => r());
        }),
    );
    const db = createDb({ table: tableName, region: TWIN_REGION, endpoint: dynamo.endpoint });
    stops.push(() => db.doc.destroy());
    return {
      url,
      clock,
      engine,
      synthesized,
      names,
      fn,
      calls,
      iamCalls: () =>
        calls.flatMap(({ fn, ...call }) =>
          iamRequests(call, {
            account: TWIN_ACCOUNT,
            region: TWIN_REGION,
            partition: 'aws',
            partitionKeys: { [tableName]: 'PK' },
            stateMachineForToken: (token) => tokens.get(token),
          }).map((r) => ({ fn, ...r })),
        ),
      db,
      mail: () => moto.sentMail(),
      asyncInvocations: { idle: () => lambdaApi.idle(), failures: lambdaApi.failures },
      aws,
      async sweep() {
        // Lambda's asynchronous invocation: the event Scheduler sends, retried twice on a function error.
        let last: unknown;
        for (let attempt = 0; attempt < 3; attempt++) {
          try {
            return await fn('Sweep').invoke({});
          } catch (error) {
            last = error;
          }
        }
        throw last;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The table exactly as the template defines it (keys, indexes, billing), in DynamoDB Local. */
async function createTable(endpoint: string, name: string, properties: Record<string, unknown> | undefined) {
  const p = properties as {
    AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
    KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    GlobalSecondaryIndexes?: {
      IndexName: string;
      KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
      Projection: { ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE' };
    }[];
    BillingMode: 'PAY_PER_REQUEST';
  };
  const client = new DynamoDBClient({ region: TWIN_REGION, endpoint, credentials: CREDENTIALS });
  await client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: p.AttributeDefinitions,
      KeySchema: p.KeySchema,
      GlobalSecondaryIndexes: p.GlobalSecondaryIndexes,
      BillingMode: p.BillingMode,
    }),
  );
  client.destroy();
}
