import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Workflow } from '#functions/access.ts';
import { once } from '#shared/lazy.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Every workflow's ASL for the local engine, synthesized from the CDK constructs (`synthesize.ts`) in a short-lived
 * process of its own, once per process: aws-cdk-lib is only needed to build the definitions, and loaded into the
 * app's own process it stayed there, about 250 MB of the local stack's memory (160 MB of it outside V8's heap) for
 * nothing once the definitions were built.
 */
export const localDefinitions = once(async (): Promise<Record<Workflow, Record<string, unknown>>> => {
  const script = join(ROOT, 'local/engine/synthesize.ts');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout);
});
