import { bundleFunction, initInputs } from '#infra/bundle/bundle.ts';

const entry = process.argv[2] as string;
const m = await bundleFunction(entry, '/tmp/ib');
const at = new Set(initInputs(m, entry));
const by = new Map<string, number>();
for (const o of Object.values(m.outputs))
  for (const [f, v] of Object.entries(o.inputs))
    if (at.has(f)) {
      const x = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(f);
      const g = x ? x[1]! : f.split('/').slice(0, 2).join('/');
      by.set(g, (by.get(g) ?? 0) + v.bytesInOutput);
    }
console.log('init KB', Math.round([...by.values()].reduce((a, b) => a + b, 0) / 1024));
for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 18))
  console.log(String(Math.round(v / 1024)).padStart(6), k);
