import { DateTime } from 'luxon';
import { ZONE } from '../calendar/working-days.ts';
import type { MoveStatus, Task } from '../domain/work-item.ts';

/**
 * The earliest date an aftercare visit may be reported done: `minDays` calendar days after the previous visit
 * (none before the first visit). Dates are Asia/Shanghai calendar dates (YYYY-MM-DD).
 */
/** An instant's date in Asia/Shanghai, by the zone's calendar (undefined stays undefined). */
export const localDateOf = (deps: { calendar: { localDate(at: Date): string } }, at: string | undefined) =>
  at ? deps.calendar.localDate(new Date(at)) : undefined;

export function visitNotBefore(previousVisit: string | undefined, minDays: number): string | undefined {
  if (!previousVisit || minDays <= 0) return undefined;
  return DateTime.fromISO(previousVisit, { zone: ZONE }).plus({ days: minDays }).toISODate() ?? undefined;
}

/** Why an officer may not ask to move this task's due date now (a message key), or undefined if they may. */
export function moveRefusal(
  task: Pick<Task, 'dueAt' | 'move' | 'officerId'>,
  requestedDueAt: string,
): 'task.move.pending' | 'task.move.notLater' | undefined {
  // One request at a time: the officer's pending one is decided first (a second is refused, not put in its place).
  // A request left by someone who no longer holds the task (a reassignment, a hand-over) does not block the new
  // officer: theirs takes its place, and the old one can no longer be decided (`decidable`).
  if (task.move?.status === 'pending' && task.move.requestedBy === task.officerId) return 'task.move.pending';
  if (requestedDueAt <= task.dueAt) return 'task.move.notLater';
  return undefined;
}

/** The request a decision applies to is still the task's current, pending one (else the decision changes nothing). */
export function decidable(
  task: Pick<Task, 'status' | 'move'>,
  move: { id: string; status: MoveStatus },
): 'ok' | 'decided' | 'closed' {
  if (move.status !== 'pending' || task.move?.id !== move.id) return 'decided';
  if (task.status !== 'open') return 'closed';
  return 'ok';
}

/** A milestone's dates (as the enterprise keeps them). */
type MilestonePlan = {
  planned?: string;
  actual?: string;
  originalPlanned?: string;
  replans?: number;
};

/**
 * A milestone's dates after its planned date is changed to `to`: the first planned date is kept as the original
 * (never overwritten by later changes) and each change is counted, so the pipeline shows both without reading the
 * history. The same date again is no change (the same object is returned).
 */
export function replanned<M extends MilestonePlan>(milestone: M, to: string): M {
  if (milestone.planned === to) return milestone;
  const originalPlanned = milestone.originalPlanned ?? milestone.planned;
  return {
    ...milestone,
    planned: to,
    ...(originalPlanned ? { originalPlanned } : {}),
    replans: (milestone.replans ?? 0) + 1,
  };
}

/** One change of a milestone's planned date, as the history shows it. */
export interface Replan {
  at: string;
  milestone: string;
  /** The planned date before (unknown for a manager's re-plan recorded before changes were kept). */
  from?: string;
  to: string;
  /** Who decided it: the approver of a due-date move, or the manager or head who changed the plan. */
  decidedBy?: string;
  /** For an approved move: the request, its reason and who asked. */
  move?: string;
  reason?: string;
  requestedBy?: string;
}

type TimelineEvent = { at: string; action: string; actor: { id?: string }; details: Record<string, unknown> };

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * Every change of a planned milestone date, oldest first, from an enterprise's audit events: each approved move's
 * `enterprise.replanned`, and each `enterprise.planChanged` (its `changes`, or — recorded before they were kept — the
 * dates it set).
 */
export function replansFrom(timeline: TimelineEvent[]): Replan[] {
  const out: Replan[] = [];
  for (const e of [...timeline].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))) {
    const d = e.details;
    if (e.action === 'enterprise.replanned') {
      const milestone = text(d.milestone);
      const to = text(d.to);
      if (!milestone || !to) continue;
      const replan: Replan = { at: e.at, milestone, to };
      for (const k of ['from', 'move', 'reason', 'requestedBy'] as const)
        if (text(d[k])) replan[k] = text(d[k]);
      replan.decidedBy = text(d.decidedBy) ?? e.actor.id;
      out.push(replan);
    } else if (e.action === 'enterprise.planChanged') {
      const changes: Record<string, unknown>[] = Array.isArray(d.changes)
        ? (d.changes as Record<string, unknown>[])
        : Object.entries((d.planned ?? {}) as Record<string, unknown>).map(([milestone, to]) => ({
            milestone,
            to,
          }));
      for (const c of changes) {
        const milestone = text(c.milestone);
        const to = text(c.to);
        if (!milestone || !to) continue;
        const from = text(c.from);
        out.push({ at: e.at, milestone, ...(from ? { from } : {}), to, decidedBy: e.actor.id });
      }
    }
  }
  return out;
}

/** Someone who served an enterprise within this many days may not re-plan it (they ask for a due-date move). */
export const REPLAN_SERVED_DAYS = 30;

/**
 * Whether `personId` served the enterprise at any time since `cutoff` (an instant): its service officer now; the one
 * it (or one of its tasks) was reassigned or handed over from since then; or the holder of one of its tasks that is
 * open or was completed since then. From the audit trail, which no one rewrites: a reassignment there and back
 * leaves its trace.
 */
export function servedWithin(
  personId: string,
  file: {
    enterprise: { serviceOfficerId: string };
    tasks: { officerId: string; status: string; completedAt?: string }[];
    timeline: TimelineEvent[];
  },
  cutoff: string,
): boolean {
  if (file.enterprise.serviceOfficerId === personId) return true;
  const handedFrom = file.timeline.some(
    (e) =>
      (e.action === 'enterprise.reassigned' || e.action === 'task.handedOver') &&
      e.details.from === personId &&
      e.at >= cutoff,
  );
  if (handedFrom) return true;
  return file.tasks.some(
    (t) => t.officerId === personId && (t.status === 'open' || (!!t.completedAt && t.completedAt >= cutoff)),
  );
}

/**
 * The due date "done on time" is measured against: the one the task was opened with (`originalDueAt`); for a task
 * opened before that was kept, its due date before the first approved move (that move's `from`), else its due date.
 * `moves` are the task's requests (any order).
 */
export function dueBeforeMoves(
  task: Pick<Task, 'dueAt' | 'originalDueAt'>,
  moves: { id: string; status: MoveStatus; from: string }[],
): string {
  if (task.originalDueAt) return task.originalDueAt;
  const approved = moves.filter((m) => m.status === 'approved').sort((a, b) => (a.id < b.id ? -1 : 1));
  return approved[0]?.from ?? task.dueAt;
}

/**
 * A request's state as the pages name it: pending, approved or refused — or, for one closed undecided because its
 * task ended first, how the task ended (never "refused" for a request nobody refused).
 */
export function moveStateKey(move: {
  status: MoveStatus;
  closedReason?: 'completed' | 'cancelled';
}): `task.move.closed.${'completed' | 'cancelled'}` | `task.move.state.${MoveStatus}` {
  return move.closedReason ? `task.move.closed.${move.closedReason}` : `task.move.state.${move.status}`;
}
