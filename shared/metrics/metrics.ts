/**
 * Business metrics: counts of what happened (tasks opened and completed, reminders, escalations, needs by the state
 * they moved to, overdue items). The use cases count; the totals stay in memory (tests read them). They are not
 * published to CloudWatch: custom metrics cost $0.30 each a month, and the figures people use come from the counters
 * kept in the table (the board, the scoreboard).
 */
export const BUSINESS_METRICS = [
  'TaskOpened',
  'TaskCompleted',
  'TaskCompletedLate',
  'TaskReminder',
  'TaskEscalation',
  'NeedOpened',
  'NeedRouted',
  'NeedSignedFor',
  'NeedCommitted',
  'NeedResolved',
  'NeedReturned',
  'NeedEscalated',
  'NeedClosed',
  'NeedReminder',
  'NeedEscalation',
  'OverdueItems',
  'MailQueued',
  'MailFailed',
] as const;
export type BusinessMetric = (typeof BUSINESS_METRICS)[number];

type Sink = (name: BusinessMetric, value: number) => void;

const totals = new Map<BusinessMetric, number>();
let sink: Sink | undefined;

export function countMetric(name: BusinessMetric, value = 1): void {
  totals.set(name, (totals.get(name) ?? 0) + value);
  sink?.(name, value);
}

/** Where counts go besides the in-memory totals (set once by a Lambda's entry point). */
export function setMetricSink(next: Sink | undefined): void {
  sink = next;
}

export function metricTotals(): Partial<Record<BusinessMetric, number>> {
  return Object.fromEntries(totals);
}

export function resetMetricTotals(): void {
  totals.clear();
}
