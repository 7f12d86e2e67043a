import type { Stack } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Role } from 'aws-cdk-lib/aws-iam';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { NagSuppressions } from 'cdk-nag';

/**
 * The AwsSolutions findings this stack accepts, each with the reason. Everything else cdk-nag reports is an error
 * (`npm test` runs the pack on the standard and the China synth and expects none).
 */
export function suppressNagFindings(stack: Stack): void {
  for (const construct of stack.node.findAll()) {
    if (construct instanceof Queue && construct.node.id === 'SweepDeadLetters') {
      NagSuppressions.addResourceSuppressions(construct, [
        {
          id: 'AwsSolutions-SQS3',
          reason: 'This queue is itself the dead-letter queue of the sweep schedule.',
        },
      ]);
    } else if (construct instanceof HttpApi) {
      NagSuppressions.addResourceSuppressions(
        construct,
        [
          {
            id: 'AwsSolutions-APIG4',
            reason:
              'The app authorizes every request itself before any handler runs: a session, an API token or a signed ' +
              'link, checked per route against the role matrix (README: security). The sign-in page and the portal ' +
              'links must be reachable by people without AWS credentials.',
          },
        ],
        true,
      );
    } else if (construct instanceof StateMachine) {
      NagSuppressions.addResourceSuppressions(construct, [
        {
          id: 'AwsSolutions-SF1',
          reason:
            'Error-level logging: Step Functions keeps every execution history itself (90 days) and failures also ' +
            'land on the enterprise timeline; logging ALL events would copy each of thousands of transitions a day ' +
            'into CloudWatch Logs at ingestion cost.',
        },
        {
          id: 'AwsSolutions-SF2',
          reason:
            'X-Ray tracing is opt-in (monitoring.tracing in the deploy config): traces are billed per execution, and ' +
            'the execution history Step Functions keeps already shows each step, its input and its error.',
        },
      ]);
    } else if (construct instanceof Role) {
      NagSuppressions.addResourceSuppressions(
        construct,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              'X-Ray (xray:PutTraceSegments, xray:PutTelemetryRecords) and CloudWatch Logs delivery for state machines ' +
              '(logs:CreateLogDelivery and friends) do not support resource-level permissions: AWS requires "*".',
            appliesTo: ['Resource::*'],
          },
          {
            id: 'AwsSolutions-IAM5',
            reason:
              "Invoking one of this stack's own functions: the grant covers the function and its versions (':*'), " +
              'as Step Functions and EventBridge Scheduler invoke a qualified ARN.',
            appliesTo: [{ regex: '/^Resource::<[A-Za-z0-9]+\\.Arn>:\\*$/g' }],
          },
          {
            id: 'AwsSolutions-IAM5',
            reason:
              'Attachment, evidence and ledger keys are generated per upload; access is limited to the three ' +
              'prefixes the app writes (needs/, funds/, imports/), get and put only.',
            appliesTo: [
              { regex: '/^Resource::<DataAttachments[A-Za-z0-9]+\\.Arn>\\/(needs|funds|imports)\\/\\*$/g' },
            ],
          },
        ],
        true,
      );
    }
  }
}
