import { refreshBoardCounts } from '../board/refresh.ts';
import { refreshCalendar } from '../calendar/refresh.ts';
import { remindMissingArrangement } from '../calendar-admin/reminder.ts';
import { cadenceOf } from '../config/config.ts';
import type { Deps } from '../deps.ts';
import { sendDigests } from '../digest/digest.ts';
import { countsHorizon } from '../domain/board-counts.ts';
import { newId } from '../domain/ids.ts';
import { sendDueTaskReminders } from '../lifecycle/remind.ts';
import { sendQueuedMail } from '../mail/office-hours.ts';
import { countMetric } from '../metrics/metrics.ts';
import { pacer } from '../pace.ts';
import { openItemsDueBy } from '../store/board.ts';
import { applyPendingCounters } from '../store/counters.ts';
import { releaseLease, takeLease } from '../store/lease.ts';

/** How often the sweep runs (EventBridge Scheduler on AWS, the local clock locally). */
export const SWEEP_MINUTES = 15;

/**
 * How long a run may spend sending (held mail, then digests) at its pace — 1,680 messages at 7 a second — leaving a
 * minute of the function's timeout and the lease (5 minutes) for the rest; what is left waits for the next run.
 */
export const SEND_BUDGET_MS = 240_000;

/**
 * The sweep's share of the account's sending rate: half (at least one a second), the rest left to the mail the steps
 * send as they go.
 */
export function sweepSendRate(accountRate: number): number {
  return accountRate > 0 ? Math.max(1, Math.floor(accountRate / 2)) : 0;
}

/** Counter adds left pending this long were not applied by their writer (it crashed, or kept conflicting). */
const PENDING_COUNTERS_MS = 60_000;

export type SweepResult =
  | { skipped: true; queued: { sent: 0; failed: 0 } }
  | {
      skipped: false;
      queued: { sent: number; failed: number };
      digests: { sent: number };
      /** The lifecycle's reminders and escalations sent. */
      reminders: { sent: number };
      counters: number;
      overdue: number;
      /** The year whose missing arrangement managers were just told about (once per year), and how many. */
      calendar?: { year: number; told: number };
    };

/**
 * The periodic work: staff mail that waited for office hours, the daily digests that are due, counter adds left
 * pending, every board's overdue and due-soon counts and the lifecycle's reminders and escalations now due (both
 * from one query of the zone's open items due soon or overdue), and — once a year — telling the managers that next year's holiday arrangement is missing. Each is safe to run again at any time (what was sent is removed or recorded, counters are applied once),
 * so a missed or doubled run loses nothing; and runs never overlap (a lease): one that finds another running returns
 * at once, skipped.
 */
export async function sweep(deps: Deps, pace: typeof pacer = pacer): Promise<SweepResult> {
  const holder = newId();
  if (!(await takeLease(deps.db, 'sweep', holder, deps.clock.now()))) {
    return { skipped: true, queued: { sent: 0, failed: 0 } };
  }
  try {
    await refreshCalendar(deps);
    // One pace for everything the run sends, so a Monday morning's backlog goes out at the rate, not at once.
    const paced = pace(sweepSendRate(deps.config.MAIL_SEND_RATE), SEND_BUDGET_MS);
    const queued = await sendQueuedMail(deps, paced);
    const digests = await sendDigests(deps, paced);
    const counters = await applyPendingCounters(deps.db, new Date(Date.now() - PENDING_COUNTERS_MS));
    // The open items due soon or overdue: far enough ahead for the board's yellow window and the first reminder.
    const now = deps.clock.now();
    const ahead = Math.max(2, cadenceOf(deps.config).beforeWorkingDays);
    const due = await openItemsDueBy(deps.db, countsHorizon(deps.calendar, now, ahead));
    // Every board's counts, kept for the boards; and a gauge, every 15 minutes: what is overdue across the zone now.
    const overdue = (await refreshBoardCounts(deps, due)).zone.overdue;
    countMetric('OverdueItems', overdue);
    const reminders = await sendDueTaskReminders(
      deps,
      due.flatMap((i) => (i.task ? [i.task] : [])),
      paced,
    );
    // From 1 November while next year is provisional: the managers are told once (the calendar's alarm).
    const calendar = await remindMissingArrangement(deps, paced);
    return {
      skipped: false,
      queued,
      digests,
      reminders,
      counters,
      overdue,
      ...(calendar ? { calendar } : {}),
    };
  } finally {
    // Not given back (DynamoDB unreachable), it runs out by itself; the run's own error is the one to report.
    await releaseLease(deps.db, 'sweep', holder).catch(() => undefined);
  }
}
