import { DateTime } from 'luxon';
import { type Calendar, ZONE } from '../calendar/working-days.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { APPROVAL_WORKING_DAYS } from '../domain/lifecycle.ts';
import { DEFAULT_MILESTONE_WORKING_DAYS } from '../domain/schedule.ts';
import type { Need, Task } from '../domain/work-item.ts';
import type { NeedClocks } from '../needs/clocks.ts';
import { firstContactOwed, openingClocks, phaseOf } from '../needs/rules.ts';

/** The settings a task's computed due date depends on. */
export interface TaskClockConfig {
  TALKS_FOLLOW_UP_WORKING_DAYS: number;
  VISIT_INTERVAL_MONTHS: number;
}

/**
 * How an open task's due date is computed when nobody chose it (no planned date, no approved move): from the day it
 * was opened, its kind's working days (a follow-up's interval, a milestone's or an approval's default), or a visit's
 * months, moved to a working day. Undefined for a kind that has no such clock.
 */
function computedTaskDue(calendar: Calendar, task: Task, config: TaskClockConfig): string | undefined {
  const opened = calendar.localDate(new Date(task.openedAt));
  const days =
    task.kind === 'followUp'
      ? config.TALKS_FOLLOW_UP_WORKING_DAYS
      : task.kind === 'tracking' && task.milestone
        ? DEFAULT_MILESTONE_WORKING_DAYS[task.milestone]
        : task.kind === 'approval' && task.approval
          ? APPROVAL_WORKING_DAYS[task.approval]
          : undefined;
  if (days !== undefined)
    return calendar.closeOfBusiness(calendar.addWorkingDays(opened, days)).toISOString();
  if (task.kind !== 'visit') return undefined;
  const interval = DateTime.fromJSDate(new Date(task.openedAt), { zone: ZONE })
    .plus({ months: config.VISIT_INTERVAL_MONTHS })
    .toISODate() as string;
  return calendar.closeOfBusiness(calendar.onOrAfter(interval)).toISOString();
}

/**
 * Whether a person chose the date an open task is due on: the milestone's or the approval's planned date, the next
 * follow-up the officer named (a date equal to the computed one included — it is still theirs).
 */
export function chosenTaskDate(
  enterprise: Pick<Enterprise, 'milestones' | 'approvals' | 'nextFollowUpOn'> | undefined,
  task: Task,
): boolean {
  if (!enterprise) return false;
  if (task.kind === 'tracking' && task.milestone) return !!enterprise.milestones[task.milestone]?.planned;
  if (task.kind === 'approval' && task.approval) return !!enterprise.approvals[task.approval]?.planned;
  if (task.kind === 'followUp') return !!enterprise.nextFollowUpOn;
  return false;
}

/**
 * The calendars a stored due date may have been computed with: the one before the change, and the year as it stood
 * before any arrangement of it was entered (so an entry interrupted half-way finishes when it is saved again).
 */
export type Before = Calendar | readonly Calendar[];
const calendarsOf = (old: Before): readonly Calendar[] => (Array.isArray(old) ? old : [old as Calendar]);

/**
 * An open task's due date under the new calendar, if it moves: only a due date an old calendar computes from the
 * task's opening exactly as stored — so a planned date, an approved move, a re-plan (a date someone chose) never
 * matches and stays. "On time" (`originalDueAt`) follows when it was that same computed date.
 */
export function movedTaskDue(
  old: Before,
  next: Calendar,
  task: Task,
  config: TaskClockConfig,
): Pick<Task, 'dueAt' | 'originalDueAt'> | undefined {
  if (task.status !== 'open' || task.move?.status === 'approved') return undefined;
  if (!calendarsOf(old).some((c) => computedTaskDue(c, task, config) === task.dueAt)) return undefined;
  const now = computedTaskDue(next, task, config);
  if (now === undefined || now === task.dueAt) return undefined;
  return { dueAt: now, ...(task.originalDueAt === task.dueAt ? { originalDueAt: now } : {}) };
}

type NeedClockFields = Pick<Need, 'dueAt' | 'resolveBy' | 'firstContactBy'>;

/**
 * A need's clocks under the new calendar, those that move: each of the clocks that start when it is routed (from its
 * last routing, else its creation) — the sign-for due time while it is still to be signed for, the answer's time
 * limit (`resolveBy`) while it is not answered, the urgent first contact while owed — if the old calendar gives it
 * exactly as stored. What the owner committed to (the answer date), an approved extension, a redo's date are chosen
 * or counted from elsewhere: they stay. Undefined when nothing moves.
 */
export function movedNeedClocks(
  old: Before,
  next: Calendar,
  need: Need,
  table: NeedClocks,
): Partial<NeedClockFields> | undefined {
  const phase = phaseOf(need);
  if (phase !== 'signFor' && phase !== 'answer') return undefined;
  const start = new Date(need.routedAt ?? need.createdAt);
  const was = calendarsOf(old).map((c) => openingClocks(c, start, need, table));
  const computed = (field: keyof NeedClockFields) => was.some((w) => w[field] === need[field]);
  const now = openingClocks(next, start, need, table);
  const moved: Partial<NeedClockFields> = {};
  if (phase === 'signFor' && need.dueAt && computed('dueAt') && now.dueAt !== need.dueAt)
    moved.dueAt = now.dueAt;
  if (need.resolveBy && computed('resolveBy') && now.resolveBy !== need.resolveBy && !need.extension)
    moved.resolveBy = now.resolveBy;
  if (firstContactOwed(need) && computed('firstContactBy') && now.firstContactBy !== need.firstContactBy)
    moved.firstContactBy = now.firstContactBy;
  return Object.keys(moved).length ? moved : undefined;
}
