import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { setMetricSink } from '#shared/metrics/metrics.ts';

/**
 * The Lambda side of the business metrics: each count becomes a CloudWatch embedded-metric-format entry (namespace
 * and service from POWERTOOLS_METRICS_NAMESPACE / POWERTOOLS_SERVICE_NAME), written once per invocation by the
 * middleware. No API call, no extra latency: CloudWatch reads them from the log.
 */
export const metrics = new Metrics();
setMetricSink((name, value) => metrics.addMetric(name, MetricUnit.Count, value));

export const metricsMiddleware = () => logMetrics(metrics);
