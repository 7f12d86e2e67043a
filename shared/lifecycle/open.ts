import { DateTime } from 'luxon';
import { ZONE } from '../calendar/working-days.ts';
import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { APPROVAL_WORKING_DAYS, type Approval } from '../domain/lifecycle.ts';
import { trackingDueAt } from '../domain/schedule.ts';
import { nextMilestone } from '../domain/stage.ts';
import type { Task } from '../domain/work-item.ts';
import { countMetric } from '../metrics/metrics.ts';
import type { By } from '../organisation/create.ts';
import { actingFor, actingForOne, actingHeads } from '../organisation/substitute.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { enterpriseChange, getEnterprise } from '../store/enterprises.ts';
import { listStaffForMessages } from '../store/organisation.ts';
import {
  approvalTaskId,
  approvalTaskItems,
  closeTaskItem,
  getTask,
  lastVisitCompletedAt,
  taskItem,
} from '../store/tasks.ts';
import { transact } from '../store/write.ts';
import { getApprovalRouting } from './approval-routing.ts';
import { localDateOf, visitNotBefore } from './move-rules.ts';

type OpenDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'config'>;

/**
 * The task an enterprise needs now: a follow-up while in talks (on the date the officer named, else after the
 * follow-up interval), toward its next milestone, or its next aftercare visit once in the statistics.
 */
export function nextTask(
  deps: OpenDeps,
  enterprise: Enterprise,
  officer: { id: string; departmentId: string },
): Task {
  const now = deps.clock.now();
  const today = deps.calendar.localDate(now);
  const milestone = nextMilestone(enterprise.stage);
  const talks = enterprise.stage === 'negotiating';
  const dueAt = talks
    ? deps.calendar.closeOfBusiness(
        enterprise.nextFollowUpOn && enterprise.nextFollowUpOn > today
          ? deps.calendar.onOrAfter(enterprise.nextFollowUpOn)
          : deps.calendar.addWorkingDays(today, deps.config.TALKS_FOLLOW_UP_WORKING_DAYS),
      )
    : milestone
      ? trackingDueAt(deps.calendar, milestone, enterprise.milestones[milestone].planned, now)
      : deps.calendar.closeOfBusiness(
          deps.calendar.onOrAfter(
            DateTime.fromJSDate(now, { zone: ZONE })
              .plus({ months: deps.config.VISIT_INTERVAL_MONTHS })
              .toISODate() as string,
          ),
        );
  return {
    id: newId(now.getTime()),
    enterpriseId: enterprise.id,
    enterpriseName: enterprise.name,
    industryChain: enterprise.industryChain,
    stage: enterprise.stage,
    kind: talks ? 'followUp' : milestone ? 'tracking' : 'visit',
    milestone,
    status: 'open',
    officerId: officer.id,
    departmentId: officer.departmentId,
    dueAt: dueAt.toISOString(),
    originalDueAt: dueAt.toISOString(),
    openedAt: now.toISOString(),
    notified: [],
    version: 1,
  };
}

/**
 * The enterprise's open task, opened now if it has none. At most one task is ever open per enterprise: the task is
 * written together with the enterprise's `openTaskId`, on condition that it had none. So a retried or resumed
 * step, or two at once, find the same task instead of opening a second.
 */
export async function ensureOpenTask(
  deps: OpenDeps,
  enterpriseId: string,
  by: By,
): Promise<{ enterprise: Enterprise; task: Task; created: boolean } | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const enterprise = await getEnterprise(deps.db, enterpriseId);
    if (!enterprise) return undefined;
    if (enterprise.openTaskId) {
      const task = await getTask(deps.db, enterprise.id, enterprise.openTaskId);
      if (task?.status === 'open') return { enterprise, task, created: false };
    }
    const now = deps.clock.now();
    // The service officer's, or their substitute's while they are away.
    const officer = await actingForOne(deps.db, enterprise.serviceOfficerId, deps.calendar.localDate(now));
    const next = nextTask(deps, enterprise, {
      id: officer?.id ?? enterprise.serviceOfficerId,
      departmentId: officer?.departmentId ?? enterprise.serviceDepartmentId,
    });
    // A visit may be reported done only a minimum interval after the previous one: the earliest date goes on it.
    const notBefore =
      next.kind === 'visit'
        ? visitNotBefore(
            localDateOf(deps, await lastVisitCompletedAt(deps.db, enterprise.id)),
            deps.config.VISIT_MIN_INTERVAL_DAYS,
          )
        : undefined;
    const task: Task = notBefore ? { ...next, notBefore } : next;
    try {
      await transact(deps.db, [
        enterpriseChange(deps.db, enterprise, {
          ...enterprise,
          openTaskId: task.id,
          updatedAt: now.toISOString(),
        }),
        taskItem(deps.db, task),
        auditItem(
          deps.db,
          newAudit(now, {
            ...by,
            action: 'task.opened',
            enterpriseId: enterprise.id,
            subject: { kind: 'task', id: task.id },
            details: {
              kind: task.kind,
              milestone: task.milestone,
              dueAt: task.dueAt,
              officerId: task.officerId,
            },
          }),
        ),
      ]);
      countMetric('TaskOpened');
      return {
        enterprise: { ...enterprise, openTaskId: task.id, version: enterprise.version + 1 },
        task,
        created: true,
      };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Someone changed the enterprise meanwhile (maybe opened the task): read again.
    }
  }
  throw new ConflictError('enterprise', enterpriseId, 'busy');
}

