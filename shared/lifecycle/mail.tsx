import type { NotificationKind } from '../domain/cadence.ts';
import type { Task } from '../domain/work-item.ts';
import { type Locale, type Translate, translator } from '../i18n/i18n.ts';
import { reminderStage, taskAbout } from '../mail/about.ts';
import type { Mail } from '../mail/mailer.ts';
import { composeMail } from '../mail/shell.tsx';
import type { Address } from '../notify/channel.ts';

/**
 * A task named by its goal: a tracking task by the milestone's NAME (推进至「开工建设」, never the status word 已开工),
 * an approval task by its approval (办理「规划许可」), a follow-up and a visit by theirs.
 */
export function taskItemLabel(
  t: Translate,
  task: { kind: Task['kind']; milestone?: Task['milestone']; approval?: Task['approval'] },
): string {
  switch (task.kind) {
    case 'visit':
      return t('task.visit');
    case 'followUp':
      return t('task.followUp');
    case 'approval':
      return t('task.approval', { approval: task.approval ? t(`approval.${task.approval}`) : '' });
    default:
      return t('task.tracking', { milestone: task.milestone ? t(`milestone.${task.milestone}`) : '' });
  }
}

function render(
  t: Translate,
  to: Address[],
  subject: string,
  body: string,
  link: { label: string; url: string },
  /** The task a staff mail is about (so held overnight it is dropped if the task moved on). */
  about: ReturnType<typeof taskAbout> = {},
  /** The task's due date (an SMS shows it). */
  due?: string,
): Mail {
  return {
    ...composeMail({ to, subject, body, links: [link], footer: t('mail.footer') }),
    ...about,
    ...(due ? { due } : {}),
  };
}

interface TaskMailInput {
  locale: Locale;
  to: Address;
  name: string;
  enterprise: string;
  /** With its id, enterprise and officer, the mail is about the task (`taskAbout`). */
  task: Pick<Task, 'kind' | 'milestone'> &
    Partial<Pick<Task, 'approval' | 'id' | 'enterpriseId' | 'officerId'>>;
  due: string;
  url: string;
}

export function taskOpenedMail(p: TaskMailInput): Mail {
  const t = translator(p.locale);
  const vars = { name: p.name, enterprise: p.enterprise, item: taskItemLabel(t, p.task), due: p.due };
  return render(
    t,
    [p.to],
    t('mail.task.opened.subject', vars),
    t('mail.task.opened.body', vars),
    {
      label: t('mail.task.link'),
      url: p.url,
    },
    taskAbout(p.task),
    p.due,
  );
}

export function taskReminderMail(
  p: TaskMailInput & { kind: Extract<NotificationKind, 'before' | 'due' | 'overdue'>; days: number },
): Mail {
  const t = translator(p.locale);
  const vars = {
    name: p.name,
    enterprise: p.enterprise,
    item: taskItemLabel(t, p.task),
    due: p.due,
    days: p.days,
  };
  const subject = t(`mail.task.${p.kind}.subject`, vars);
  return render(
    t,
    [p.to],
    subject,
    t('mail.task.reminder.body', vars),
    {
      label: t('mail.task.link'),
      url: p.url,
    },
    taskAbout(p.task, { reminder: reminderStage(p.kind, p.days) }),
    p.due,
  );
}

/**
 * A person's routine reminders of one run, in one message (their items share a moment in the morning's window):
 * each reminder's own subject as a line, with its own link. About no one task, so never dropped as stale.
 */
export function taskRemindersMail(p: { locale: Locale; to: Address; name: string; mails: Mail[] }): Mail {
  const t = translator(p.locale);
  const vars = { name: p.name, count: p.mails.length };
  const dues = p.mails.flatMap((m) => (m.due ? [m.due] : [])).sort();
  return {
    ...composeMail({
      to: [p.to],
      subject: t('mail.task.batch.subject', vars),
      body: t('mail.task.batch.body', vars),
      sections: [
        {
          title: t('mail.task.batch.items'),
          lines: p.mails.map((m) => ({ text: m.subject, url: m.links[0] as string })),
        },
      ],
      footer: t('mail.footer'),
    }),
    ...(dues[0] ? { due: dues[0] } : {}),
  };
}

export function taskEscalationMail(
  p: Omit<TaskMailInput, 'to' | 'name'> & { to: Address[]; name: string; officer: string; days: number },
): Mail {
  const t = translator(p.locale);
  const vars = {
    name: p.name,
    officer: p.officer,
    enterprise: p.enterprise,
    item: taskItemLabel(t, p.task),
    due: p.due,
    days: p.days,
  };
  return render(
    t,
    p.to,
    t('mail.task.escalation.subject', vars),
    t('mail.task.escalation.body', vars),
    {
      label: t('mail.enterprise.link'),
      url: p.url,
    },
    taskAbout(p.task),
    p.due,
  );
}

/** To whoever decides: an officer asks to move a task's due date, with the reason and a link to approve or refuse. */
export function taskMoveMail(p: TaskMailInput & { officer: string; from: string; reason: string }): Mail {
  const t = translator(p.locale);
  const vars = {
    name: p.name,
    officer: p.officer,
    enterprise: p.enterprise,
    item: taskItemLabel(t, p.task),
    from: p.from,
    to: p.due,
    reason: p.reason,
  };
  return render(
    t,
    [p.to],
    t('mail.task.move.subject', vars),
    t('mail.task.move.body', vars),
    {
      label: t('mail.task.move.link'),
      url: p.url,
    },
    taskAbout(p.task),
    p.due,
  );
}

/** To the officer who asked: their request to move a due date was approved (the new date) or not (the date stays). */
export function taskMoveDecidedMail(
  p: TaskMailInput & { approved: boolean; approver: string; requested: string },
): Mail {
  const t = translator(p.locale);
  const vars = {
    name: p.name,
    approver: p.approver,
    enterprise: p.enterprise,
    item: taskItemLabel(t, p.task),
    due: p.due,
    requested: p.requested,
  };
  const kind = p.approved ? 'approved' : 'refused';
  return render(
    t,
    [p.to],
    t(`mail.task.move.${kind}.subject`, vars),
    t(`mail.task.move.${kind}.body`, vars),
    {
      label: t('mail.task.link'),
      url: p.url,
    },
    taskAbout(p.task),
    p.due,
  );
}
