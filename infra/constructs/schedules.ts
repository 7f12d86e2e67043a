import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SWEEP_MINUTES } from '#shared/schedules/sweep.ts';
import { Concern } from './concern.ts';

/**
 * Every 15 minutes: staff mail held for office hours, the daily digests that are due, the boards' counts and the
 * lifecycle's reminders and escalations. Scheduler invokes
 * asynchronously, so its dead-letter queue sees only runs it could not deliver; a run that the function itself
 * fails is retried twice by Lambda and then sent to the same queue by the on-failure destination. Its depth is
 * alarmed. Runs never overlap (a lease in the table) and every queued mail is claimed before it is sent.
 */
export class SweepSchedule extends Concern {
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: { sweep: IFunction }) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'SweepDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    props.sweep.configureAsyncInvoke({ retryAttempts: 2, onFailure: new SqsDestination(this.deadLetters) });
    new Schedule(this, 'SweepSchedule', {
      description: 'aftercare: queued mail, digests, board counts, task reminders',
      schedule: ScheduleExpression.rate(Duration.minutes(SWEEP_MINUTES)),
      target: new LambdaInvoke(props.sweep, { retryAttempts: 2, deadLetterQueue: this.deadLetters }),
    });
  }
}
