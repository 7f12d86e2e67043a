import { type BusinessMetric, countMetric } from '../metrics/metrics.ts';
import type { Db } from '../store/db.ts';
import type { Guarded } from '../store/write.ts';
import { recordNotification } from '../store/write.ts';

/**
 * The human loop's way of telling people: send, then record that they were told (the item's `notified` key, with
 * an audit event where there is one). A crash in between may repeat a mail but never loses one; a record another
 * run made first (a retried step, a second execution) wins quietly.
 */
export async function notifyAndRecord(
  db: Db,
  p: { send: () => Promise<void>; metric?: BusinessMetric; record: Guarded[] },
): Promise<void> {
  await p.send();
  if (p.metric) countMetric(p.metric);
  await recordNotification(db, p.record);
}
