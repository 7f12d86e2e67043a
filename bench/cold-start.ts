import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { FUNCTION_IDS, specOf } from '#functions/registry.ts';
import { parseDeployConfig } from '#infra/config.ts';
import { AftercareStack } from '#infra/stacks/aftercare-stack.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench', '.out');

export interface ColdStart {
  fn: string;
  entry: string;
  bundleBytes: number;
  unbundledBytes: number;
  bundledInitMs: number;
  unbundledInitMs: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

/** Import a module in a fresh Node process and report how long the import took (module initialisation). */
function initMs(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(`file://${file}`)});process.stdout.write(String(performance.now()-t));process.exit(0);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, AWS_REGION: 'ap-southeast-1', NODE_OPTIONS: '' },
    encoding: 'utf8',
  });
  return Number(out);
}

/**
 * Every Lambda bundle exactly as CDK builds it (the stack synthesized into bench/.out, NodejsFunction's own esbuild
 * run), its size, and its module initialisation time in fresh processes — against the same handler with its
 * dependencies loaded unbundled from node_modules (our code transpiled, packages external).
 */
export async function coldStarts(runs: number, progress: (line: string) => void): Promise<ColdStart[]> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const app = new App({ outdir: join(OUT, 'cdk.out') });
  const config = parseDeployConfig({
    region: 'ap-southeast-1',
    senderAddress: 'aftercare@example.cn',
    adminEmails: ['ops@example.cn'],
  });
  const stack = new AftercareStack(app, 'Bench', config, { env: { region: config.region } });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }>;
  };
  const results: ColdStart[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    // The function's code asset: cdk.out/asset.<hash>/index.mjs, the hash being the S3 key's name.
    const hash = resource.Properties.Code?.S3Key?.replace(/\.zip$/, '');
    if (!hash) continue;
    const bundle = join(assembly.directory, `asset.${hash}`, 'index.mjs');
    const entry = ENTRIES[id.replace(/[0-9A-F]{8}$/, '')];
    if (!entry) throw new Error(`${id}: a function the registry does not list`);
    // The baseline: the same entry, our code transpiled into one file, every package left in node_modules.
    const unbundled = join(OUT, 'unbundled', `${id}.mjs`);
    await build({
      entryPoints: [join(ROOT, entry)],
      outfile: unbundled,
      bundle: true,
      packages: 'external',
      format: 'esm',
      platform: 'node',
      target: 'node24',
      metafile: true,
      logLevel: 'silent',
    });
    // What the unbundled handler loads: our files plus every package file the full graph reaches.
    const full = await build({
      entryPoints: [join(ROOT, entry)],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node24',
      metafile: true,
      external: ['@aws-sdk/*'],
      logLevel: 'silent',
    });
    const unbundledBytes = Object.keys(full.metafile.inputs).reduce(
      (sum, f) => sum + statSync(join(ROOT, f)).size,
      0,
    );
    const bundled: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < runs; i++) {
      bundled.push(initMs(bundle));
      plain.push(initMs(unbundled));
    }
    results.push({
      fn: id.replace(/[0-9A-F]{8}$/, ''),
      entry,
      bundleBytes: statSync(bundle).size,
      unbundledBytes,
      bundledInitMs: median(bundled),
      unbundledInitMs: median(plain),
    });
    progress(`cold start: ${results.at(-1)?.fn} measured (${runs} fresh processes each way)`);
  }
  return results;
}

/** The stack's functions and their entry files, from the one registry. */
const ENTRIES: Record<string, string> = Object.fromEntries(FUNCTION_IDS.map((id) => [id, specOf(id).entry]));
