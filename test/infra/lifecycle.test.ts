import { createRequire } from 'node:module';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Workflow } from '#functions/access.ts';
import { STEP_IDS, stepOf } from '#functions/registry.ts';
import { parseDeployConfig } from '#infra/config.ts';
import { LOOP_STATES } from '#infra/constructs/human-loop.ts';
import { LIFECYCLE_STATES, phaseStates } from '#infra/constructs/lifecycle.ts';
import { AftercareStack } from '#infra/stacks/aftercare-stack.ts';
import { localFunctionArn, localFunctionName, resolveDefinition } from '#local/engine/definitions.ts';
import { localDefinitions } from '#local/engine/machines.ts';
import { localDefinition } from '#local/engine/synthesize.ts';
import { PHASES } from '#shared/domain/lifecycle.ts';

const validate = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => {
  isValid: boolean;
  errors: unknown[];
};

let template: Template;
beforeAll(() => {
  const app = new App();
  const config = parseDeployConfig({
    region: 'ap-southeast-1',
    senderAddress: 'a@example.com',
    adminEmails: ['o@example.com'],
  });
  template = Template.fromStack(new AftercareStack(app, 'Test', config, { env: { region: config.region } }));
}, 60_000);

/** The deployed definition, with each step function's CloudFormation reference replaced by its local ARN. */
function deployed(workflow: Workflow, construct: string): Record<string, unknown> {
  const machines = template.findResources('AWS::StepFunctions::StateMachine');
  const [, machine] = Object.entries(machines).find(([id]) => id.startsWith(construct)) as [
    string,
    { Properties: { DefinitionString: unknown } },
  ];
  const refs: Record<string, string> = { 'AWS::Partition': 'aws' };
  // Each of the workflow's steps in the registry: its Lambda (logical ID = its id + CDK's hash) → its local ARN.
  for (const logicalId of Object.keys(template.findResources('AWS::Lambda::Function'))) {
    const id = STEP_IDS.find(
      (s) => logicalId === `${s}${logicalId.slice(-8)}` && /^[0-9A-F]{8}$/.test(logicalId.slice(-8)),
    );
    if (id && stepOf(id).workflow === workflow) refs[logicalId] = localFunctionArn(localFunctionName(id));
  }
  return resolveDefinition(machine.Properties.DefinitionString, refs);
}

describe.each([
  ['lifecycle', 'Lifecycle'],
  ['needFlow', 'NeedFlow'],
] as const)('the %s state machine', (workflow, construct) => {
  it('is a Standard state machine whose ASL passes asl-validator', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineType: 'STANDARD' });
    const result = validate(structuredClone(deployed(workflow, construct))); // it annotates what it is given
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('is exactly what the local engine runs (one source: the CDK construct)', async () => {
    expect(localDefinition(workflow)).toEqual(deployed(workflow, construct));
    // The local stack gets it from a process of its own: the same definition.
    expect((await localDefinitions())[workflow]).toEqual(localDefinition(workflow));
  }, 60_000);
});

describe('the needFlow state machine', () => {
  const workflow = 'needFlow' as const;
  const construct = 'NeedFlow';
  it('waits for a person with a task token, timing out when the open step says (a late task’s wake), and catches the timeout', () => {
    const states = deployed(workflow, construct).States as Record<string, Record<string, unknown>>;
    const wait = states[LOOP_STATES.wait]!;
    expect(wait.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(wait.TimeoutSecondsPath).toBe('$.waitSeconds');
    expect((wait.Parameters as { Payload: Record<string, string> }).Payload['taskToken.$']).toBe(
      '$$.Task.Token',
    );
    expect(wait.Catch).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ErrorEquals: ['States.Timeout'], Next: LOOP_STATES.remind }),
      ]),
    );
    for (const name of [LOOP_STATES.open, LOOP_STATES.remind]) {
      const state = states[name]!;
      expect(state.Retry).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ ErrorEquals: ['States.TaskFailed'], BackoffRate: 2 }),
        ]),
      );
      expect(state.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'] })]);
    }
  });

  it('retries every task on any Lambda error with full jitter, and records a failure with retries and a catch', () => {
    const states = deployed(workflow, construct).States as Record<string, Record<string, unknown>>;
    const tasks = Object.entries(states).filter(([, s]) => s.Type === 'Task');
    expect(tasks.map(([name]) => name).sort()).toEqual(
      [
        LOOP_STATES.open,
        LOOP_STATES.wait,
        LOOP_STATES.remind,
        LOOP_STATES.recordFailure,
        LOOP_STATES.continueAsNew,
      ].sort(),
    );
    for (const [name, state] of tasks) {
      const retry = state.Retry as Record<string, unknown>[];
      // A throttled or timed-out step (Lambda.TooManyRequestsException, Sandbox.Timedout) is a TaskFailed: retried.
      expect(retry, name).toHaveLength(1);
      expect(retry[0], name).toMatchObject({ JitterStrategy: 'FULL', MaxAttempts: 6, MaxDelaySeconds: 60 });
      expect(retry[0]?.ErrorEquals, name).toEqual(
        name === LOOP_STATES.continueAsNew ? ['States.ALL'] : ['States.TaskFailed'],
      );
    }
    // Recording a failure never leaves the execution hanging or looking successful.
    expect(states[LOOP_STATES.recordFailure]?.Catch).toEqual([
      expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: LOOP_STATES.failed }),
    ]);
  });
});

type States = Record<string, Record<string, unknown>>;

