import type { Approval } from '../domain/lifecycle.ts';
import type { Need } from '../domain/work-item.ts';
import { logger } from '../log/logger.ts';
import { getEnterpriseFile } from '../store/enterprises.ts';
import { type ActDeps, act } from './act.ts';

/** Why the system closes a need a blocked approval raised: the approval was granted, or the project stopped. */
export type WithdrawReason = 'approvalGranted' | 'projectStopped';

/** The audit actions, one per reason, so the timeline says in words why the need was closed. */
export const WITHDRAW_ACTIONS: Record<WithdrawReason, string> = {
  approvalGranted: 'need.closedOnGrant',
  projectStopped: 'need.closedOnStop',
};

/** The audit action that links a need to the approval whose blocker (受阻) raised it (written by the task report). */
export const BLOCKED_ACTION = 'task.blocked';

/** A need still being worked on (an answered one awaits the enterprise's rating, and closes with it). */
const OPEN: Need['status'][] = ['submitted', 'routed', 'signedFor', 'committed', 'returned', 'escalated'];

/**
 * The needs raised by blocked approvals (受阻) of an enterprise — one approval's, or all — from the audit events that
 * link each to its approval. Pure, for the enterprise's file.
 */
export function blockedNeedIds(
  timeline: readonly { action: string; details: Record<string, unknown> }[],
  approval?: Approval,
): string[] {
  const ids = timeline
    .filter((e) => e.action === BLOCKED_ACTION && (!approval || e.details.approval === approval))
    .map((e) => e.details.needId)
    .filter((id): id is string => typeof id === 'string');
  return [...new Set(ids)];
}

/**
 * Close, as the system, the needs a blocked approval raised once they no longer stand in anyone's way: when that
 * approval is granted (`approval` given), or when the project stops (every approval's). Each through `act()`: the
 * need's status `closed` and its audit event (`need.closedOnGrant` "approval granted" / `need.closedOnStop` "project
 * stopped", with the reason in its details) in one
 * conditional write, its workflow released so it ends; the need stays on the enterprise's record. A need already
 * answered or closed is left as it is. Called after the grant or the stop is stored: a failure is logged (the need
 * stays open for its owner to close), never reported as the grant or the stop failing.
 */
export async function withdrawBlockedNeeds(
  deps: ActDeps,
  enterpriseId: string,
  reason: WithdrawReason,
  approval?: Approval,
): Promise<string[]> {
  const closed: string[] = [];
  try {
    const file = await getEnterpriseFile(deps.db, enterpriseId);
    if (!file) return closed;
    for (const needId of blockedNeedIds(file.timeline, approval)) {
      const need = file.needs.find((n) => n.id === needId);
      if (!need || !OPEN.includes(need.status)) continue;
      // Its workflow may be writing the need at that moment (a reminder recorded): read again, a few times.
      for (let attempt = 0; attempt < 3; attempt++) {
        const result = await act(
          deps,
          { enterpriseId, needId },
          { actor: { kind: 'system' }, channel: 'system' },
          OPEN,
          (current, now) => ({
            next: {
              ...current,
              status: 'closed',
              outcome: 'withdrawn',
              closedAt: now.toISOString(),
              dueAt: undefined,
            },
            action: WITHDRAW_ACTIONS[reason],
            details: { reason, ...(approval ? { approval } : {}) },
          }),
        );
        if (result.kind === 'done') closed.push(needId);
        if (result.kind === 'done' || !OPEN.includes(result.need.status)) break;
      }
    }
  } catch (error) {
    logger.error('could not close the needs of a blocked approval', {
      enterpriseId,
      reason,
      error: (error as Error).name,
    });
  }
  return closed;
}
