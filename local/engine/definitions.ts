import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Workflow } from '#functions/access.ts';
import {
  type FunctionId,
  LOOP_ROLES,
  type LoopRole,
  stepsOf,
  WORKFLOW_NAMES,
  WORKFLOWS,
} from '#functions/registry.ts';
import type { LoopFunctions } from '#infra/constructs/human-step.ts';
import { MACHINES } from '#infra/constructs/machines.ts';

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

/**
 * A workflow's ASL, synthesized from the very construct the AWS stack uses (with the same workflow and steps from
 * `functions/registry.ts`), with local function ARNs. This is what the local engine runs; test/infra asserts it
 * equals the deployed definition up to the function ARNs.
 */
export function localDefinition(workflow: Workflow): Record<string, unknown> {
  const app = new App();
  const stack = new Stack(app, 'Local', { env: { account: '000000000000', region: 'local' } });
  const functions = {} as LoopFunctions;
  for (const role of LOOP_ROLES) {
    const arn = localFunctionArn(STEP_FUNCTIONS[workflow][role]);
    functions[role] = LambdaFunction.fromFunctionArn(stack, role, arn);
  }
  new MACHINES[workflow](stack, 'Workflow', {
    functions,
    stateMachineName: LOCAL_ARNS[workflow].split(':').pop(),
    idFields: WORKFLOWS[workflow].idFields,
  });
  const machines = Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine');
  const machine = Object.values(machines)[0] as { Properties: { DefinitionString: unknown } };
  return resolveDefinition(machine.Properties.DefinitionString, { 'AWS::Partition': 'aws' });
}
