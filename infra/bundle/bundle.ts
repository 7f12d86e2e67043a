import { dirname, join, resolve } from 'node:path';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';

/**
 * A Lambda function's bundle, as the stack deploys it (`infra/constructs/node-function.ts` runs this file with Node,
 * which reads its types away): `node infra/bundle/bundle.ts <entry> <outDir>`. Plain TypeScript that Node can strip.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');

/** Bundle one function's entry (from the repository root) into `outDir`: `index.mjs` and its chunks. */
export async function bundleFunction(entry: string, outDir: string): Promise<Metafile> {
  return (await build(bundleOptions(entry, outDir))).metafile as Metafile;
}

/** The esbuild options of a function's bundle. */
export function bundleOptions(entry: string, outDir: string): BuildOptions {
  return {
    absWorkingDir: ROOT,
    entryPoints: { index: join(ROOT, entry) },
    outdir: outDir,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    platform: 'node',
    target: 'node24',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: 'external',
    sourcesContent: false,
    // Some dependencies still call require(); give each ESM file one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    plugins: [zodEnglishOnly],
    metafile: true,
    logLevel: 'error',
  };
}

/**
 * The source files whose code runs while a bundle initialises (`entryFile` from the repository root, as in the
 * registry): those of its entry and of every chunk the entry
 * imports statically, transitively (not those behind an `import()`, which load when first used).
 */
export function initInputs(metafile: Metafile, entryFile: string): string[] {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((o) => outputs[o]?.entryPoint === entryFile);
  const seen = new Set<string>();
  const todo = entry ? [entry] : [];
  for (let o = todo.pop(); o !== undefined; o = todo.pop()) {
    if (seen.has(o)) continue;
    seen.add(o);
    for (const i of outputs[o]?.imports ?? [])
      if (i.kind === 'import-statement' && outputs[i.path]) todo.push(i.path);
  }
  return [...seen].flatMap((o) => Object.keys(outputs[o]?.inputs ?? {}));
}

/**
 * zod's namespace object (and zod's core) re-export its 40-odd message locales (`z.locales`), about 260 KB of the 440 KB it adds to
 * every bundle, which esbuild cannot drop because `z` is used as a value. The app never switches zod's locale (its
 * errors are translated by field, `shared/i18n/`), so the namespace keeps English, the one zod configures itself.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic[\\/]external|core[\\/]index)\.js$/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

if (import.meta.main) {
  const [entry, outDir] = process.argv.slice(2);
  if (!entry || !outDir) throw new Error('usage: node infra/bundle/bundle.ts <entry> <outDir>');
  await bundleFunction(entry, outDir);
}
