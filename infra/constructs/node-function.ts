import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { AssetHashType, DockerImage, Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  Code,
  type FunctionOptions,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { LogLevel } from '../config.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BUNDLER = join(ROOT, 'infra', 'bundle', 'bundle.ts');

/**
 * Every Lambda the same way: Node.js 24 on arm64, ESM, logs kept for a set time, and a role of its own that may
 * write only its own log group (no managed policy); the stack adds what its code needs.
 *
 * The code is bundled by esbuild with code splitting (`infra/bundle/bundle.ts`), not by NodejsFunction, which writes one
 * file: a module the code imports with `import()` — an adapter, exceljs, a step, a page family — becomes a chunk of
 * its own that Node reads only when it is first used, so a cold start compiles the entry and what it imports
 * statically and nothing else. The AWS SDK is bundled too (Lambda's own copy is read from disk file by file).
 * Source maps are written beside each file, without the sources, for reading a stack trace; the functions do not
 * run with `--enable-source-maps`, which would make Node read every map at load.
 */
export function nodeFunction(
  scope: Construct,
  id: string,
  props: FunctionOptions & { entry: string; logLevel?: LogLevel },
) {
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.SIX_MONTHS });
  const role = new Role(scope, `${id}Role`, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `aftercare ${id}`,
  });
  logGroup.grantWrite(role);
  const { entry, logLevel = 'WARN', ...options } = props;
  return new LambdaFunction(scope, id, {
    role,
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: 512,
    timeout: Duration.seconds(15),
    tracing: Tracing.ACTIVE,
    logGroup,
    // JSON logs, filtered by Lambda at the deployment's level: the function's own lines (Powertools writes JSON with
    // a level) and Lambda's (START/END/REPORT are INFO, so at WARN a healthy invocation writes no log line at all).
    loggingFormat: LoggingFormat.JSON,
    applicationLogLevelV2: ApplicationLogLevel[logLevel],
    systemLogLevelV2:
      logLevel === 'DEBUG' || logLevel === 'INFO' ? SystemLogLevel[logLevel] : SystemLogLevel.WARN,
    ...options,
    handler: 'index.handler',
    code: Code.fromAsset(dirname(join(ROOT, entry)), {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never pulled: the bundle is always built locally (below); CDK requires an image all the same.
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
        // CDK keeps one staging per source directory and bundling options: the entry tells the steps that share a
        // directory apart.
        environment: { ENTRY: entry },
        local: {
          tryBundle(outputDir) {
            // esbuild's plugins need its asynchronous API; CDK calls this synchronously, so in a child process.
            execFileSync(process.execPath, [BUNDLER, entry, outputDir], { cwd: ROOT, stdio: 'inherit' });
            return true;
          },
        },
      },
    }),
  });
}
