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
});
