/**
 * IAM identity-policy evaluation, the subset a Lambda role needs: Allow/Deny statements with Action/NotAction,
 * Resource/NotResource and Condition, evaluated as IAM does for a principal's own policies — an explicit Deny wins,
 * otherwise the request is allowed if any Allow statement matches, otherwise it is implicitly denied.
 *
 * Sources for each rule, in the IAM User Guide: "Policy evaluation logic"; "IAM JSON policy elements: Action /
 * Resource / Condition"; "Condition operators"; "Single-valued vs. multivalued context keys" (ForAllValues /
 * ForAnyValue); "IAM policy elements: Variables and tags".
 */

export type ContextValue = string | string[];
export type Context = Record<string, ContextValue>;

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Condition?: Record<string, Record<string, string[]>>;
}

export interface Request {
  action: string;
  resource: string;
  context?: Context;
}

/** Where a statement came from, for messages: the policy's logical id (or name) and the statement's place in it. */
export interface StatementRef {
  policy: string;
  index: number;
  statement: Statement;
}

export const statementLabel = (s: StatementRef) =>
  s.statement.Sid ? `${s.policy}/${s.statement.Sid}` : `${s.policy}[${s.index}]`;

const toArray = <T>(v: T | T[] | undefined): T[] | undefined =>
  v === undefined ? undefined : ([] as T[]).concat(v);

