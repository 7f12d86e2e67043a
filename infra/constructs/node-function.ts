import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/**
 * Every Lambda the same way: Node.js 24 on arm64, ESM, minified with source maps, logs kept for a set time, and a
 * role of its own that may write only its own log group (no managed policy); the stack adds what its code needs.
 */
export function nodeFunction(scope: Construct, id: string, props: NodejsFunctionProps & { entry: string }) {
  const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.SIX_MONTHS });
  const role = new Role(scope, `${id}Role`, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `aftercare ${id}`,
  });
  logGroup.grantWrite(role);
  return new NodejsFunction(scope, id, {
    role,
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: 512,
    timeout: Duration.seconds(15),
    tracing: Tracing.ACTIVE,
    logGroup,
    depsLockFilePath: 'package-lock.json',
    ...props,
    bundling: {
      format: OutputFormat.ESM,
      minify: true,
      sourceMap: true,
      target: 'node24',
      mainFields: ['module', 'main'],
      // Some dependencies still call require(); give the ESM bundle one.
      banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      ...props.bundling,
    },
    environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
  });
}
