import { afterEach, describe, expect, it, vi } from 'vitest';
import { countMetric, metricTotals, resetMetricTotals, setMetricSink } from '#shared/metrics/metrics.ts';

afterEach(() => {
  setMetricSink(undefined);
  resetMetricTotals();
  vi.unstubAllEnvs();
});

describe('business metrics', () => {
  it('keeps totals in memory', () => {
    countMetric('TaskOpened');
    countMetric('TaskOpened');
    countMetric('OverdueItems', 7);
    expect(metricTotals()).toEqual({ TaskOpened: 2, OverdueItems: 7 });
  });

  it('writes CloudWatch embedded metric format from a Lambda, in the aftercare namespace', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'aftercare');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'aftercare');
    vi.resetModules();
    const { metrics } = await import('#functions/lib/metrics.ts');
    const { countMetric: count } = await import('#shared/metrics/metrics.ts');
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    });
    count('TaskCompleted');
    count('TaskEscalation', 2);
    metrics.publishStoredMetrics();
    spy.mockRestore();
    const emf = lines.map((l) => JSON.parse(l)).find((o) => o._aws);
    expect(emf._aws.CloudWatchMetrics[0].Namespace).toBe('aftercare');
    expect(emf._aws.CloudWatchMetrics[0].Metrics).toEqual(
      expect.arrayContaining([
        { Name: 'TaskCompleted', Unit: 'Count' },
        { Name: 'TaskEscalation', Unit: 'Count' },
      ]),
    );
    expect(emf.TaskCompleted).toBe(1);
    expect(emf.TaskEscalation).toBe(2);
    expect(emf.service).toBe('aftercare');
  });
});
