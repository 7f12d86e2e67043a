import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DELETABLE_PARTITIONS, keys } from '#shared/store/keys.ts';

/**
 * The store (shared/store/) is the only code that knows how items are laid out: keys, index attributes and
 * DynamoDB expressions. Everything else hands it domain objects (e.g. `taskChange(db, before, after)`). This reads
 * every source file outside the store (no DynamoDB) and parses it, so comments and page text never count: only
 * identifiers, imports and string (or template) literals do.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const SCANNED = ['shared', 'functions', 'local', 'infra', 'bench'];
const STORE = 'shared/store/';
const SKIPPED_DIRS = new Set(['node_modules', 'cdk.out', '.data']);

/**
 * The static parts of every key the store builds, learnt from the key builders themselves (called with a marker
 * for each argument), plus the partitions other store modules name on their own.
 */
const MARK = '\u0000';
const OTHER_STORE_KEYS = [
  'STATS#',
  'PERIOD#',
  'DIGEST#',
  'NEEDS',
  'MAILQ',
  'COUNTQ',
  'LEASE',
  'UNDELIVERABLE',
];
const KEY_FRAGMENTS = (() => {
  const parts = new Set<string>(OTHER_STORE_KEYS);
  for (const build of Object.values(keys) as ((...args: string[]) => unknown)[]) {
    const built = build(MARK, MARK, MARK);
    const values = typeof built === 'string' ? [built] : Object.values(built as Record<string, string>);
    for (const value of values) for (const part of value.split(MARK)) if (part) parts.add(part);
  }
  return [...parts];
})();
/** Fragments with a `#` (`ENT#`, `#OPEN`, `EXEC#RUNNING`) are keys wherever they appear in a literal. */
const PREFIXES = KEY_FRAGMENTS.filter((p) => p.includes('#'));
/** Bare names (`OPEN`, `ZONE`, `ENT`, `MAILQ`) are keys when they are a literal's whole text. */
const BARE = new Set(KEY_FRAGMENTS.filter((p) => !p.includes('#')));
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PREFIX_PATTERN = new RegExp(
  PREFIXES.map(
    (p) => `${/^\w/.test(p) ? '(?<!\\w)' : ''}${escapeRegExp(p)}${/\w$/.test(p) ? '(?!\\w)' : ''}`,
  ).join('|'),
);

