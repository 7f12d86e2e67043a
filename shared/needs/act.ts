import type { Deps } from '../deps.ts';
import type { Actor, Channel } from '../domain/audit.ts';
import { ConflictError, NotFoundError, NotHolderError } from '../domain/errors.ts';
import { InputError } from '../domain/input-error.ts';
import { openParts, partsEndWith } from '../domain/need-part.ts';
import type { Need } from '../domain/work-item.ts';
import { logger } from '../log/logger.ts';
import { type BusinessMetric, countMetric } from '../metrics/metrics.ts';
import { actsForHolder } from '../organisation/substitute.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { partEnded } from '../store/need-parts.ts';
import { getNeed, getNeedWaitToken, needChange } from '../store/needs.ts';
import { addToFigures, type NeedCounters } from '../store/stats.ts';
import { type Guarded, transact } from '../store/write.ts';
import { releaseWait } from '../workflows/release.ts';
import { finalCounts, stampResponses } from './outcome.ts';
import { enterpriseNotice, tellEnterprise } from './tell-enterprise.ts';
export type ActDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'workflows' | 'config' | 'links' | 'mailer'>;
export interface Acting {
  actor: Actor;
  channel: Channel;
}
export type NeedIds = { enterpriseId: string; needId: string };

export type ActResult = { kind: 'done'; need: Need } | { kind: 'stale'; need: Need };

/**
 * Apply one person's action to a need: check it against the need as it is now, write the new state together with
 * its audit event (only if nobody changed the need meanwhile), then release the workflow waiting on the need so it
 * moves on. An action that no longer applies (a second click, an old link) changes nothing: 'stale'. An owner's
 * action (`holderOnly`) by a staff member who neither owns the need nor stands in for its owner today (a
 * substitute) is refused (NotHolderError): their old link does not act for whoever holds it now.
 */
export async function act(
  deps: ActDeps,
  ids: NeedIds,
  by: Acting,
  allowed: Need['status'][],
  change: (
    need: Need,
    now: Date,
  ) => {
    next: Need;
    action: string;
    details: Record<string, unknown>;
    count?: Partial<NeedCounters>;
    /** Other items written with the need, all or nothing (a part of it asked or answered). */
    also?: Guarded[];
  },
  options: { holderOnly?: boolean } = {},
): Promise<ActResult> {
  const need = await getNeed(deps.db, ids.enterpriseId, ids.needId);
  if (!need) throw new NotFoundError('need', ids.needId);
  if (
    options.holderOnly &&
    by.actor.kind === 'staff' &&
    !(await actsForHolder(deps, need.ownerId, by.actor.id))
  )
    throw new NotHolderError('need', need.id, need.ownerId);
  if (!allowed.includes(need.status)) return { kind: 'stale', need };
  const now = deps.clock.now();
  const changed = change(need, now);
  const { action, details } = changed;
  // A need that closes or goes to another department ends the parts still open with it (主办/协办).
  const partsEnd = partsEndWith(need, changed.next);
  const ending = partsEnd ? openParts(changed.next) : [];
  const withParts = ending.length
    ? {
        ...changed.next,
        parts: (changed.next.parts ?? []).map((p) =>
          p.status === 'open' ? { ...p, status: 'cancelled' as const } : p,
        ),
      }
    : changed.next;
  const next = stampResponses(need, withParts, now, isLate(need, now));
  // A need that ends adds its outcome to its owner's figures, once.
  const ends = next.status === 'closed' && need.status !== 'closed';
  const count = ends ? { ...changed.count, ...finalCounts(next) } : changed.count;
  try {
    await transact(deps.db, [
      // A new status starts its reminders afresh; a change within the same status keeps what was sent.
      needChange(deps.db, need, {
        ...next,
        notified: next.status === need.status ? next.notified : [],
        version: need.version + 1,
      }),
      auditItem(
        deps.db,
        newAudit(now, {
          ...by,
          action,
          enterpriseId: need.enterpriseId,
          subject: { kind: 'need', id: need.id },
          details,
        }),
      ),
      ...ownerCounters(deps, need, count),
      ...(changed.also ?? []),
      ...ending.map((p) =>
        partEnded(
          deps.db,
          { enterpriseId: need.enterpriseId, needId: need.id, id: p.id },
          partsEnd ?? 'needClosed',
        ),
      ),
    ]);
  } catch (error) {
    if (error instanceof ConflictError)
      return { kind: 'stale', need: (await getNeed(deps.db, ids.enterpriseId, ids.needId)) ?? need };
    throw error;
  }
  await releaseWait(deps, () => getNeedWaitToken(deps.db, need.enterpriseId, need.id), {
    needId: need.id,
    status: next.status,
  });
  const metric = next.status !== need.status ? NEED_STATE_METRICS[next.status] : undefined;
  if (metric) countMetric(metric);
  const notice = enterpriseNotice(need, next);
  // After the write: a mail the server cannot take now is queued, never lost, and never blocks the change.
  // The change is stored by now: a failure to tell (the enterprise unreadable) is logged, never the action's error.
  if (notice)
    await tellEnterprise(deps, next, notice).catch((error: unknown) =>
      logger.error('enterprise not told', { needId: need.id, error: (error as Error).name }),
    );
  return { kind: 'done', need: { ...next, version: need.version + 1 } };
}

/** Needs by the state they move to, as business metrics. */
const NEED_STATE_METRICS: Partial<Record<Need['status'], BusinessMetric>> = {
  submitted: 'NeedOpened',
  routed: 'NeedRouted',
  signedFor: 'NeedSignedFor',
  committed: 'NeedCommitted',
  resolved: 'NeedResolved',
  returned: 'NeedReturned',
  escalated: 'NeedEscalated',
  closed: 'NeedClosed',
};

/** The figures count against whoever owned the need when the action happened. */
function ownerCounters(deps: ActDeps, need: Need, count: Partial<NeedCounters> | undefined) {
  if (!count || !need.ownerId || !need.ownerDepartmentId) return [];
  return addToFigures(deps.db, { departmentId: need.ownerDepartmentId, staffId: need.ownerId }, count);
}

/** Where a need is with its owner (signing for or answering it): the statuses the owner's actions apply in. */
export const WITH_OWNER: Need['status'][] = ['routed', 'submitted', 'committed', 'signedFor'];

/** The owner's actions: only the person who holds the need now may take them. */
export const HOLDER = { holderOnly: true };

export const isLate = (need: Need, now: Date) => (need.dueAt ? now.toISOString() > need.dueAt : false);

/**
 * A returned or escalated need is decided by someone other than its owner: the owner who returned it, or whose late
 * answer was escalated, does not decide where it goes or close it.
 */
export function notOwnDecision(need: Need, by: Acting, field: string): Need {
  if (by.actor.kind === 'staff' && need.ownerId === by.actor.id)
    throw InputError.field(field, 'approval.ownNeed');
  return need;
}
