import { JavaMissingError } from './dynamodb.ts';
import { isLoopback, LOOPBACK, startLocalStack } from './stack.ts';

/**
 * `npm start`: the local stack on http://localhost:3000 (PORT to change), on loopback only (HOST to listen elsewhere,
 * with a warning). Ctrl-C stops everything. For tests and
 * tools: DYNAMODB_ENDPOINT and TABLE_NAME use a DynamoDB already running (no Java of its own), DATA_DIR moves .data/,
 * SEED=false starts empty, FAULT_RATE=0.05 injects AWS's transient failures (DynamoDB conflicts and throttling, Lambda
 * throttling and step timeouts) into 5% of calls.
 */
async function main() {
  const started = Date.now();
  const env = process.env;
  const host = env.HOST ?? LOOPBACK;
  const stack = await startLocalStack({
    port: Number(env.PORT ?? 3000),
    host,
    ...(env.DYNAMODB_ENDPOINT ? { dynamoEndpoint: env.DYNAMODB_ENDPOINT } : {}),
    ...(env.TABLE_NAME ? { table: env.TABLE_NAME } : {}),
    ...(env.DATA_DIR ? { dataDir: env.DATA_DIR } : {}),
    ...(env.CLOCK_START ? { clockStart: new Date(env.CLOCK_START) } : {}),
    seed: env.SEED !== 'false',
    ...(env.FAULT_RATE ? { faults: { rate: Number(env.FAULT_RATE) } } : {}),
    ...(env.REMIND_SPREAD_MINUTES ? { remindSpreadMinutes: Number(env.REMIND_SPREAD_MINUTES) } : {}),
    ...(env.MAIL_SEND_RATE ? { mailSendRate: Number(env.MAIL_SEND_RATE) } : {}),
  }).catch((error: unknown) => {
    if (error instanceof JavaMissingError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  });
  const lines = [
    `aftercare is running (local mode) — ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    stack.seeded
      ? '  seeded the demo zone on an empty database'
      : '  kept the data from the last run (.data/)',
    `  home           ${stack.url}/`,
    `  console        ${stack.url}/console`,
    `  sign in        ${stack.url}/signin   (demo manager: chen.zhiyuan@hitech-zone.example.cn)`,
    `  outbox         ${stack.url}/_local/outbox`,
    `  clock          ${stack.url}/_local/clock`,
    `  API            ${stack.url}/api/v1/openapi.json`,
    ...(isLoopback(host)
      ? []
      : [
          `WARNING: listening on ${host}, not only this machine: anyone who can reach it can read every sign-in`,
          '  link in /_local/outbox and move /_local/clock. Local mode has no such protection; use it on a trusted',
          '  network only.',
        ]),
    'Press Ctrl-C to stop.',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  // If whatever started us (npm, a terminal) goes away without passing on a signal, stop rather than
  // leave DynamoDB Local running with no one to stop it.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop();
  }, 1000).unref();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
