import { z } from 'zod';
import { can } from '../auth/permissions.ts';
import type { Deps } from '../deps.ts';
import { approversOf } from '../domain/approval.ts';
import type { Actor, Channel } from '../domain/audit.ts';
import { ConflictError, NotFoundError, NotHolderError } from '../domain/errors.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { headsOf, managersOf, type Staff } from '../domain/organisation.ts';
import { Id, IsoDate, Text } from '../domain/primitives.ts';
import type { Need } from '../domain/work-item.ts';
import { type BusinessMetric, countMetric } from '../metrics/metrics.ts';
import { actsForHolder } from '../organisation/substitute.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { getNeed, getNeedWaitToken, needChange } from '../store/needs.ts';
import { listStaff } from '../store/organisation.ts';
import { addToCounters, type NeedCounters } from '../store/stats.ts';
import { transact } from '../store/write.ts';
import { releaseWait } from '../workflows/release.ts';
import { notifyExtensionApprovers } from './flow/notify.ts';
import { dueInWorkingDays, extensionRequest, RATING_WORKING_DAYS, RESOLUTION_WORKING_DAYS } from './rules.ts';

type ActDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'workflows' | 'config'>;
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
async function act(
  deps: ActDeps,
  ids: NeedIds,
  by: Acting,
  allowed: Need['status'][],
  change: (
    need: Need,
    now: Date,
  ) => { next: Need; action: string; details: Record<string, unknown>; count?: Partial<NeedCounters> },
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
  const { next, action, details, count } = change(need, now);
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
  if (next.status !== need.status) countMetric(NEED_STATE_METRICS[next.status]);
  return { kind: 'done', need: { ...next, version: need.version + 1 } };
}

/** Needs by the state they move to, as business metrics. */
const NEED_STATE_METRICS: Record<Need['status'], BusinessMetric> = {
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
  return [
    ...addToCounters(deps.db, 'DEPT', need.ownerDepartmentId, count),
    ...addToCounters(deps.db, 'STAFF', need.ownerId, count),
  ];
}

/** The owner's actions: only the person who holds the need now may take them. */
const HOLDER = { holderOnly: true };

const isLate = (need: Need, now: Date) => (need.dueAt ? now.toISOString() > need.dueAt : false);

export const SignFor = z.object({ committedDate: IsoDate });

/** The owner signs for the need and commits to a date to answer by (within the category's resolution clock). */
export async function signFor(deps: ActDeps, ids: NeedIds, input: unknown, by: Acting): Promise<ActResult> {
  const { committedDate } = parseInput(SignFor, input);
  return act(
    deps,
    ids,
    by,
    ['routed', 'submitted'],
    (need, now) => {
      const today = deps.calendar.localDate(now);
      if (committedDate < today) throw InputError.field('committedDate', 'date.past');
      if (need.resolveBy && committedDate > need.resolveBy)
        throw InputError.field('committedDate', 'need.beyondClock');
      return {
        next: {
          ...need,
          status: 'committed',
          signedForAt: now.toISOString(),
          committedDate,
          dueAt: deps.calendar.closeOfBusiness(deps.calendar.onOrAfter(committedDate)).toISOString(),
        },
        action: 'need.signedFor',
        details: { committedDate, late: isLate(need, now) },
        count: { signedFor: 1, signedForOnTime: isLate(need, now) ? 0 : 1 },
      };
    },
    HOLDER,
  );
}

export const Answer = z.object({ answer: Text(2000) });

/** The owner answers; the enterprise is then asked to rate the answer. */
export async function resolveNeed(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { answer } = parseInput(Answer, input);
  return act(
    deps,
    ids,
    by,
    ['committed', 'signedFor'],
    (need, now) => ({
      next: {
        ...need,
        status: 'resolved',
        answer,
        resolvedAt: now.toISOString(),
        dueAt: dueInWorkingDays(deps.calendar, now, RATING_WORKING_DAYS).toISOString(),
      },
      action: 'need.resolved',
      details: { late: isLate(need, now) },
      count: {
        resolved: 1,
        resolvedOnTime: isLate(need, now) ? 0 : 1,
        resolveWorkingDays: Math.max(
          0,
          deps.calendar.workingDaysBetween(
            deps.calendar.localDate(new Date(need.createdAt)),
            deps.calendar.localDate(now),
          ),
        ),
      },
    }),
    HOLDER,
  );
}

export const ReturnNeed = z.object({ reason: Text(500) });

