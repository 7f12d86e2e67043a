import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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
  /** The bundle's code read while the function initialises: its entry and the chunks imported then. */
  bundleBytes: number;
  /** All of the bundle's code as deployed (every chunk, maps apart). */
  deployedBytes: number;
  unbundledBytes: number;
  /** The function's NODE_OPTIONS as deployed, both ways measured with them. */
  nodeOptions: string;
  bundledInitMs: number;
  /**
   * The init and then every chunk of the bundle loaded: what a container has spent on loading code once its first
   * calls have used everything (the most; the bill charges this for each cold start).
   */
  allLoadedMs: number;
  unbundledInitMs: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

/**
 * Import a module in a fresh Node process, with the Node options the function is deployed with (its NODE_OPTIONS,
 * e.g. `--enable-source-maps`, which makes Node read the bundle's source map at load), and report how long the
 * import took (module initialisation) — or, with `then`, how long it took to import it and then those files too.
 */
function initMs(file: string, nodeOptions: string, then: string[] = []): number {
  const urls = JSON.stringify([file, ...then].map((f) => `file://${f}`));
  const script = `const t=performance.now();for(const u of ${urls})await import(u);process.stdout.write(String(performance.now()-t));process.exit(0);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, AWS_REGION: 'ap-southeast-1', NODE_OPTIONS: nodeOptions },
    encoding: 'utf8',
  });
  return Number(out);
}

/** The bytes of every file a fresh process reads while it imports `file` (Node's module hooks, a run of its own). */
function initBytes(file: string): number {
  const script = `import { registerHooks } from 'node:module'; import { statSync } from 'node:fs'; import { fileURLToPath } from 'node:url';
let bytes = 0; const seen = new Set();
registerHooks({ load(url, context, next) { if (url.startsWith('file:') && !seen.has(url)) { seen.add(url); bytes += statSync(fileURLToPath(url)).size; } return next(url, context); } });
await import(${JSON.stringify(`file://${file}`)}); process.stdout.write(String(bytes)); process.exit(0);`;
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, AWS_REGION: 'ap-southeast-1', NODE_OPTIONS: '' },
      encoding: 'utf8',
    }),
  );
}

/** Every .mjs file under `dir`. */
const codeFiles = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.mjs'))
    .map((e) => join(e.parentPath, e.name));
const codeBytes = (dir: string) => codeFiles(dir).reduce((sum, f) => sum + statSync(f).size, 0);

/**
 * Every Lambda bundle exactly as CDK builds it (the stack synthesized into bench/.out, `infra/bundle/bundle.ts`), its size, and its module initialisation time in fresh processes — against the same handler with its
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
    Resources: Record<
      string,
      {
        Type: string;
        Properties: { Code?: { S3Key?: string }; Environment?: { Variables?: Record<string, unknown> } };
      }
    >;
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
    const nodeOptions = String(resource.Properties.Environment?.Variables?.NODE_OPTIONS ?? '');
    const chunks = codeFiles(dirname(bundle)).filter((f) => f !== bundle);
    const bundled: number[] = [];
    const plain: number[] = [];
    const whole: number[] = [];
    for (let i = 0; i < runs; i++) {
      bundled.push(initMs(bundle, nodeOptions));
      plain.push(initMs(unbundled, nodeOptions));
      whole.push(initMs(bundle, nodeOptions, chunks));
    }
    results.push({
      fn: id.replace(/[0-9A-F]{8}$/, ''),
      entry,
      bundleBytes: initBytes(bundle),
      deployedBytes: codeBytes(dirname(bundle)),
      unbundledBytes,
      nodeOptions,
      bundledInitMs: median(bundled),
      unbundledInitMs: median(plain),
      allLoadedMs: median(whole),
    });
    progress(`cold start: ${results.at(-1)?.fn} measured (${runs} fresh processes each way)`);
  }
  return results;
}

/** The stack's functions and their entry files, from the one registry. */
const ENTRIES: Record<string, string> = Object.fromEntries(FUNCTION_IDS.map((id) => [id, specOf(id).entry]));
