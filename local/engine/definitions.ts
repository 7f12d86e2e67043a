import type { Workflow } from '#functions/access.ts';
import {
  type FunctionId,
  LOOP_ROLES,
  type LoopRole,
  stepsOf,
  WORKFLOW_NAMES,
  WORKFLOWS,
} from '#functions/registry.ts';

/** The name the local engine knows a function by: `OpenStep` → `aftercare-open-step`. */
export const localFunctionName = (id: FunctionId) =>
  `aftercare-${id.replace(/[A-Z]/g, (c, at: number) => `${at ? '-' : ''}${c.toLowerCase()}`)}`;

/** The Lambda functions each workflow calls, by the names the local engine knows them by (from the registry). */
export const STEP_FUNCTIONS = Object.fromEntries(
  WORKFLOW_NAMES.map((w) => {
    const ids = stepsOf(w);
    return [w, Object.fromEntries(LOOP_ROLES.map((role) => [role, localFunctionName(ids[role])]))];
  }),
) as Record<Workflow, Record<LoopRole, string>>;

export const localFunctionArn = (name: string) => `arn:aws:lambda:local:000000000000:function:${name}`;
export const LOCAL_ARNS = Object.fromEntries(
  WORKFLOW_NAMES.map((w) => [
    w,
    `arn:aws:states:local:000000000000:stateMachine:aftercare-${WORKFLOWS[w].name}`,
  ]),
) as Record<Workflow, string>;

/** Resolve the few CloudFormation expressions a definition holds (the partition, function ARNs) for local use. */
export function resolveDefinition(
  definitionString: unknown,
  refs: Record<string, string>,
): Record<string, unknown> {
  const resolve = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const v = value as Record<string, unknown>;
    if (v.Ref && typeof v.Ref === 'string' && v.Ref in refs) return refs[v.Ref] as string;
    if (Array.isArray(v['Fn::Join'])) {
      const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(separator);
    }
    if (Array.isArray(v['Fn::GetAtt'])) {
      const [logicalId] = v['Fn::GetAtt'] as [string];
      if (logicalId in refs) return refs[logicalId] as string;
    }
    throw new Error(`cannot resolve ${JSON.stringify(value)} locally`);
  };
  return JSON.parse(resolve(definitionString));
}
