import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseDeployConfig } from '#infra/config.ts';
import { AftercareStack } from '#infra/stacks/aftercare-stack.ts';

export const TWIN_REGION = 'ap-southeast-1';
export const TWIN_ACCOUNT = '123456789012';

export type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

/** A Lambda function as the template defines it, with the directory of the bundle CDK built for it. */
export interface TwinFunction {
  logicalId: string;
  /** The construct id (`Http`, `OpenStep`, …): the logical id without CDK's hash. */
  id: string;
  bundleDir: string;
  handler: string;
  timeoutSeconds: number;
  memoryMb: number;
  environment: Record<string, unknown>;
  /** The variables Lambda adds for the function's logging config (`AWS_LAMBDA_LOG_FORMAT`, `AWS_LAMBDA_LOG_LEVEL`). */
  logging: Record<string, string>;
  roleLogicalId: string;
}

export interface Synthesized {
  template: Template;
  stackName: string;
  functions: TwinFunction[];
}

/**
 * The stack exactly as `cdk deploy` would build it (NodejsFunction's own esbuild run, cdk-nag included), into
 * `outdir`. The deploy configuration is the twin's: links point at the twin's API address.
 */
export function synthesize(
  outdir: string,
  baseUrl: string,
  overrides: Record<string, unknown> = {},
): Synthesized {
  const app = new App({ outdir });
  const config = parseDeployConfig({
    region: TWIN_REGION,
    senderAddress: 'aftercare@zone.example.cn',
    adminEmails: ['ops@zone.example.cn'],
    baseUrl,
    ...overrides,
  });
  const stack = new AftercareStack(app, 'Twin', config, {
    env: { region: TWIN_REGION, account: TWIN_ACCOUNT },
  });
  // cdk-nag's AwsSolutions pack, as on every `cdk synth`/`deploy` (test/infra/nag.test.ts fails on its findings).
  Aspects.of(app).add(new AwsSolutionsChecks());
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as Template;
  const functions: TwinFunction[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const p = resource.Properties as {
      Code?: { S3Key?: string };
      Handler: string;
      Timeout?: number;
      MemorySize?: number;
      Environment?: { Variables?: Record<string, unknown> };
      LoggingConfig?: { LogFormat?: string; ApplicationLogLevel?: string };
      Role: { 'Fn::GetAtt': [string, string] };
    };
    const hash = p.Code?.S3Key?.replace(/\.zip$/, '');
    // CDK's own helper functions (log retention, custom resources) have no bundle of ours.
    if (!hash || !existsSync(join(assembly.directory, `asset.${hash}`, 'index.mjs'))) continue;
    functions.push({
      logicalId,
      id: logicalId.replace(/[0-9A-F]{8}$/, ''),
      bundleDir: join(assembly.directory, `asset.${hash}`),
      handler: p.Handler,
      timeoutSeconds: p.Timeout ?? 3,
      memoryMb: p.MemorySize ?? 128,
      environment: p.Environment?.Variables ?? {},
      logging: {
        ...(p.LoggingConfig?.LogFormat ? { AWS_LAMBDA_LOG_FORMAT: p.LoggingConfig.LogFormat } : {}),
        ...(p.LoggingConfig?.ApplicationLogLevel
          ? { AWS_LAMBDA_LOG_LEVEL: p.LoggingConfig.ApplicationLogLevel }
          : {}),
      },
      roleLogicalId: p.Role['Fn::GetAtt'][0],
    });
  }
  return { template, stackName: stack.stackName, functions };
}

/** The first resource of a type (the table, the bucket, the secret, the API). */
export function logicalIdOf(template: Template, type: string, prefix = ''): string {
  const id = Object.keys(template.Resources).find(
    (k) => template.Resources[k]?.Type === type && k.startsWith(prefix),
  );
  if (!id) throw new Error(`no ${type} in the template`);
  return id;
}

/**
 * Resolve the CloudFormation intrinsics a value holds, with the twin's physical names for the logical ids.
 * Anything not known is an error: the twin must not guess at what a deploy would produce.
 */
export function resolveIntrinsics(
  value: unknown,
  names: { refs: Record<string, string>; attributes: Record<string, string> },
): unknown {
  const r = (v: unknown): unknown => resolveIntrinsics(v, names);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(r);
  const v = value as Record<string, unknown>;
  if ('Ref' in v) {
    const ref = String(v.Ref);
    if (ref in names.refs) return names.refs[ref];
    throw new Error(`twin: no physical name for Ref ${ref}`);
  }
  if ('Fn::GetAtt' in v) {
    const [id, attribute] = v['Fn::GetAtt'] as [string, string];
    const key = `${id}.${attribute}`;
    if (key in names.attributes) return names.attributes[key];
    throw new Error(`twin: no value for Fn::GetAtt ${key}`);
  }
  if ('Fn::Join' in v) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return (parts.map(r) as string[]).join(separator);
  }
  if ('Fn::Select' in v) {
    const [index, list] = v['Fn::Select'] as [number, unknown];
    return (r(list) as unknown[])[Number(index)];
  }
  if ('Fn::Split' in v) {
    const [separator, text] = v['Fn::Split'] as [string, unknown];
    return String(r(text)).split(separator);
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, r(x)]));
}