/** Who handles an approval: the head of the department the zone routes it to (or their substitute), else the officer. */
async function approvalOwner(deps: OpenDeps, enterprise: Enterprise, approval: Approval, today: string) {
  const [routing, staff] = await Promise.all([getApprovalRouting(deps), listStaffForMessages(deps.db)]);
  const departmentId = routing?.[approval];
  const [head] = departmentId ? actingHeads(staff, departmentId, today) : [];
  const owner = head ?? actingFor(staff, enterprise.serviceOfficerId, today);
  return {
    id: owner?.id ?? enterprise.serviceOfficerId,
    departmentId: owner?.departmentId ?? enterprise.serviceDepartmentId,
  };
}

/**
 * An approval's open task, opened now if it has none (or only a cancelled one). Each approval has one slot: the task
 * is written with it, on condition that it is empty (or names the task being replaced), so the Map's iterations,
 * their retries and a restart open one task per approval. Returns undefined once the approval is granted.
 */
export async function ensureApprovalTask(
  deps: OpenDeps,
  enterpriseId: string,
  approval: Approval,
  by: By,
): Promise<{ enterprise: Enterprise; task: Task; created: boolean } | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const [enterprise, slot] = await Promise.all([
      getEnterprise(deps.db, enterpriseId),
      approvalTaskId(deps.db, enterpriseId, approval),
    ]);
    if (!enterprise) throw new NotFoundError('enterprise', enterpriseId);
    if (enterprise.approvals?.[approval]?.actual) return undefined;
    if (enterprise.status !== 'active' && enterprise.status !== 'paused') return undefined;
    const existing = slot ? await getTask(deps.db, enterpriseId, slot) : undefined;
    if (existing?.status === 'open') return { enterprise, task: existing, created: false };
    const now = deps.clock.now();
    const today = deps.calendar.localDate(now);
    const owner = await approvalOwner(deps, enterprise, approval, today);
    const planned = enterprise.approvals?.[approval]?.planned;
    const dueAt = deps.calendar.closeOfBusiness(
      planned
        ? deps.calendar.onOrAfter(planned)
        : deps.calendar.addWorkingDays(today, APPROVAL_WORKING_DAYS[approval]),
    );
    const task: Task = {
      id: newId(now.getTime()),
      enterpriseId: enterprise.id,
      enterpriseName: enterprise.name,
      industryChain: enterprise.industryChain,
      stage: enterprise.stage,
      kind: 'approval',
      approval,
      status: 'open',
      officerId: owner.id,
      departmentId: owner.departmentId,
      dueAt: dueAt.toISOString(),
      originalDueAt: dueAt.toISOString(),
      openedAt: now.toISOString(),
      notified: [],
      version: 1,
    };
    try {
      await transact(deps.db, [
        ...approvalTaskItems(deps.db, task, slot),
        auditItem(
          deps.db,
          newAudit(now, {
            ...by,
            action: 'task.opened',
            enterpriseId: enterprise.id,
            subject: { kind: 'task', id: task.id },
            details: {
              kind: task.kind,
              approval,
              stage: enterprise.stage,
              dueAt: task.dueAt,
              officerId: task.officerId,
            },
          }),
        ),
      ]);
      countMetric('TaskOpened');
      // A stop or close that read the open tasks before this one was written would leave it open: read the project
      // again, and cancel this task if it stopped meanwhile (a stop that reads after this write cancels it itself).
      const now2 = await getEnterprise(deps.db, enterpriseId);
      if (now2 && now2.status !== 'active' && now2.status !== 'paused') {
        await transact(deps.db, [
          closeTaskItem(deps.db, task, {
            status: 'cancelled',
            at: deps.clock.now().toISOString(),
            fields: { completion: { cancelled: now2.status, cause: now2.status } },
          }),
        ]).catch((error: unknown) => {
          if (!(error instanceof ConflictError)) throw error;
        });
        return undefined;
      }
      return { enterprise, task, created: true };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Another iteration or retry opened it meanwhile: read again.
    }
  }
  throw new ConflictError('task', `${enterpriseId}/${approval}`, 'busy');
}
