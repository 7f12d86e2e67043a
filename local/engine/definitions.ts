import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { Lifecycle, type LoopFunctions, NeedFlow } from '#infra/constructs/human-loop.ts';

/** The Lambda functions each workflow calls, by the names the local engine knows them by. */
export const STEP_FUNCTIONS = {
  lifecycle: {
    openStep: 'aftercare-open-step',
    waitStep: 'aftercare-wait-step',
    remindStep: 'aftercare-remind-step',
    failureStep: 'aftercare-failure-step',
  },
  needFlow: {
    openStep: 'aftercare-need-open-step',
    waitStep: 'aftercare-need-wait-step',
    remindStep: 'aftercare-need-remind-step',
    failureStep: 'aftercare-need-failure-step',
  },
} as const satisfies Record<string, Record<keyof LoopFunctions, string>>;

export type WorkflowName = keyof typeof STEP_FUNCTIONS;

export const localFunctionArn = (name: string) => `arn:aws:lambda:local:000000000000:function:${name}`;
export const LOCAL_ARNS: Record<WorkflowName, string> = {
  lifecycle: 'arn:aws:states:local:000000000000:stateMachine:aftercare-lifecycle',
  needFlow: 'arn:aws:states:local:000000000000:stateMachine:aftercare-need-flow',
};

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

const CONSTRUCTS: Record<
  WorkflowName,
  new (
    scope: Construct,
    id: string,
    props: { functions: LoopFunctions; stateMachineName?: string },
  ) => Construct
> = {
  lifecycle: Lifecycle,
  needFlow: NeedFlow,
};

/**
 * A workflow's ASL, synthesized from the very construct the AWS stack uses, with local function ARNs. This is what
 * the local engine runs; test/infra asserts it equals the deployed definition up to the function ARNs.
 */
export function localDefinition(workflow: WorkflowName): Record<string, unknown> {
  const app = new App();
  const stack = new Stack(app, 'Local', { env: { account: '000000000000', region: 'local' } });
  const functions = Object.fromEntries(
    Object.entries(STEP_FUNCTIONS[workflow]).map(([key, name]) => [
      key,
      LambdaFunction.fromFunctionArn(stack, key, localFunctionArn(name)),
    ]),
  ) as unknown as LoopFunctions;
  new CONSTRUCTS[workflow](stack, 'Workflow', {
    functions,
    stateMachineName: LOCAL_ARNS[workflow].split(':').pop(),
  });
  const machines = Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine');
  const machine = Object.values(machines)[0] as { Properties: { DefinitionString: unknown } };
  return resolveDefinition(machine.Properties.DefinitionString, { 'AWS::Partition': 'aws' });
}
