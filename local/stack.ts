import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createHttpHandler } from '#functions/http/app.ts';
import { registerSdkPlugin } from '#shared/aws/plugins.ts';
import { refreshCalendar, withFreshCalendar } from '#shared/calendar/refresh.ts';
import { LocalClock } from '#shared/clock/clock.ts';
import { loadConfig } from '#shared/config/config.ts';
import { localSecrets } from '#shared/config/secrets.ts';
import { createDeps, type Deps } from '#shared/deps.ts';
import { sweep } from '#shared/schedules/sweep.ts';
import { createDb } from '#shared/store/db.ts';
import { getSetting, putSetting } from '#shared/store/settings.ts';
import { ensureTable, type LocalDynamo, startDynamo } from './dynamodb.ts';
import { LOCAL_ARNS } from './engine/definitions.ts';
import { LocalStepFunctions } from './engine/engine.ts';
import { localLambdas } from './engine/lambdas.ts';
import { localDefinitions } from './engine/machines.ts';
import { faultPlugin } from './faults.ts';
import { type HttpLambda, serveLambda } from './http-adapter.ts';
import { localRoutes } from './local-routes.ts';
import { startLocalSchedules } from './schedules.ts';
import { seedIfEmpty } from './seed.ts';

export interface LocalStackOptions {
  port?: number;
  /**
   * The interface to listen on: loopback unless asked (`HOST` for npm start), since local mode has routes that
   * must never face a network — the outbox with everyone's sign-in links, the clock.
   */
  host?: string;
  dataDir?: string;
  /** Use an already running DynamoDB (tests); otherwise start DynamoDB Local keeping data in dataDir. */
  dynamoEndpoint?: string;
  table?: string;
  seed?: boolean;
  /** Tests: where the local clock starts on a table that has no clock yet (it then runs and moves forward). */
  clockStart?: Date;
  /** Minutes after 09:00 over which reminders are spread (REMIND_SPREAD_MINUTES; tests: 0, all at 09:00). */
  remindSpreadMinutes?: number;
  /** Recipients a second the mail service takes (MAIL_SEND_RATE, default 14: the sweep sends at half); tests: 0, unpaced. */
  mailSendRate?: number;
  /** Tests: milliseconds between workflow retries instead of the real backoff. */
  retryIntervalMs?: number;
  /** Run the 15-minute sweep on the local clock (default); the cost benchmark measures it on its own instead. */
  schedules?: boolean;
  /** Send mail through this SMTP server (smtp://host:port) instead of the local outbox. */
  smtpUrl?: string;
  /**
   * AWS's transient failures, injected with this chance per call: DynamoDB's TransactionConflict and throttling
   * (an SDK plugin on every client this process makes from now on) and Lambda's throttling and step timeouts (the
   * engine). The object stays live: a test may change `rate` while the stack runs.
   */
  faults?: { rate: number; injected?: Record<string, number> };
}

export interface LocalStack {
  url: string;
  /** The interface it listens on. */
  address: string;
  deps: Deps;
  clock: LocalClock;
  /** Run the periodic sweep (queued mail, digests) now. */
  sweep: () => Promise<void>;
  engine: LocalStepFunctions;
  seeded: boolean;
  /** Lifecycles resumed from the table at start. */
  resumed: number;
  stop(): Promise<void>;
}

export const LOOPBACK = '127.0.0.1';

/** Whether a listening address can only be reached from this machine. */
export const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

const CLOCK_SETTING = 'localClockOffsetMs';
/** Each fault setting is registered once per process (a restarted stack keeps it). */
const faultsRegistered = new WeakSet<object>();

