import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layout README's "How it is built" describes, held against the imports: which folder may import which, and no
 * import cycle between files. Reads the sources as text (no Java, no DynamoDB).
 */
const ROOT = join(import.meta.dirname, '..', '..');
const ALIASES: Record<string, string> = {
  '#shared/': 'shared/',
  '#functions/': 'functions/',
  '#infra/': 'infra/',
  '#local/': 'local/',
};

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const resolve = (spec: string): string | undefined => {
    if (spec.startsWith('.')) return posix.normalize(posix.join(posix.dirname(file), spec));
    const alias = Object.keys(ALIASES).find((a) => spec.startsWith(a));
    return alias ? ALIASES[alias] + spec.slice(alias.length) : undefined;
  };
  const found: Import[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const to = resolve(m[3] as string);
    if (to) found.push({ from: file, to, typeOnly: Boolean(m[2]) });
  }
  for (const m of text.matchAll(DYNAMIC)) {
    const to = resolve(m[1] as string);
    if (to) found.push({ from: file, to, typeOnly: false });
  }
  return found;
}

const FILES = ['shared', 'functions', 'local', 'infra'].flatMap(sources);
const IMPORTS = FILES.flatMap(importsOf);

/** Each rule: files under `from` import only what `may` allows (by folder prefix); `types` may be imported as types. */
const RULES: { from: string; may: string[]; types?: string[]; why: string }[] = [
  {
    from: 'shared/',
    may: ['shared/'],
    why: 'the domain and use cases know nothing of Lambda, local mode or CDK',
  },
  {
    from: 'functions/',
    may: ['functions/', 'shared/'],
    why: 'what is bundled for AWS never reaches into local mode or CDK',
  },
  {
    from: 'infra/',
    may: ['infra/', 'functions/registry.ts', 'functions/access.ts', 'shared/'],
    why: 'what deploys reads the function registry and the table definition, never local mode',
  },
  {
    from: 'functions/http/ui/',
    may: ['functions/http/ui/', 'shared/'],
    why: 'the layout and form parts every page shares belong to no page',
  },
  {
    from: 'functions/http/lib/',
    may: ['functions/http/lib/', 'functions/http/ui/', 'functions/lib/', 'shared/'],
    why: 'the route guard, context and error pages serve every route and know none of the pages',
  },
  { from: 'shared/calendar/', may: ['shared/calendar/'], why: 'the calendar is a leaf' },
  {
    from: 'shared/domain/',
    may: ['shared/domain/', 'shared/calendar/'],
    why: 'domain rules are plain functions over the domain and the calendar',
  },
  {
    from: 'shared/store/',
    may: ['shared/store/', 'shared/domain/', 'shared/aws/', 'shared/log/'],
    types: ['shared/mail/mailer.ts'],
    why: 'the store adapts the domain to DynamoDB and knows no use case',
  },
];

describe('the layout', () => {
  it('finds the sources and their imports', () => {
    expect(FILES.length).toBeGreaterThan(150);
    expect(IMPORTS.length).toBeGreaterThan(500);
    expect(IMPORTS).toContainEqual({
      from: 'functions/http/pages/task.ts',
      to: 'functions/http/pages/task.view.tsx',
      typeOnly: false,
    });
  });

  for (const rule of RULES) {
    it(`${rule.from} imports only ${rule.may.join(', ')}: ${rule.why}`, () => {
      const wrong = IMPORTS.filter(
        (i) =>
          i.from.startsWith(rule.from) &&
          !rule.may.some((p) => i.to.startsWith(p)) &&
          !(i.typeOnly && rule.types?.includes(i.to)),
      ).map((i) => `${i.from} → ${i.to}`);
      expect(wrong).toEqual([]);
    });
  }

  it('has no import cycle between files, type imports included', () => {
    const next = new Map<string, string[]>();
    for (const i of IMPORTS) next.set(i.from, [...(next.get(i.from) ?? []), i.to]);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const to of next.get(file) ?? []) visit(to, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of FILES) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
