import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Workflow } from '#functions/access.ts';
import { once } from '#shared/lazy.ts';

type Definition = Record<string, unknown>;

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Every workflow's ASL for the local engine, synthesized from the CDK constructs (`synthesize.ts`) in a short-lived
 * process of its own, once per process: aws-cdk-lib is only needed to build the definitions, and loaded into the
 * app's own process it stayed there, about 250 MB of the local stack's memory (160 MB of it outside V8's heap) for
 * nothing once the definitions were built.
 */
export const localDefinitions = once(
  () =>
    new Promise<Record<Workflow, Definition>>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'local/engine/synthesize.ts')], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        err += d;
      });
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0)
          return reject(new Error(`synthesizing the workflows failed (exit ${code}): ${err.slice(-2000)}`));
        try {
          resolve(JSON.parse(out));
        } catch (error) {
          reject(error);
        }
      });
    }),
);
