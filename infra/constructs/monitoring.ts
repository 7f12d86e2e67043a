import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { BusinessMetric } from '#shared/metrics/metrics.ts';

export interface MonitoringProps {
  adminEmails: string[];
  functions: Partial<Record<string, IFunction>>;
  stateMachines: Record<string, StateMachine>;
  api: HttpApi;
  /** Dead-letter queues: any message in one is work that failed for good. */
  deadLetterQueues?: Record<string, IQueue>;
}

/**
 * Alarms on what must not go unnoticed — failed or timed-out workflow executions, Lambda errors and throttles,
 * dead-letter queue depth, the API's 5xx rate — to an SNS topic the admins are subscribed to, and a dashboard of the same.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { displayName: 'aftercare alarms', enforceSSL: true });
    for (const email of props.adminEmails) this.topic.addSubscription(new EmailSubscription(email));
    const action = new SnsAction(this.topic);
    const alarm = (name: string, metric: IMetric, threshold = 1) => {
      const a = new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `aftercare: ${name}`,
      });
      a.addAlarmAction(action);
      return a;
    };
    const widgets: GraphWidget[] = [];
    for (const [name, machine] of Object.entries(props.stateMachines)) {
      const failed = machine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' });
      const timedOut = machine.metricTimedOut({ period: Duration.minutes(5), statistic: 'Sum' });
      alarm(`${name}ExecutionsFailed`, failed);
      alarm(`${name}ExecutionsTimedOut`, timedOut);
      widgets.push(
        new GraphWidget({
          title: `${name}: started, failed, timed out`,
          left: [machine.metricStarted(), failed, timedOut],
        }),
      );
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      if (!fn) continue;
      const errors = fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' });
      const throttles = fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' });
      alarm(`${name}Errors`, errors);
      alarm(`${name}Throttles`, throttles);
      widgets.push(
        new GraphWidget({
          title: `${name}: invocations, errors, throttles`,
          left: [fn.metricInvocations(), errors, throttles],
        }),
      );
    }
    for (const [name, queue] of Object.entries(props.deadLetterQueues ?? {})) {
      const depth = queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      });
      alarm(`${name}Depth`, depth);
      widgets.push(new GraphWidget({ title: `${name}: messages`, left: [depth] }));
    }
    const serverErrors = new Metric({
      namespace: 'AWS/ApiGateway',
      metricName: '5xx',
      dimensionsMap: { ApiId: props.api.apiId },
      period: Duration.minutes(5),
      statistic: 'Sum',
    });
    alarm('Api5xx', serverErrors, 5);
    widgets.push(new GraphWidget({ title: 'API 5xx', left: [serverErrors] }));
    // The business metrics the functions write in embedded metric format (shared/metrics/metrics.ts).
    const business = (names: BusinessMetric[], statistic = 'Sum') =>
      names.map(
        (metricName) =>
          new Metric({
            namespace: 'aftercare',
            metricName,
            dimensionsMap: { service: 'aftercare' },
            period: Duration.hours(1),
            statistic,
          }),
      );
    widgets.push(
      new GraphWidget({
        title: 'Tasks: opened, completed (late), reminders, escalations',
        left: business([
          'TaskOpened',
          'TaskCompleted',
          'TaskCompletedLate',
          'TaskReminder',
          'TaskEscalation',
        ]),
      }),
      new GraphWidget({
        title: 'Needs by the state they moved to',
        left: business([
          'NeedOpened',
          'NeedSignedFor',
          'NeedResolved',
          'NeedReturned',
          'NeedEscalated',
          'NeedClosed',
        ]),
      }),
      new GraphWidget({ title: 'Overdue items (zone)', left: business(['OverdueItems'], 'Maximum') }),
    );
    new Dashboard(this, 'Dashboard', { widgets: widgets.map((w) => [w]) });
  }
}
