import { cadenceOf } from '../../config/config.ts';
import type { Deps } from '../../deps.ts';
import {
  escalationsToSend,
  type Notification,
  plan,
  reminderKindNow,
  settledBy,
} from '../../domain/cadence.ts';
import { managersOf, type Staff } from '../../domain/organisation.ts';
import { workingDaysOverdue } from '../../domain/schedule.ts';
import type { Task } from '../../domain/work-item.ts';
import { byLocale } from '../../i18n/i18n.ts';
import type { Mail } from '../../mail/mailer.ts';
import { sendToStaff } from '../../mail/office-hours.ts';
import { recipientOf } from '../../notify/channel.ts';
import { actingFor, actingHeads } from '../../organisation/substitute.ts';
import { getEnterprise } from '../../store/enterprises.ts';
import { listStaffForMessages } from '../../store/organisation.ts';
import { getTask, notifiedItem } from '../../store/tasks.ts';
import { workflowAudit } from '../../workflows/audit.ts';
import { FAR_FUTURE, shouldContinueAsNew, waitSeconds } from '../../workflows/loop.ts';
import { notifyAndRecord } from '../../workflows/notify.ts';
import { taskEscalationMail, taskReminderMail } from '../mail.tsx';
import { taskLink } from '../task-link.ts';
import { APPROVAL_CYCLES } from './open-step.ts';
import { type LifecycleState, LifecycleState as Schema } from './state.ts';

/**
 * The wait timed out: it is time for a reminder or an escalation. Send what the cadence says is due (each once,
 * recorded with an audit event), then say how long to wait for the next. If the task is no longer open, say so:
 * the lifecycle moves on at once.
 */
export async function remindStep(deps: Deps, input: unknown): Promise<LifecycleState> {
  const state = Schema.parse(input);
  const now = deps.clock.now();
  const next = { ...state, cycles: state.cycles + 1 };
  const task = state.taskId ? await getTask(deps.db, state.enterpriseId, state.taskId) : undefined;
  if (task?.status !== 'open') return { ...next, open: false };
  // An approval's iteration continues as new sooner (its events count in this execution's history).
  const old = state.approval
    ? shouldContinueAsNew({ startedAt: state.startedAt, cycles: 0 }, now) || next.cycles >= APPROVAL_CYCLES
    : shouldContinueAsNew(state, now);
  const enterprise = await getEnterprise(deps.db, state.enterpriseId);
  if (enterprise?.status === 'closed' || enterprise?.status === 'exited') return { ...next, open: false };
  if (enterprise?.status === 'paused') {
    if (old) return { ...next, open: true, continueAsNew: true };
    return {
      ...next,
      open: true,
      continueAsNew: false,
      waitSeconds: waitSeconds(state, FAR_FUTURE, now),
    };
  }
  const p = plan(deps.calendar, cadenceOf(deps.config), task, now);
  if (p.send.length) {
    const staff = await listStaffForMessages(deps.db);
    // A holder who is the department's only head: the head escalation already went to the managers.
    const headless = !actingHeads(staff, task.departmentId, deps.calendar.localDate(now)).some(
      (h) => h.id !== task.officerId,
    );
    for (const notification of escalationsToSend(p.send, headless))
      await notify(deps, task, notification, staff, now, settledBy(notification, headless));
  }
  // What is due now is sent first, even when this execution then continues as new: the new one plans from now on,
  // so a reminder due at the moment of continuing was skipped before.
  if (old) return { ...next, open: true, continueAsNew: true };
  return { ...next, open: true, continueAsNew: false, waitSeconds: waitSeconds(state, p.next, now) };
}

async function notify(
  deps: Deps,
  task: Task,
  n: Notification,
  staff: Staff[],
  now: Date,
  settles: string[],
): Promise<void> {
  const today = deps.calendar.localDate(now);
  // Reminders go to whoever acts for the officer (a substitute while they are away); escalations likewise.
  const officer = actingFor(staff, task.officerId, today);
  const due = deps.calendar.localDate(new Date(task.dueAt));
  const days = workingDaysOverdue(deps.calendar, new Date(task.dueAt), now);
  const common = { enterprise: task.enterpriseName, task, due };
  const mails: Mail[] = [];
  let recipients: Staff[] = [];
  if (n.kind === 'before' || n.kind === 'due' || n.kind === 'overdue') {
    recipients = officer ? [officer] : [];
    // An officer who chose the daily digest gets the reminder there instead.
    if (officer && !officer.digest?.daily) {
      const said = reminderKindNow(deps.calendar, n.kind, new Date(task.dueAt), now);
      mails.push(
        taskReminderMail({
          ...common,
          locale: officer.locale ?? 'zh-CN',
          to: recipientOf(officer),
          name: officer.name,
          // The recipient's own link (a substitute's, while the officer is away).
          url: taskLink(deps, { ...task, officerId: officer.id }),
          kind: said,
          days: said === 'overdue' ? Math.max(1, days) : days,
        }),
      );
    }
  } else {
    // Never the holder themselves (an approval is often held by the head of the department that handles it): then
    // the managers are told.
    const heads = actingHeads(staff, task.departmentId, today).filter((h) => h.id !== task.officerId);
    const managers = managersOf(staff);
    recipients = n.kind === 'head' && heads.length ? heads : managers;
    // One mail per language among the recipients (usually one mail).
    for (const [locale, group] of byLocale(recipients)) {
      mails.push(
        taskEscalationMail({
          ...common,
          locale,
          to: group.map(recipientOf),
          name: group.length === 1 ? (group[0] as Staff).name : '',
          officer: staff.find((s) => s.id === task.officerId)?.name ?? '',
          days,
          url: new URL(`/console/enterprises/${task.enterpriseId}`, deps.config.BASE_URL).toString(),
        }),
      );
    }
  }
  await notifyAndRecord(deps.db, {
    send: async () => {
      for (const mail of mails) await sendToStaff(deps, mail);
    },
    metric: n.kind === 'head' || n.kind === 'managers' ? 'TaskEscalation' : 'TaskReminder',
    record: [
      notifiedItem(deps.db, task, n.key, settles),
      workflowAudit(deps.db, now, {
        action: n.kind === 'head' || n.kind === 'managers' ? 'task.escalated' : 'task.notified',
        enterpriseId: task.enterpriseId,
        subject: { kind: 'task', id: task.id },
        details: {
          kind: n.kind,
          key: n.key,
          to: recipients.map((r) => r.id),
          ...(n.kind !== 'head' && n.kind !== 'managers' && officer?.digest?.daily ? { via: 'digest' } : {}),
        },
      }),
    ],
  });
}
