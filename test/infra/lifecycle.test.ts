import { createRequire } from 'node:module';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDeployConfig } from '#infra/config.ts';
import { LIFECYCLE_STATES } from '#infra/constructs/lifecycle.ts';
import {
  localFunctionArn,
  localLifecycleDefinition,
  resolveDefinition,
  STEP_FUNCTIONS,
} from '#infra/local/engine/definitions.ts';
import { AftercareStack } from '#infra/stacks/aftercare-stack.ts';

const validate = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => {
  isValid: boolean;
  errors: unknown[];
};

describe('the lifecycle state machine', () => {
  let template: Template;
  let deployed: Record<string, unknown>;
  beforeAll(() => {
    const app = new App();
    const config = parseDeployConfig({
      region: 'ap-southeast-1',
      senderAddress: 'a@example.com',
      adminEmails: ['o@example.com'],
    });
    template = Template.fromStack(
      new AftercareStack(app, 'Test', config, { env: { region: config.region } }),
    );
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as {
      Properties: { DefinitionString: unknown };
    }[];
    // Stand the deployed functions' ARNs in for their CloudFormation references, by logical id.
    const fns = template.findResources('AWS::Lambda::Function');
    const refs: Record<string, string> = { 'AWS::Partition': 'aws' };
    for (const [logicalId] of Object.entries(fns)) {
      const key = Object.keys(STEP_FUNCTIONS).find((k) =>
        logicalId.toLowerCase().startsWith(k.toLowerCase()),
      );
      if (key) refs[logicalId] = localFunctionArn(STEP_FUNCTIONS[key as keyof typeof STEP_FUNCTIONS]);
    }
    deployed = resolveDefinition(machine!.Properties.DefinitionString, refs);
  }, 60_000);

  it('is a Standard state machine whose ASL passes asl-validator', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineType: 'STANDARD' });
    const result = validate(structuredClone(deployed)); // it annotates what it is given
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('is exactly what the local engine runs (one source: the CDK construct)', () => {
    expect(localLifecycleDefinition()).toEqual(deployed);
  });

  it('waits for the officer with a task token, timing out when the next reminder is due, and catches the timeout', () => {
    const states = deployed.States as Record<string, Record<string, unknown>>;
    const wait = states[LIFECYCLE_STATES.wait]!;
    expect(wait.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(wait.TimeoutSecondsPath).toBe('$.waitSeconds');
    expect((wait.Parameters as { Payload: Record<string, string> }).Payload['taskToken.$']).toBe(
      '$$.Task.Token',
    );
    expect(wait.Catch).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ErrorEquals: ['States.Timeout'], Next: LIFECYCLE_STATES.remind }),
      ]),
    );
    for (const name of [LIFECYCLE_STATES.open, LIFECYCLE_STATES.remind]) {
      const state = states[name]!;
      expect(state.Retry).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ ErrorEquals: ['States.TaskFailed'], BackoffRate: 2 }),
        ]),
      );
      expect(state.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'] })]);
    }
  });

  it('lets the HTTP function release waits and start lifecycles, and the wait step release its own', () => {
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('states:SendTaskSuccess');
    expect(policies).toContain('states:StartExecution');
  });
});