describe('the lifecycle state machine', () => {
  const states = () => deployed('lifecycle', 'Lifecycle').States as States;
  const approvals = () =>
    states()[LIFECYCLE_STATES.approvals] as { ItemProcessor: { States: States; StartAt: string } } & Record<
      string,
      unknown
    >;

  it('has one named group of states per phase of the lifecycle, from talks to visits, generated from PHASES', () => {
    const all = states();
    for (const phase of PHASES) {
      expect(all[phase.name], phase.name).toMatchObject({
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
      });
      expect((all[phase.name]!.Parameters as { Payload: Record<string, unknown> }).Payload.phase).toBe(
        phase.name,
      );
      expect(all[phaseStates(phase).route]?.Type, phase.name).toBe('Choice');
      if (phase.kind !== 'approvals') {
        expect(all[phaseStates(phase).wait]?.Type, phase.name).toBe('Task');
        expect(all[phaseStates(phase).remind]?.Type, phase.name).toBe('Task');
      }
    }
    expect(PHASES.map((p) => p.name)).toEqual([
      'Negotiating',
      'Signed',
      'Registered',
      'Approvals',
      'SiteSecured',
      'ConstructionStarted',
      'ConstructionCompleted',
      'Operating',
      'CapacityReached',
      'Visits',
    ]);
    // An execution starts (or resumes) in the phase its input names.
    const resume = all[LIFECYCLE_STATES.resume] as { Choices: { Next: string }[]; Default: string };
    expect(resume.Choices.map((c) => c.Next)).toEqual(PHASES.map((p) => p.name));
    expect(resume.Default).toBe('Negotiating');
  });

  it('runs the approvals as a Map, each iteration the same human step on its own task', () => {
    const map = approvals();
    expect(map).toMatchObject({ Type: 'Map', ItemsPath: '$.approvals', ResultPath: '$.approvalRuns' });
    expect(map.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'] })]);
    expect(map.Next).toBe('SiteSecured');
    expect(states()['Approvals: next']).toMatchObject({ Default: LIFECYCLE_STATES.approvals });
    const inner = map.ItemProcessor.States;
    expect(map.ItemProcessor.StartAt).toBe(LIFECYCLE_STATES.approval);
    expect(Object.keys(inner).sort()).toEqual(
      [
        'Approval',
        'Approval: next',
        'Approval: wait',
        'Approval: remind',
        'Approval: released',
        'Approval: done',
      ].sort(),
    );
  });

  it('waits for a person in every phase and approval with a task token, timing out when the open step says', () => {
    const all = states();
    const groups: [States, string][] = [
      ...PHASES.filter((p) => p.kind !== 'approvals').map((p) => [all, p.name] as [States, string]),
      [approvals().ItemProcessor.States, LIFECYCLE_STATES.approval],
    ];
    for (const [within, name] of groups) {
      const names = phaseStates({ name });
      const wait = within[names.wait]!;
      expect(wait.Resource, name).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
      expect(wait.TimeoutSecondsPath, name).toBe('$.waitSeconds');
      expect((wait.Parameters as { Payload: Record<string, string> }).Payload['taskToken.$']).toBe(
        '$$.Task.Token',
      );
      expect(wait.Catch, name).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ ErrorEquals: ['States.Timeout'], Next: names.remind }),
        ]),
      );
      // A reminder goes straight back to the wait (which releases itself if the task closed meanwhile).
      expect(within[names.remind]?.Next, name).toBe(names.wait);
    }
    // A phase with one task moves on when its wait succeeds; talks and visits open their next task.
    expect(all['Signed: wait']?.Next).toBe('Registered');
    expect(all['Registered: wait']?.Next).toBe('Approvals');
    expect(all['Negotiating: wait']?.Next).toBe('Negotiating');
    expect(all['Visits: wait']?.Next).toBe('Visits');
  });

  it('retries every task on any Lambda error with full jitter, and records a failure with retries and a catch', () => {
    const all = states();
    const tasks = [...Object.entries(all), ...Object.entries(approvals().ItemProcessor.States)].filter(
      ([, s]) => s.Type === 'Task',
    );
    expect(tasks.length).toBe(9 * 3 + 1 + 3 + 2); // 9 phases' open/wait/remind, the approvals' open, an approval's three, failure and continue-as-new
    for (const [name, state] of tasks) {
      const retry = state.Retry as Record<string, unknown>[];
      expect(retry, name).toHaveLength(1);
      expect(retry[0], name).toMatchObject({ JitterStrategy: 'FULL', MaxAttempts: 6, MaxDelaySeconds: 60 });
      expect(retry[0]?.ErrorEquals, name).toEqual(
        name === LIFECYCLE_STATES.continueAsNew ? ['States.ALL'] : ['States.TaskFailed'],
      );
    }
    // Outside the Map every Lambda step's failure is recorded; inside it, the Map's catch does.
    for (const [name, state] of Object.entries(all).filter(([, s]) => s.Type === 'Task')) {
      if (name === LIFECYCLE_STATES.continueAsNew) continue;
      expect(state.Catch, name).toEqual(
        expect.arrayContaining([expect.objectContaining({ ErrorEquals: ['States.ALL'] })]),
      );
    }
    expect(all[LIFECYCLE_STATES.recordFailure]?.Catch).toEqual([
      expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: LIFECYCLE_STATES.failed }),
    ]);
    // Continuing as new carries the phase, so the next execution starts where this one was.
    expect(JSON.stringify(all[LIFECYCLE_STATES.continueAsNew])).toContain('"phase.$":"$.phase"');
  });
});

describe('workflow permissions', () => {
  it('lets the HTTP function start workflows and release waits, and the wait steps release their own', () => {
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('states:SendTaskSuccess');
    expect(policies).toContain('states:StartExecution');
    expect(policies).toContain(':stateMachine:Test-need-flow');
  });
});
