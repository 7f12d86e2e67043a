import { cadenceOf } from '../config/config.ts';
import type { Deps } from '../deps.ts';
import {
  escalationsToSend,
  isEscalation,
  type Notification,
  onItsDay,
  plan,
  reminderKindNow,
  settledBy,
} from '../domain/cadence.ts';
import { type Channel, managersOf, type Staff } from '../domain/organisation.ts';
import { workingDaysOverdue } from '../domain/schedule.ts';
import type { Task } from '../domain/work-item.ts';
import { byLocale } from '../i18n/i18n.ts';
import { logger } from '../log/logger.ts';
import type { Mail } from '../mail/mailer.ts';
import { sendToStaff } from '../mail/office-hours.ts';
import { countMetric } from '../metrics/metrics.ts';
import { recipientOf } from '../notify/channel.ts';
import { actingFor, actingHeads } from '../organisation/substitute.ts';
import { type Pace, unpaced } from '../pace.ts';
import { getEnterprise } from '../store/enterprises.ts';
import { listStaffForMessages } from '../store/organisation.ts';
import { getTask, notifiedItem } from '../store/tasks.ts';
import { type Guarded, recordNotification } from '../store/write.ts';
import { workflowAudit } from '../workflows/audit.ts';
import { notifyAndRecord } from '../workflows/notify.ts';
import { taskEscalationMail, taskReminderMail, taskRemindersMail } from './mail.tsx';
import { taskLink } from './task-link.ts';

/**
 * The lifecycle's reminders and escalations, sent by the sweep (every 15 minutes), not by the workflow: a task's
 * wait has no reminder timeout, so a reminder costs no Step Functions transitions and no step invocations (issue 18:
 * they were three transitions and two invocations each, half of a lifecycle's). Each run looks at the open tasks
 * due soon or overdue — the rows the board counts already read, no query of its own — and sends, for each, what the
 * cadence says is due by now (`plan`: the latest reminder not yet sent, each escalation once), recorded on the task so
 * nothing goes twice; what the run has no time for at its pace stays unrecorded, for the next run.
 *
 * A person's routine reminders of the run go in one message (their items share a moment in the morning's window,
 * `spreadSeconds` of the holder, so that is all of their day's): one reminder is sent as it always was, several as a
 * list with a link each (by WeCom and DingTalk too; an SMS carries one link, so there each goes alone). Escalations
 * go on their own, each to its own readers.
 */
