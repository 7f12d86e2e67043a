import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
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

export interface MonitoringProps {
  adminEmails: string[];
  functions: Partial<Record<string, IFunction>>;
  stateMachines: Record<string, StateMachine>;
  api: HttpApi;
  /** Dead-letter queues: any message in one is work that failed for good. */
  deadLetterQueues: Record<string, IQueue>;
  /** A CloudWatch dashboard ($3 a month): only when the deploy config asks for one. */
  dashboard: boolean;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * The alarms, listed once: what must not go unnoticed, each over AWS's own (free) metrics, to an SNS topic the admins
 * are subscribed to. CloudWatch bills an alarm per metric it reads ($0.10 a month each, `bench/prices.ts`), so
 * there are four alarms over five metrics in all, not one per function and state machine:
 * - a workflow execution failed (either state machine: every failure path of a workflow ends in its Fail state
 *   after the failure step recorded it; no execution has a timeout, so none can time out);
 * - a Lambda function failed: the account's `Errors` metric without a function dimension, the sum over every
 *   function. That counts functions of other applications too: deploy a zone in an account of its own (as the README
 *   advises), or read the alarm knowing it; the per-function figures are in the Lambda console, free.
 *   Throttles are not alarmed: a throttled step is retried by its state machine (a failure after the retries is
 *   a failed execution), a throttled request is a 5xx, a throttled asynchronous invocation is retried by Lambda;
 * - the API answers 5xx (five in five minutes);
 * - work is in the sweep's dead-letter queue (a scheduled run failed for good, after Lambda's retries).
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { displayName: 'aftercare alarms', enforceSSL: true });
    for (const email of props.adminEmails) this.topic.addSubscription(new EmailSubscription(email));
    const action = new SnsAction(this.topic);
    const alarm = (name: string, description: string, metric: IMetric, threshold = 1) => {
      const a = new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `aftercare: ${description}`,
      });
      a.addAlarmAction(action);
      this.alarms.push(a);
      return a;
    };

    const machines = Object.entries(props.stateMachines);
    const failed = Object.fromEntries(
      machines.map(([, m], i) => [`m${i}`, m.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' })]),
    );
    alarm(
      'WorkflowsFailed',
      `a workflow execution failed (${machines.map(([n]) => n).join(', ')}): see the enterprise's timeline`,
      new MathExpression({
        expression: Object.keys(failed).join(' + '),
        usingMetrics: failed,
        label: 'failed executions',
        period: FIVE_MINUTES,
      }),
    );
    const lambdaErrors = new Metric({
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      period: FIVE_MINUTES,
      statistic: 'Sum',
    });
    alarm('FunctionErrors', 'a Lambda function failed (account-wide Errors)', lambdaErrors);
    const serverErrors = new Metric({
      namespace: 'AWS/ApiGateway',
      metricName: '5xx',
      dimensionsMap: { ApiId: props.api.apiId },
      period: FIVE_MINUTES,
      statistic: 'Sum',
    });
    alarm('Api5xx', 'the API answered 5xx', serverErrors, 5);
    const queues = Object.entries(props.deadLetterQueues);
    for (const [name, queue] of queues) {
      alarm(
        `${name}Depth`,
        `work failed for good and waits in ${name}`,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      );
    }

    if (!props.dashboard) return;
    // On request only: the same figures, per function and state machine, on one page.
    const widgets: GraphWidget[] = [
      ...machines.map(
        ([name, m]) =>
          new GraphWidget({
            title: `${name}: started, failed`,
            left: [m.metricStarted(), m.metricFailed()],
          }),
      ),
      ...Object.entries(props.functions).flatMap(([name, fn]) =>
        fn
          ? [
              new GraphWidget({
                title: `${name}: invocations, errors, throttles`,
                left: [fn.metricInvocations(), fn.metricErrors(), fn.metricThrottles()],
              }),
            ]
          : [],
      ),
      new GraphWidget({ title: 'API 5xx', left: [serverErrors] }),
      ...queues.map(
        ([name, q]) =>
          new GraphWidget({
            title: `${name}: messages`,
            left: [q.metricApproximateNumberOfMessagesVisible()],
          }),
      ),
    ];
    new Dashboard(this, 'Dashboard', { widgets: widgets.map((w) => [w]) });
  }
}
