import { cadenceOf } from '../config/config.ts';
import type { Deps } from '../deps.ts';
import { escalationsToSend, type Notification, plan, reminderKindNow, settledBy } from '../domain/cadence.ts';
import { managersOf, type Staff } from '../domain/organisation.ts';
import { workingDaysOverdue } from '../domain/schedule.ts';
import type { Task } from '../domain/work-item.ts';
import { byLocale } from '../i18n/i18n.ts';
import type { Mail } from '../mail/mailer.ts';
import { sendToStaff } from '../mail/office-hours.ts';
import { recipientOf } from '../notify/channel.ts';
import { actingFor, actingHeads } from '../organisation/substitute.ts';
import { type Pace, unpaced } from '../pace.ts';
import { getEnterprise } from '../store/enterprises.ts';
import { listStaffForMessages } from '../store/organisation.ts';
import { getTask, notifiedItem } from '../store/tasks.ts';
import { workflowAudit } from '../workflows/audit.ts';
import { notifyAndRecord } from '../workflows/notify.ts';
import { taskEscalationMail, taskReminderMail } from './mail.tsx';
import { taskLink } from './task-link.ts';

/**
 * The lifecycle's reminders and escalations, sent by the sweep (every 15 minutes), not by the workflow: a task's
 * wait has no reminder timeout, so a reminder costs no Step Functions transitions and no step invocations (issue 18:
 * they were three transitions and two invocations each, half of a lifecycle's). Each run looks at the open tasks
 * due soon or overdue — the rows the board counts already read, no query of its own — and sends, for each, what the
 * cadence says is due by now (`plan`: the latest reminder not yet sent, each escalation once), recorded on the task so
 * nothing goes twice; what the run has no time for at its pace stays unrecorded, for the next run.
 */
export async function sendDueTaskReminders(
  deps: Deps,
  tasks: readonly Task[],
  pace: Pace = unpaced,
): Promise<{ sent: number }> {
  const now = deps.clock.now();
  const cadence = cadenceOf(deps.config);
  const due = tasks.filter((t) => t.status === 'open' && plan(deps.calendar, cadence, t, now).send.length);
  let staff: Staff[] | undefined;
  let sent = 0;
  for (const listed of due) {
    // The index copy may lag: the task as it is now decides.
    const task = await getTask(deps.db, listed.enterpriseId, listed.id);
    if (task?.status !== 'open') continue;
    const enterprise = await getEnterprise(deps.db, task.enterpriseId);
    // A paused enterprise's tasks wait without reminders; a closed or stopped one's are being closed.
    if (enterprise?.status !== 'active') continue;
    const send = plan(deps.calendar, cadence, task, now).send;
    if (!send.length) continue;
    // Out of time at the pace: the rest stay unrecorded, and the next run sends them.
    if (!(await pace(send.length))) break;
    staff ??= await listStaffForMessages(deps.db);
    sent += await remindTask(deps, task, send, staff, now);
  }
  return { sent };
}

/** Send these notifications of one open task (its reminder, its escalations), each recorded. */
async function remindTask(
  deps: Deps,
  task: Task,
  send: Notification[],
  staff: Staff[],
  now: Date,
): Promise<number> {
  // A holder who is the department's only head: the head escalation already went to the managers.
  const headless = !actingHeads(staff, task.departmentId, deps.calendar.localDate(now)).some(
    (h) => h.id !== task.officerId,
  );
  const notifications = escalationsToSend(send, headless);
  for (const notification of notifications)
    await notify(deps, task, notification, staff, now, settledBy(notification, headless));
  return notifications.length;
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