export async function sendDueTaskReminders(
  deps: Deps,
  tasks: readonly Task[],
  pace: Pace = unpaced,
): Promise<{ sent: number }> {
  const now = deps.clock.now();
  const cadence = cadenceOf(deps.config);
  const dueNow = (t: Task) => onItsDay(deps.calendar, plan(deps.calendar, cadence, t, now).send, now);
  const due = tasks.filter((t) => t.status === 'open' && dueNow(t).length);
  let staff: Staff[] | undefined;
  /** The run's routine reminders, by the person they go to ('' for nobody: recorded, not sent). */
  const byPerson = new Map<string, Notice[]>();
  let sent = 0;
  let stopped = false;
  for (const listed of due) {
    try {
      sent += await collect(listed);
    } catch (error) {
      // One task that cannot be reminded (its data, a link) never stops the others' reminders, this run or the next.
      logger.error('task reminder failed', { taskId: listed.id, error: (error as Error).name });
    }
    if (stopped) return { sent };
  }
  async function collect(listed: Task): Promise<number> {
    let escalated = 0;
    // The index copy may lag: the task as it is now decides.
    const task = await getTask(deps.db, listed.enterpriseId, listed.id);
    if (task?.status !== 'open') return 0;
    const enterprise = await getEnterprise(deps.db, task.enterpriseId);
    // A paused enterprise's tasks wait without reminders; a closed or stopped one's are being closed.
    if (enterprise?.status !== 'active') return 0;
    const send = dueNow(task);
    if (!send.length) return 0;
    staff ??= await listStaffForMessages(deps.db);
    // A holder who is the department's only head: the head escalation already went to the managers.
    const headless = !actingHeads(staff, task.departmentId, deps.calendar.localDate(now)).some(
      (h) => h.id !== task.officerId,
    );
    for (const n of escalationsToSend(send, headless)) {
      const notice = noticeOf(deps, task, n, staff, now, settledBy(n, headless));
      if (notice.escalation) {
        // Out of time at the pace (a token a recipient): the rest stay unrecorded, and the next run sends them.
        if (!(await pace(notice.mails.reduce((n, m) => n + m.to.length, 0)))) {
          stopped = true;
          return escalated;
        }
        await notifyAndRecord(deps.db, {
          send: async () => {
            for (const mail of notice.mails) await sendToStaff(deps, mail);
          },
          metric: 'TaskEscalation',
          record: notice.record,
        });
        escalated++;
      } else {
        const key = notice.to?.id ?? '';
        byPerson.set(key, [...(byPerson.get(key) ?? []), notice]);
      }
    }
    return escalated;
  }
  for (const all of byPerson.values()) {
    for (const notices of inBatches(all, all[0]?.to?.channel ?? 'email')) {
      const mails = notices.flatMap((n) => n.mails);
      if (mails.length) {
        if (!(await pace())) return { sent };
        const to = notices[0]?.to as Staff;
        await sendToStaff(
          deps,
          mails.length === 1
            ? (mails[0] as Mail)
            : taskRemindersMail({ locale: to.locale ?? 'zh-CN', to: recipientOf(to), name: to.name, mails }),
        );
      }
      // Sent, then recorded (a crash in between may repeat a reminder, never lose one); each on its own task.
      for (const notice of notices) {
        countMetric('TaskReminder');
        await recordNotification(deps.db, notice.record);
        sent++;
      }
    }
  }
  return { sent };
}

/**
 * The most reminders one message lists, by the channel it goes by: each line is a subject and a signed link (about
 * 350 bytes), and WeCom takes 2,048 bytes of text, DingTalk 5,000 characters of markdown (`shared/notify/render.ts`,
 * which would cut the rest), an SMS one link; an email stays readable and well within an item's 400 KB when it is
 * held. Someone with more that morning gets one message per this many.
 */
export const REMINDERS_PER_MESSAGE: Record<Channel, number> = { email: 30, wecom: 4, dingtalk: 10, sms: 1 };

function inBatches<T>(list: T[], channel: Channel): T[][] {
  const size = REMINDERS_PER_MESSAGE[channel];
  const batches: T[][] = [];
  for (let i = 0; i < list.length; i += size) batches.push(list.slice(i, i + size));
  return batches;
}

/** One notification of a task, made but not sent: its mails, whom a reminder goes to, and what records it sent. */
interface Notice {
  escalation: boolean;
  /** A reminder's reader: whoever acts for the officer today. */
  to?: Staff;
  mails: Mail[];
  record: Guarded[];
}

function noticeOf(
  deps: Deps,
  task: Task,
  n: Notification,
  staff: Staff[],
  now: Date,
  settles: string[],
): Notice {
  const today = deps.calendar.localDate(now);
  // Reminders go to whoever acts for the officer (a substitute while they are away); escalations likewise.
  const officer = actingFor(staff, task.officerId, today);
  const due = deps.calendar.localDate(new Date(task.dueAt));
  const days = workingDaysOverdue(deps.calendar, new Date(task.dueAt), now);
  const common = { enterprise: task.enterpriseName, task, due };
  const escalation = isEscalation(n);
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
  return {
    escalation,
    ...(!escalation && officer ? { to: officer } : {}),
    mails,
    record: [
      notifiedItem(deps.db, task, n.key, settles),
      workflowAudit(deps.db, now, {
        action: escalation ? 'task.escalated' : 'task.notified',
        enterpriseId: task.enterpriseId,
        subject: { kind: 'task', id: task.id },
        details: {
          kind: n.kind,
          key: n.key,
          to: recipients.map((r) => r.id),
          ...(!escalation && officer?.digest?.daily ? { via: 'digest' } : {}),
        },
      }),
    ],
  };
}