/**
 * The whole app on one machine: DynamoDB Local, the table, the same HTTP Lambda handler behind an
 * API Gateway v2 adapter, the lifecycle state machine on the local engine, the outbox mailer and the local clock.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = options.dataDir ?? '.data';
  const table = options.table ?? 'aftercare';
  let dynamo: LocalDynamo | undefined;
  let server: Server | undefined;
  let engine: LocalStepFunctions | undefined;
  // The workflows' definitions are synthesized in a process of their own while DynamoDB starts.
  const synthesized = localDefinitions();
  try {
    if (!options.dynamoEndpoint) dynamo = await startDynamo({ dataDir: join(dataDir, 'dynamodb') });
    const endpoint = options.dynamoEndpoint ?? (dynamo as LocalDynamo).endpoint;
    await ensureTable(endpoint, table);

    let handler: HttpLambda | undefined;
    // Until the app is ready (table, clock, workflows resumed, seed), requests get 503 with Retry-After.
    const notReady = async () => ({
      statusCode: 503,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' },
      body: 'aftercare is starting — try again in a moment',
    });
    server = createServer(serveLambda((event, context) => (handler ?? notReady)(event, context)));
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(options.port ?? 3000, options.host ?? LOOPBACK, resolve);
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://localhost:${port}`;

    const config = loadConfig({
      AFTERCARE_MODE: 'local',
      TABLE_NAME: table,
      AWS_REGION: 'local',
      DYNAMODB_ENDPOINT: endpoint,
      BASE_URL: url,
      MAIL_MODE: options.smtpUrl ? 'smtp' : 'outbox',
      SMTP_URL: options.smtpUrl,
      DATA_DIR: dataDir,
      REMIND_SPREAD_MINUTES: options.remindSpreadMinutes?.toString(),
      MAIL_SEND_RATE: options.mailSendRate?.toString(),
    });
    if (options.faults && !faultsRegistered.has(options.faults)) {
      faultsRegistered.add(options.faults);
      registerSdkPlugin(faultPlugin(options.faults));
    }
    const db = createDb({ table, region: 'local', endpoint });
    const stored = await getSetting<number>(db, CLOCK_SETTING);
    const initial = stored ?? (options.clockStart ? options.clockStart.getTime() - Date.now() : 0);
    if (stored === undefined && options.clockStart) await putSetting(db, CLOCK_SETTING, initial);
    const clock = new LocalClock(initial);
    const definitions = await synthesized;
    engine = new LocalStepFunctions({
      db,
      clock,
      machines: {
        [LOCAL_ARNS.lifecycle]: definitions.lifecycle,
        [LOCAL_ARNS.needFlow]: definitions.needFlow,
      },
      lifecycleArn: LOCAL_ARNS.lifecycle,
      needFlowArn: LOCAL_ARNS.needFlow,
      retryIntervalMs: options.retryIntervalMs,
      ...(options.faults ? { faults: options.faults } : {}),
    });
    const deps = createDeps(config, localSecrets(dataDir), { clock, workflows: engine });
    await refreshCalendar(deps); // the arrangements entered, before any lifecycle resumes (steps refresh it again)
    engine.register(localLambdas(async () => deps));
    const resumed = await engine.resumeAll();
    const seeded = options.seed === false ? false : await seedIfEmpty(deps);
    await engine.idle();
    const schedules =
      options.schedules === false
        ? { sweepNow: async () => void (await sweep(deps)), stop: () => undefined }
        : startLocalSchedules(clock, deps);
    if ('idle' in schedules) engine.settleAlso(schedules.idle);
    // The middleware fills in the app's part of the context, as it does on AWS.
    handler = createHttpHandler(
      withFreshCalendar(async () => deps),
      localRoutes(clock, (offset) => putSetting(db, CLOCK_SETTING, offset), schedules.sweepNow),
    ) as unknown as HttpLambda;

    const running = engine;
    const stop = async () => {
      schedules.stop();
      running.stop();
      await new Promise<void>((resolve) => {
        listening.closeAllConnections();
        listening.close(() => resolve());
      });
      db.doc.destroy();
      await dynamo?.stop();
    };
    const { address } = server.address() as AddressInfo;
    return { url, address, deps, clock, engine, seeded, resumed, sweep: schedules.sweepNow, stop };
  } catch (error) {
    engine?.stop();
    server?.close();
    await dynamo?.stop();
    throw error;
  }
}
