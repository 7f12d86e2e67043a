import { z } from 'zod';
import { can } from '../auth/permissions.ts';
import type { Deps } from '../deps.ts';
import { approversOf } from '../domain/approval.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import type { Staff } from '../domain/organisation.ts';
import { IsoDate, Text } from '../domain/primitives.ts';
import { listStaff } from '../store/organisation.ts';
import { type ActDeps, type Acting, type ActResult, act, HOLDER, type NeedIds, WITH_OWNER } from './act.ts';
import { getClocks } from './clocks.ts';
import { notifyExtensionApprovers, notifyExtensionRequester } from './flow/notify.ts';
import { extensionRefusal, extensionRequest } from './rules.ts';

/**
 * The request's fields. The reason is `extendReason`, the extension form's own name: the need page's return form
 * asks for a `reason` too, and a field error (or what was typed) would otherwise show under both forms. Callers that
 * send `reason`, as before, are still read when `extendReason` is absent.
 */
export const ExtensionRequest = z.preprocess(
  (input) =>
    input && typeof input === 'object' && !('extendReason' in input) && 'reason' in input
      ? { ...input, extendReason: input.reason }
      : input,
  z.object({ extendTo: IsoDate, extendReason: Text(500) }),
);

/** The owner asks for more time, with a reason; the department head or a manager decides. */
export async function requestExtension(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { extendTo, extendReason: reason } = parseInput(ExtensionRequest, input);
  const [staff, clocks] = await Promise.all([listStaff(deps.db), getClocks(deps)]);
  return act(
    deps,
    ids,
    by,
    WITH_OWNER,
    (need, now) => {
      const current = need.committedDate ?? need.resolveBy ?? deps.calendar.localDate(now);
      if (extendTo <= current) throw InputError.field('extendTo', 'date.notLater');
      // More time is asked for before the deadline, never after it has passed.
      if (now > deps.calendar.closeOfBusiness(deps.calendar.onOrAfter(current)))
        throw InputError.field('extendTo', 'need.extensionTooLate');
      if (need.extension?.status === 'pending') throw InputError.field('extendTo', 'need.extensionPending');
      // 12345 rules: more time once, and at most the need's own time limit again.
      const refusal = extensionRefusal(deps.calendar, clocks, need, extendTo, deps.calendar.localDate(now));
      if (refusal) throw InputError.field('extendTo', refusal);
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
  const [staff, clocks] = await Promise.all([listStaff(deps.db), getClocks(deps)]);
  return act(deps, ids, by, WITH_OWNER, (need) => {
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
    // The rules as they stand now, from the day it was asked: a request made before the limits (or the zone's clock
    // table) changed is not approved beyond them.
    const refusal = extensionRefusal(
      deps.calendar,
      clocks,
      need,
      extension.to,
      deps.calendar.localDate(new Date(extension.at)),
    );
    if (refusal) throw InputError.field('approve', refusal);
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

/** Decide on an extension and tell the requester what was decided. */
export async function decideAndTell(
  deps: ActDeps & Pick<Deps, 'mailer' | 'links'>,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const result = await decideExtension(deps, ids, input, by);
  if (result.kind === 'done') await notifyExtensionRequester(deps, result.need);
  return result;
}