/** The owner returns a need that is not theirs; a manager re-routes it. */
export async function returnNeed(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { reason } = parseInput(ReturnNeed, input);
  // A returned need is re-routed or decided by a manager other than its owner: with nobody to do that (a zone whose
  // only manager returns their own need) it would be stuck, so it is refused here with a clear message.
  const deciders = managersOf(await listStaff(deps.db)).filter(
    (m) => by.actor.kind !== 'staff' || m.id !== by.actor.id,
  );
  if (!deciders.length) throw InputError.field('reason', 'approval.nobody');
  return act(
    deps,
    ids,
    by,
    ['routed', 'submitted', 'committed', 'signedFor'],
    (need, now) => ({
      next: {
        ...need,
        status: 'returned',
        returnReason: reason,
        dueAt: dueInWorkingDays(deps.calendar, now, 1).toISOString(),
      },
      action: 'need.returned',
      details: { reason },
    }),
    HOLDER,
  );
}

/**
 * Give an open need to another staff member (a hand-over when someone leaves): same status and clocks, a new owner,
 * whose reminders start afresh; the workflow tells them at once, with their own link.
 */
export async function handOverNeed(
  deps: ActDeps,
  ids: NeedIds,
  to: { id: string; departmentId: string },
  by: Acting,
): Promise<ActResult> {
  return act(deps, ids, by, ['submitted', 'routed', 'signedFor', 'committed'], (need) => ({
    next: { ...need, ownerId: to.id, ownerDepartmentId: to.departmentId, notified: [] },
    action: 'need.handedOver',
    details: { from: need.ownerId, to: to.id },
  }));
}

export const Reroute = z.object({ departmentId: Id });

/** A manager routes a returned (or escalated) need to another department: its head owns it, the clocks restart. */
export async function rerouteNeed(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { departmentId } = parseInput(Reroute, input);
  const [head] = headsOf(await listStaff(deps.db), departmentId);
  if (!head) throw InputError.field('departmentId', 'department.noHead');
  return act(deps, ids, by, ['returned', 'escalated'], (need, now) => ({
    next: {
      ...notOwnDecision(need, by, 'departmentId'),
      status: 'routed',
      ownerId: head.id,
      ownerDepartmentId: departmentId,
      dueAt: dueInWorkingDays(deps.calendar, now, 1).toISOString(),
      resolveBy: deps.calendar.addWorkingDays(
        deps.calendar.localDate(now),
        RESOLUTION_WORKING_DAYS[need.category],
      ),
    },
    action: 'need.rerouted',
    details: { departmentId, ownerId: head.id },
  }));
}

export const Rating = z.object({
  rating: z.enum(['satisfied', 'basicallySatisfied', 'unsatisfied'], { error: 'rating.invalid' }),
  comment: z.string().trim().max(500, { error: 'text.tooLong' }).optional(),
});

/**
 * The enterprise rates the answer. Satisfied (or basically) closes the need; unsatisfied reopens it for the owner
 * to redo, up to NEED_MAX_REDOS times (configuration), after which a manager decides.
 */
export async function rateNeed(deps: ActDeps, ids: NeedIds, input: unknown, by: Acting): Promise<ActResult> {
  const { rating, comment } = parseInput(Rating, input);
  return act(deps, ids, by, ['resolved'], (need, now) => {
    if (rating !== 'unsatisfied') {
      return {
        next: {
          ...need,
          status: 'closed',
          rating,
          ratingComment: comment,
          closedAt: now.toISOString(),
          dueAt: undefined,
        },
        action: 'need.rated',
        details: { rating },
        count: { rated: 1, satisfied: 1 },
      };
    }
    const redoCount = need.redoCount + 1;
    if (redoCount > deps.config.NEED_MAX_REDOS) {
      return {
        next: {
          ...need,
          status: 'escalated',
          rating,
          ratingComment: comment,
          redoCount,
          dueAt: dueInWorkingDays(deps.calendar, now, 2).toISOString(),
        },
        action: 'need.escalated',
        details: { rating, redoCount },
        count: { rated: 1 },
      };
    }
    return {
      next: {
        ...need,
        status: 'committed',
        rating,
        ratingComment: comment,
        redoCount,
        dueAt: dueInWorkingDays(deps.calendar, now, RESOLUTION_WORKING_DAYS[need.category]).toISOString(),
      },
      action: 'need.reopened',
      details: { rating, redoCount },
      count: { rated: 1 },
    };
  });
}

export const Decision = z.object({ decision: Text(1000) });