const INDEX_ATTRIBUTE = /GSI[1-9](PK|SK)/;
const EXPRESSION_PARAMETERS = new Set([
  'UpdateExpression',
  'ConditionExpression',
  'KeyConditionExpression',
  'FilterExpression',
  'ProjectionExpression',
  'ExpressionAttributeNames',
  'ExpressionAttributeValues',
  'IndexName',
]);
/** Store exports that take or give raw keys, index attributes or expressions: for store modules only. */
const RAW_STORE_HELPERS = new Set([
  'openItemIndexes',
  'OPEN_INDEX_ATTRIBUTES',
  'enterpriseIndexes',
  'updateItem',
  'updateVersioned',
  'versionedUpdateParts',
  'putNew',
  'scoreKey',
  'stripKeys',
]);
const EXPRESSION_TEXT: [RegExp, string][] = [
  [
    /\b(attribute_not_exists|attribute_exists|attribute_type|if_not_exists|list_append|begins_with)\s*\(/,
    'function',
  ],
  [/(^|\s)SET\s+[#:\w.]+\s*=/, 'SET clause'],
  [/(^|\s)REMOVE\s+[#\w]+/, 'REMOVE clause'],
  [/(^|\s)(ADD|DELETE)\s+#\w+\s+:\w+/, 'ADD/DELETE clause'],
  [/(^|[#\w])\s*(=|<>|<=|>=|<|>)\s*:[A-Za-z_]\w*/, 'placeholder'],
];

/*
 * Allowed exceptions, each named where the checks below make it. They are matched by what the code says, not by
 * file, so they hold wherever that code moves:
 * - deletablePartitionsType: IAM grants type their `dynamodb:LeadingKeys` list against the store's
 *   DELETABLE_PARTITIONS (a type-only import of that one name from keys.ts), so a role cannot name a partition
 *   the store never deletes from
 * - deletablePartitionsGrant: the `deletes` list of a grant names partitions from DELETABLE_PARTITIONS
 *   (checked by that type): the IAM LeadingKeys patterns, not keys built by the code
 * - zipSignature: 'PK' compared with bytes read as text is the ZIP (.xlsx) file signature, not the partition
 *   key attribute
 */

interface Violation {
  file: string;
  line: number;
  rule: 'key builder' | 'index attribute' | 'key attribute' | 'key' | 'expression';
  text: string;
}

function isKeysModule(specifier: string): boolean {
  return /(^|\/)store\/keys(\.ts)?$/.test(specifier);
}

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) return node.text;
  return undefined;
}

/** A string in a grant's `deletes: [...]` that is one of the store's deletable partitions. */
function isDeletesGrant(node: ts.Node, text: string): boolean {
  const list = node.parent;
  const property = list?.parent;
  return (
    (DELETABLE_PARTITIONS as readonly string[]).includes(text) &&
    !!list &&
    ts.isArrayLiteralExpression(list) &&
    !!property &&
    ts.isPropertyAssignment(property) &&
    property.name.getText() === 'deletes'
  );
}

/** `bytes.toString('latin1') !== 'PK'`: the ZIP signature. */
function isZipSignature(node: ts.Node, text: string): boolean {
  const comparison = node.parent;
  if (text !== 'PK' || !comparison || !ts.isBinaryExpression(comparison)) return false;
  const other = comparison.left === node ? comparison.right : comparison.left;
  return (
    ts.isCallExpression(other) &&
    ts.isPropertyAccessExpression(other.expression) &&
    other.expression.name.text === 'toString'
  );
}

/** `{ IndexName: … }`, `{ IndexName }`, `input.IndexName`: a DynamoDB request's parameter (not a type's name). */
function isParameterName(node: ts.Identifier | ts.PrivateIdentifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    ts.isShorthandPropertyAssignment(parent) ||
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isBindingElement(parent) && (parent.propertyName ?? parent.name) === node)
  );
}

function isAllowedKeysImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause || clause.name) return false;
  const bindings = clause.namedBindings;
  if (!bindings || !ts.isNamedImports(bindings) || bindings.elements.length !== 1) return false;
  const [only] = bindings.elements;
  const typeOnly = clause.isTypeOnly || !!only?.isTypeOnly;
  return typeOnly && only?.name.text === 'DELETABLE_PARTITIONS' && !only.propertyName;
}

/** Every place in one file's code that knows the table's layout. */
function violations(file: string, source: string): Violation[] {
  const sf = ts.createSourceFile(
    file,
    source,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: Violation[] = [];
  const add = (node: ts.Node, rule: Violation['rule'], text: string) =>
    found.push({
      file,
      line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
      rule,
      text: text.length > 80 ? `${text.slice(0, 77)}...` : text,
    });
  const keyBuilders = new Set(Object.keys(keys));

  const visit = (node: ts.Node): void => {
    // Imports of the key builders (import, export … from, import(), import('…').T).
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      const spec = node.moduleSpecifier;
      if (spec && ts.isStringLiteral(spec) && isKeysModule(spec.text)) {
        if (!(ts.isImportDeclaration(node) && isAllowedKeysImport(node))) add(node, 'key builder', spec.text);
      }
      if (spec && ts.isStringLiteral(spec)) return; // the specifier itself is not a key
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg) && isKeysModule(arg.text)) add(node, 'key builder', arg.text);
    }
    if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal) && isKeysModule(arg.literal.text))
        add(node, 'key builder', arg.literal.text);
    }
    // `keys.enterprise(…)` and the like.
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'keys' &&
      keyBuilders.has(node.name.text)
    )
      add(node, 'key builder', node.getText(sf));

    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
      const name = node.text;
      if (INDEX_ATTRIBUTE.test(name)) add(node, 'index attribute', name);
      else if (name === 'PK' || name === 'SK') add(node, 'key attribute', name);
      else if (EXPRESSION_PARAMETERS.has(name) && isParameterName(node)) add(node, 'expression', name);
      else if (RAW_STORE_HELPERS.has(name)) add(node, 'key builder', name);
    }

    const text = literalText(node);
    if (text !== undefined) {
      if (INDEX_ATTRIBUTE.test(text)) add(node, 'index attribute', text);
      else if ((text === 'PK' || text === 'SK') && !isZipSignature(node, text))
        add(node, 'key attribute', text);
      else if (isDeletesGrant(node, text)) {
        // exception: deletablePartitionsGrant
      } else if (BARE.has(text) || PREFIX_PATTERN.test(text)) add(node, 'key', text);
      else {
        const expression = EXPRESSION_TEXT.find(([pattern]) => pattern.test(text));
        if (expression) add(node, 'expression', text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function sources(dir: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return SKIPPED_DIRS.has(e.name) ? [] : sources(path);
    return /\.(m|c)?tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const checkedFiles = () =>
  SCANNED.flatMap((d) => sources(join(ROOT, d)))
    .map((path) => relative(ROOT, path).split('\\').join('/'))
    .filter((file) => !file.startsWith(STORE));

describe('the store boundary', () => {
  it('learns the key layout from the store itself', () => {
    expect(PREFIXES).toEqual(
      expect.arrayContaining(['ENT#', 'TASK#', 'DEPT#', 'STAFF#', '#OPEN', 'EXEC#RUNNING']),
    );
    expect([...BARE]).toEqual(expect.arrayContaining(['OPEN', 'ZONE', 'ENT', 'MAILQ', 'COUNTQ']));
  });

  it('no code outside shared/store/ knows keys, index attributes or expressions', () => {
    const files = checkedFiles();
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) => violations(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(found.map((v) => `${v.file}:${v.line} ${v.rule}: ${v.text}`)).toEqual([]);
  });

  it('catches every kind of violation', () => {
    // `$(x)` stands for a substitution `${x}` in the planted template literals.
    const planted: [string, Violation['rule']][] = [
      ["import { keys } from '../store/keys.ts';", 'key builder'],
      ["import { keys } from '#shared/store/keys.ts';", 'key builder'],
      ["export { keys } from '#shared/store/keys.ts';", 'key builder'],
      ["const { keys } = await import('#shared/store/keys.ts');", 'key builder'],
      ['const k = keys.enterprise(id);', 'key builder'],
      ['const x = { ...openItemIndexes(task) };', 'key builder'],
      ['updateItem(db, { entity: "task", id, set: {} });', 'key builder'],
      ['const i = { GSI1PK: x };', 'index attribute'],
      ['if (item.GSI3SK) go();', 'index attribute'],
      ["const a = ['GSI2PK'];", 'index attribute'],
      ['const k = { PK: p, SK: s };', 'key attribute'],
      ['const p = item.PK;', 'key attribute'],
      ["const p = item['SK'];", 'key attribute'],
      ["const pk = 'ENT#' + id;", 'key'],
      ['const pk = `STAFF#$(id)#OPEN`;', 'key'],
      ['const pk = `DEPT#$(id)#LEAD`;', 'key'],
      ["if (item.board === 'OPEN') go();", 'key'],
      ["const q = 'EXEC#RUNNING';", 'key'],
      ["const z = 'ZONE';", 'key'],
      ['const pk = `STATS#DEPT#$(id)`;', 'key'],
      ['send({ UpdateExpression: x });', 'expression'],
      ['send({ ConditionExpression: x });', 'expression'],
      ['send({ KeyConditionExpression: x });', 'expression'],
      ['send({ ExpressionAttributeValues: x });', 'expression'],
      ['send({ IndexName: x });', 'expression'],
      ["const c = 'attribute_not_exists(id)';", 'expression'],
      ["const u = 'SET waitToken = :token';", 'expression'],
      ["const u = 'SET #a = #a + :one';", 'expression'],
      ["const r = ' REMOVE openTaskId';", 'expression'],
      ["const c = '#st = :open';", 'expression'],
      ["const c = 'openTaskId = :task';", 'expression'],
      ['const c = `$(name) = :was`;', 'expression'],
      ["const p = { ProjectionExpression: 'waitToken' };", 'expression'],
      ['const { KeyConditionExpression } = input;', 'expression'],
      ['const t = task.GSI1PK ?? item.PK;', 'key attribute'],
    ];
    for (const [snippet, rule] of planted) {
      const code = snippet.replace(/\$\((\w+)\)/g, (_, x: string) => `\${${x}}`);
      const found = violations('planted.ts', code);
      expect(
        found.map((v) => v.rule),
        code,
      ).toContain(rule);
    }
  });

  it('has no false positives on ordinary code, and allows only its listed exceptions', () => {
    const clean = [
      '// keys.enterprise(id), GSI1PK, ENT#<id>, SET a = :b: comments do not count',
      '/** `PK = ENT#<id>` */ const a = 1;',
      'const n = Object.keys(o).length;',
      'const keys = [1]; const n = keys.length;',
      "const status = 'open';",
      "addToCounters(db, 'DEPT', id, count);",
      "const query = ['table', 'GSI1', 'GSI2'];",
      "const href = '#main';",
      "const route = '/console/enterprises/:id';",
      "const time = '09:00';",
      "const note = 'Set the date: 2026-01-01';",
      'const el = <p>SET a = :b ENT#1 GSI1PK</p>;',
      'const s = ScheduleExpression.rate(5);',
      "type IndexName = (typeof TABLE.indexes)[number]['name'];",
      // exception: deletablePartitionsType
      "import type { DELETABLE_PARTITIONS } from '#shared/store/keys.ts';",
      "import { type DELETABLE_PARTITIONS } from '#shared/store/keys.ts';",
      // exception: deletablePartitionsGrant
      "const grant = { deletes: ['SIGNIN#*', 'SESSION#*', 'COUNTQ', 'MAILQ', 'LEASE'] };",
      // exception: zipSignature
      "if (bytes.subarray(0, 2).toString('latin1') !== 'PK') fail();",
    ];
    for (const code of clean) expect(violations('clean.tsx', code), code).toEqual([]);
    // The exceptions are narrow: the same names anywhere else are violations.
    for (const code of [
      "import type { DELETABLE_PARTITIONS, keys } from '#shared/store/keys.ts';",
      "import { DELETABLE_PARTITIONS } from '#shared/store/keys.ts';",
      "const grant = { reads: ['SIGNIN#*'] };",
      "const grant = { deletes: ['ENT#*'] };",
      "if (name !== 'PK') fail();",
    ])
      expect(violations('planted.ts', code), code).not.toEqual([]);
  });
});
