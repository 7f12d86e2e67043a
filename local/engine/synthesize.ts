import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { Workflow } from '#functions/access.ts';
import { LOOP_ROLES, WORKFLOW_NAMES, WORKFLOWS } from '#functions/registry.ts';
import type { LoopFunctions } from '#infra/constructs/human-step.ts';
import { MACHINES } from '#infra/constructs/machines.ts';
import { LOCAL_ARNS, localFunctionArn, resolveDefinition, STEP_FUNCTIONS } from './definitions.ts';

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

/** Run as a script (by `machines.ts`): every workflow's definition, as JSON on stdout. */
if (process.argv[1] === import.meta.filename) {
  const all = Object.fromEntries(WORKFLOW_NAMES.map((w) => [w, localDefinition(w)]));
  process.stdout.write(JSON.stringify(all));
}