/** A manager closes an escalated need with a decision. */
export async function decideNeed(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { decision } = parseInput(Decision, input);
  return act(deps, ids, by, ['escalated', 'returned'], (need, now) => ({
    next: {
      ...notOwnDecision(need, by, 'decision'),
      status: 'closed',
      answer: need.answer ?? decision,
      closedAt: now.toISOString(),
      dueAt: undefined,
    },
    action: 'need.decided',
    details: { decision },
  }));
}

/**
 * A returned or escalated need is decided by someone other than its owner: the owner who returned it, or whose late
 * answer was escalated, does not decide where it goes or close it.
 */
function notOwnDecision(need: Need, by: Acting, field: string): Need {
  if (by.actor.kind === 'staff' && need.ownerId === by.actor.id)
    throw InputError.field(field, 'approval.ownNeed');
  return need;
}

/** The enterprise did not rate within the window: the need closes without a rating. */
export async function closeUnrated(deps: ActDeps, ids: NeedIds): Promise<ActResult> {
  return act(deps, ids, { actor: { kind: 'system' }, channel: 'workflow' }, ['resolved'], (need, now) => ({
    next: { ...need, status: 'closed', rating: 'none', closedAt: now.toISOString(), dueAt: undefined },
    action: 'need.closedUnrated',
    details: {},
  }));
}

export const ExtensionRequest = z.object({ extendTo: IsoDate, reason: Text(500) });

/** The owner asks for more time, with a reason; the department head or a manager decides. */
export async function requestExtension(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { extendTo, reason } = parseInput(ExtensionRequest, input);
  const staff = await listStaff(deps.db);
  return act(
    deps,
    ids,
    by,
    ['routed', 'submitted', 'committed', 'signedFor'],
    (need, now) => {
      const current = need.committedDate ?? need.resolveBy ?? deps.calendar.localDate(now);
      if (extendTo <= current) throw InputError.field('extendTo', 'date.notLater');
      if (need.extension?.status === 'pending') throw InputError.field('extendTo', 'need.extensionPending');
      if (!approversOf(staff, requesterOf(staff, by), need.ownerDepartmentId).length)
        throw InputError.field('extendTo', 'approval.nobody');
      return {
        next: {
          ...need,
          extension: {
            to: extendTo,
            reason,
            requestedBy: by.actor.id,
            at: now.toISOString(),
            status: 'pending',
          },
        },
        action: 'need.extensionRequested',
        details: { to: extendTo, reason },
      };
    },
    HOLDER,
  );
}

const requesterOf = (staff: Staff[], by: Acting) =>
  by.actor.kind === 'staff' ? staff.find((s) => s.id === by.actor.id) : undefined;

export const ExtensionDecision = z.object({ approve: z.enum(['yes', 'no'], { error: 'field.invalid' }) });

/** Approve (the answer date and the clock move to the requested date) or refuse a pending extension. */
export async function decideExtension(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { approve } = parseInput(ExtensionDecision, input);
  const staff = await listStaff(deps.db);
  return act(deps, ids, by, ['routed', 'submitted', 'committed', 'signedFor'], (need) => {
    const extension = need.extension;
    if (extension?.status !== 'pending') throw InputError.field('approve', 'need.noExtension');
    // The one rule for deciding requests (`shared/auth/permissions.ts`): never one's own, a head only an officer's.
    const decider = staff.find((s) => by.actor.kind === 'staff' && s.id === by.actor.id);
    if (by.actor.kind === 'staff' && !can(decider, 'need.decideExtension', extensionRequest(need, staff)))
      throw InputError.field(
        'approve',
        extension.requestedBy === by.actor.id ? 'approval.ownRequest' : 'approval.notApprover',
      );
    const decided = {
      ...extension,
      status: approve === 'yes' ? ('approved' as const) : ('refused' as const),
      decidedBy: by.actor.id,
    };
    if (approve === 'no')
      return {
        next: { ...need, extension: decided },
        action: 'need.extensionRefused',
        details: { to: extension.to },
      };
    const answering = need.status === 'committed' || need.status === 'signedFor';
    return {
      next: {
        ...need,
        extension: decided,
        resolveBy: extension.to,
        ...(answering
          ? {
              committedDate: extension.to,
              dueAt: deps.calendar.closeOfBusiness(deps.calendar.onOrAfter(extension.to)).toISOString(),
            }
          : {}),
      },
      action: 'need.extensionApproved',
      details: { to: extension.to },
    };
  });
}

/** Ask for an extension and tell whoever must decide on it. */
export async function askForExtension(
  deps: ActDeps & Pick<Deps, 'mailer' | 'links'>,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const result = await requestExtension(deps, ids, input, by);
  if (result.kind === 'done') await notifyExtensionApprovers(deps, result.need);
  return result;
}