/** A policy document's statements, each element as an array (a string is the one-element array). */
export function normalizeStatements(document: unknown): Statement[] {
  const doc = document as { Statement?: unknown };
  const raw = toArray(doc?.Statement as Record<string, unknown> | Record<string, unknown>[]) ?? [];
  return raw.map((s) => {
    const condition = s.Condition as Record<string, Record<string, unknown>> | undefined;
    return {
      ...(typeof s.Sid === 'string' ? { Sid: s.Sid } : {}),
      Effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
      ...(s.Action !== undefined ? { Action: toArray(s.Action as string | string[]) } : {}),
      ...(s.NotAction !== undefined ? { NotAction: toArray(s.NotAction as string | string[]) } : {}),
      ...(s.Resource !== undefined ? { Resource: toArray(s.Resource as string | string[]) } : {}),
      ...(s.NotResource !== undefined ? { NotResource: toArray(s.NotResource as string | string[]) } : {}),
      ...(condition
        ? {
            Condition: Object.fromEntries(
              Object.entries(condition).map(([op, keys]) => [
                op,
                Object.fromEntries(
                  Object.entries(keys).map(([k, v]) => [k, (toArray(v as unknown) ?? []).map(String)]),
                ),
              ]),
            ),
          }
        : {}),
    } as Statement;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Wildcards and policy variables

function lookup(context: Context | undefined, key: string): ContextValue | undefined {
  if (!context) return undefined;
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(context)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

type Glob = RegExp | undefined;

/**
 * A pattern as a regular expression. `*` is any run of characters and `?` one character. In an ARN (`arn: true`)
 * a `*` stays inside its colon-separated segment unless it ends the segment (or the ARN), where it may run past the
 * colons ("IAM JSON policy elements: Resource", "Using wildcards in resource ARNs"). `${key}` is a policy variable
 * from the request context (`${aws:username, 'x'}` falls back to `x`), `${*}`, `${?}`, `${$}` the literal
 * characters; a variable whose key is missing (or multivalued) and has no default makes the pattern match nothing.
 */
export function compile(
  pattern: string,
  opts: { arn: boolean; ignoreCase?: boolean; context?: Context },
): Glob {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0) {
        out += '\\$';
        continue;
      }
      const inner = pattern.slice(i + 2, end).trim();
      i = end;
      if (inner === '*' || inner === '?' || inner === '$') {
        out += `\\${inner}`;
        continue;
      }
      const [name, fallback] = inner.split(/\s*,\s*/, 2) as [string, string | undefined];
      const value = lookup(opts.context, name);
      const text =
        typeof value === 'string'
          ? value
          : fallback !== undefined
            ? fallback.replace(/^'|'$/g, '')
            : undefined;
      if (text === undefined) return undefined;
      out += text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      continue;
    }
    if (c === '*') {
      const next = pattern[i + 1];
      out += opts.arn && next !== undefined && next !== ':' ? '[^:]*' : '.*';
    } else if (c === '?') {
      out += opts.arn ? '[^:]' : '.';
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`, opts.ignoreCase ? 'is' : 's');
}

/** Action names are case-insensitive, service prefix included ("IAM JSON policy elements: Action"). */
export const actionMatches = (pattern: string, action: string) =>
  compile(pattern, { arn: false, ignoreCase: true })?.test(action) ?? false;

/** Resource ARNs are case-sensitive; `*` alone matches every resource, including the `*` of an action that has none. */
export const resourceMatches = (pattern: string, resource: string, context?: Context) =>
  pattern === '*' || (compile(pattern, { arn: true, context })?.test(resource) ?? false);

// ---------------------------------------------------------------------------------------------------------------
// Conditions

const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
};

const dateValue = (s: string) => (/^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s));

function ipv4(s: string): number | undefined {
  const parts = s.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return (
    (((parts[0] as number) << 24) |
      ((parts[1] as number) << 16) |
      ((parts[2] as number) << 8) |
      (parts[3] as number)) >>>
    0
  );
}

/** One request value against one policy value, for a positive (not negated) operator. */
function matchOne(
  op: string,
  requestValue: string,
  policyValue: string,
  context: Context | undefined,
): boolean {
  switch (op) {
    case 'StringEquals':
    case 'StringEqualsIgnoreCase': {
      // Policy variables are allowed in string conditions (a missing one matches nothing); * and ? are literal.
      const literal = policyValue.replace(/\*/g, '$${*}').replace(/\?/g, '$${?}');
      const glob = compile(literal, {
        arn: false,
        ignoreCase: op === 'StringEqualsIgnoreCase',
        context,
      });
      return glob?.test(requestValue) ?? false;
    }
    case 'StringLike':
      return compile(policyValue, { arn: false, context })?.test(requestValue) ?? false;
    case 'ArnEquals':
    case 'ArnLike':
      // The two behave the same: both take wildcards ("Condition operators", "Amazon Resource Name (ARN)").
      return resourceMatches(policyValue, requestValue, context);
    case 'NumericEquals':
      return Number(requestValue) === Number(policyValue);
    case 'NumericLessThan':
      return Number(requestValue) < Number(policyValue);
    case 'NumericLessThanEquals':
      return Number(requestValue) <= Number(policyValue);
    case 'NumericGreaterThan':
      return Number(requestValue) > Number(policyValue);
    case 'NumericGreaterThanEquals':
      return Number(requestValue) >= Number(policyValue);
    case 'DateEquals':
      return dateValue(requestValue) === dateValue(policyValue);
    case 'DateLessThan':
      return dateValue(requestValue) < dateValue(policyValue);
    case 'DateLessThanEquals':
      return dateValue(requestValue) <= dateValue(policyValue);
    case 'DateGreaterThan':
      return dateValue(requestValue) > dateValue(policyValue);
    case 'DateGreaterThanEquals':
      return dateValue(requestValue) >= dateValue(policyValue);
    case 'Bool':
      return requestValue.toLowerCase() === policyValue.toLowerCase();
    case 'BinaryEquals':
      return requestValue === policyValue;
    case 'IpAddress': {
      const [net, bits = '32'] = policyValue.split('/');
      const a = ipv4(requestValue);
      const b = ipv4(net ?? '');
      if (a === undefined || b === undefined) return false;
      const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
      return (a & mask) >>> 0 === (b & mask) >>> 0;
    }
    default:
      throw new Error(`condition operator ${op} is not supported by this checker`);
  }
}

export interface ConditionResult {
  ok: boolean;
  /** The first condition that failed, as `StringEquals ses:FromAddress ["a@b.cn"] (request: "x@b.cn")`. */
  failed?: string;
}

/**
 * A statement's Condition block: every operator, every key under it, must hold; the values listed for one key are
 * alternatives ("Creating a condition with multiple keys or values").
 *
 * A key missing from the request context: a positive operator is false, a negated one (StringNotEquals,
 * ArnNotLike, …) true; `…IfExists` is true; `ForAllValues:` is true (no value fails it) and `ForAnyValue:` false;
 * `Null` tests exactly that. ("Condition operators": "If the key that you specify in a policy condition is not
 * present in the request context, the values do not match and the condition is false. If the policy condition
 * requires that the key is not matched, such as StringNotLike or ArnNotLike, and the right key is not present, the
 * condition is true.")
 */
export function conditionsHold(
  condition: Statement['Condition'],
  context: Context | undefined,
): ConditionResult {
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    for (const [key, policyValues] of Object.entries(keys)) {
      const value = lookup(context, key);
      if (!conditionHolds(operator, value, policyValues, context)) {
        const shown = value === undefined ? 'absent' : JSON.stringify(value);
        return {
          ok: false,
          failed: `${operator} ${key} ${JSON.stringify(policyValues)} (request: ${shown})`,
        };
      }
    }
  }
  return { ok: true };
}

function conditionHolds(
  operator: string,
  value: ContextValue | undefined,
  policyValues: string[],
  context: Context | undefined,
): boolean {
  const set = /^(ForAllValues|ForAnyValue):/.exec(operator)?.[1];
  let op = set ? operator.slice(set.length + 1) : operator;
  const ifExists = op.endsWith('IfExists');
  if (ifExists) op = op.slice(0, -'IfExists'.length);
  const values = value === undefined ? [] : ([] as string[]).concat(value);
  const present = values.length > 0;

  if (op === 'Null') {
    // "true": the key must be absent; "false": present.
    return policyValues.some((p) => (p.toLowerCase() === 'true') === !present);
  }
  /** Defined for a negated operator: its positive counterpart. */
  const counterpart = NEGATED[op];
  const base = counterpart ?? op;
  const matchesAny = (v: string) => policyValues.some((p) => matchOne(base, v, p, context));

  if (!present) {
    if (ifExists || set === 'ForAllValues') return true;
    if (set === 'ForAnyValue') return false;
    return counterpart !== undefined;
  }
  // A negated operator holds for a value that matches none of the policy's values.
  const holds = (v: string) => (counterpart ? !matchesAny(v) : matchesAny(v));
  if (set === 'ForAllValues') return values.every(holds);
  if (set === 'ForAnyValue') return values.some(holds);
  // A single-valued operator given several values (a multivalued key without a set qualifier): IAM documents this
  // as unsupported; we read it as "any value" for a positive operator and "no value" for a negated one.
  return counterpart ? values.every(holds) : values.some(holds);
}

// ---------------------------------------------------------------------------------------------------------------
// Statements and decisions

export interface StatementMatch {
  action: boolean;
  resource: boolean;
  conditions: ConditionResult;
  /** The Action (or `NotAction …`) patterns and Resource (or `NotResource …`) patterns that matched. */
  actionPatterns: string[];
  resourcePatterns: string[];
}

export function matchStatement(statement: Statement, request: Request): StatementMatch {
  const actionPatterns = statement.Action
    ? statement.Action.filter((p) => actionMatches(p, request.action))
    : statement.NotAction && !statement.NotAction.some((p) => actionMatches(p, request.action))
      ? [`NotAction ${JSON.stringify(statement.NotAction)}`]
      : [];
  const resourcePatterns = statement.Resource
    ? statement.Resource.filter((p) => resourceMatches(p, request.resource, request.context))
    : statement.NotResource &&
        !statement.NotResource.some((p) => resourceMatches(p, request.resource, request.context))
      ? [`NotResource ${JSON.stringify(statement.NotResource)}`]
      : [];
  const action = actionPatterns.length > 0;
  const resource = resourcePatterns.length > 0;
  const conditions =
    action && resource ? conditionsHold(statement.Condition, request.context) : { ok: false };
  return { action, resource, conditions, actionPatterns, resourcePatterns };
}

export interface Decision {
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  /** The statements that allowed it (all of them), or the Deny that denied it. */
  statements: { ref: StatementRef; match: StatementMatch }[];
  /** Why not, for a denial: the Deny, or the statements that came closest (right action, wrong resource, …). */
  reason?: string;
}

export function decide(statements: StatementRef[], request: Request): Decision {
  const matches = statements.map((ref) => ({ ref, match: matchStatement(ref.statement, request) }));
  const full = matches.filter((m) => m.match.action && m.match.resource && m.match.conditions.ok);
  const deny = full.find((m) => m.ref.statement.Effect === 'Deny');
  if (deny) {
    return {
      decision: 'explicitDeny',
      statements: [deny],
      reason: `explicitly denied by ${statementLabel(deny.ref)}`,
    };
  }
  const allows = full.filter((m) => m.ref.statement.Effect === 'Allow');
  if (allows.length > 0) return { decision: 'allowed', statements: allows };

  const near = matches.filter((m) => m.ref.statement.Effect === 'Allow' && m.match.action);
  const why = near.map((m) =>
    !m.match.resource
      ? `${statementLabel(m.ref)} allows it only on ${JSON.stringify(m.ref.statement.Resource ?? `NotResource ${JSON.stringify(m.ref.statement.NotResource)}`)}`
      : `${statementLabel(m.ref)} matches but its condition fails: ${m.match.conditions.failed}`,
  );
  return {
    decision: 'implicitDeny',
    statements: [],
    reason:
      near.length === 0 ? 'no statement allows the action' : `no statement allows it: ${why.join('; ')}`,
  };
}
