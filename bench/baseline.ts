import { localFunctionArn } from '#local/engine/definitions.ts';

export const BASELINE_ARN = 'arn:aws:states:local:000000000000:stateMachine:bench-polling-baseline';
export const BASELINE_FUNCTIONS = { open: 'bench-open', poll: 'bench-poll', next: 'bench-next' };

/**
 * The reminder pattern of AWS's human-task-reminder sample, per phase: a Parallel state with the person's task
 * (a task token) in one branch and, in the other, a Wait → read → "done?" loop that sends reminders as it goes.
 */
export function baselineDefinition(pollMinutes: number): Record<string, unknown> {
  const invoke = (fn: string, next: string | undefined, payload: Record<string, unknown>) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: localFunctionArn(fn), Payload: payload },
    OutputPath: '$.Payload',
    ...(next ? { Next: next } : { End: true }),
  });
  return {
    Comment: 'Benchmark baseline: polling reminders (AWS human-task-reminder sample pattern)',
    StartAt: 'Phase',
    States: {
      Phase: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'PersonActs',
            States: {
              PersonActs: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
                Parameters: {
                  FunctionName: localFunctionArn(BASELINE_FUNCTIONS.open),
                  Payload: { 'phase.$': '$.phase', 'token.$': '$$.Task.Token' },
                },
                End: true,
              },
            },
          },
          {
            StartAt: 'WaitToPoll',
            States: {
              WaitToPoll: { Type: 'Wait', Seconds: pollMinutes * 60, Next: 'Poll' },
              Poll: invoke(BASELINE_FUNCTIONS.poll, 'Done?', { 'phase.$': '$.phase' }),
              'Done?': {
                Type: 'Choice',
                Choices: [{ Variable: '$.done', BooleanEquals: true, Next: 'PhaseOver' }],
                Default: 'WaitToPoll',
              },
              PhaseOver: { Type: 'Succeed' },
            },
          },
        ],
        ResultPath: null,
        Next: 'NextPhase',
      },
      NextPhase: invoke(BASELINE_FUNCTIONS.next, 'More?', { 'phase.$': '$.phase' }),
      'More?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.finished', BooleanEquals: true, Next: 'Finished' }],
        Default: 'Phase',
      },
      Finished: { Type: 'Succeed' },
    },
  };
}
