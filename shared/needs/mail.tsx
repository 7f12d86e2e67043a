import type { Need } from '../domain/work-item.ts';
import { type Locale, type MessageKey, translator } from '../i18n/i18n.ts';
import type { Mail } from '../mail/mailer.ts';
import { composeMail } from '../mail/shell.tsx';
import type { NeedPhase } from './rules.ts';

type Vars = Record<string, string | number>;

function mail(
  locale: Locale,
  to: string[],
  subjectKey: MessageKey,
  bodyKey: MessageKey,
  vars: Vars,
  url: string,
): Mail {
  const t = translator(locale);
  return composeMail({
    to,
    subject: t(subjectKey, vars),
    body: t(bodyKey, vars),
    links: [{ url }],
    footer: t('mail.footer'),
  });
}

const actionKey = (phase: NeedPhase) =>
  `need.action.${phase === 'done' || phase === 'rating' ? 'answer' : phase}` as const;

interface StaffNeedMail {
  /** The recipient's language (zh-CN unless they chose English). */
  locale?: Locale;
  name: string;
  need: Need;
  phase: NeedPhase;
  due: string;
  url: string;
}

/** The words every mail to staff about a need fills in. */
function needVars(p: StaffNeedMail) {
  return {
    name: p.name,
    enterprise: p.need.enterpriseName,
    title: p.need.title,
    ref: p.need.ref,
    due: p.due,
    action: translator(p.locale ?? 'zh-CN')(actionKey(p.phase)),
  };
}

export function needOwnerMail(p: StaffNeedMail & { to: string }): Mail {
  return mail(
    p.locale ?? 'zh-CN',
    [p.to],
    'mail.need.owner.subject',
    'mail.need.owner.body',
    needVars(p),
    p.url,
  );
}

export function needReminderMail(
  p: StaffNeedMail & { to: string; when: 'before' | 'due' | 'overdue' },
): Mail {
  const vars = { ...needVars(p), when: translator(p.locale ?? 'zh-CN')(`need.when.${p.when}`) };
  return mail(p.locale ?? 'zh-CN', [p.to], 'mail.need.reminder.subject', 'mail.need.owner.body', vars, p.url);
}

export function needEscalationMail(p: StaffNeedMail & { to: string[]; days: number }): Mail {
  const vars = { ...needVars(p), days: p.days };
  return mail(
    p.locale ?? 'zh-CN',
    p.to,
    'mail.need.escalation.subject',
    'mail.need.escalation.body',
    vars,
    p.url,
  );
}

export function needManagerMail(p: {
  to: string[];
  name: string;
  need: Need;
  why: 'returned' | 'escalated' | 'extension';
  url: string;
  locale?: Locale;
}): Mail {
  const t = translator(p.locale ?? 'zh-CN');
  const vars = {
    name: p.name,
    enterprise: p.need.enterpriseName,
    title: p.need.title,
    ref: p.need.ref,
    why: t(`need.why.${p.why}`),
  };
  return mail(p.locale ?? 'zh-CN', p.to, 'mail.need.manager.subject', 'mail.need.manager.body', vars, p.url);
}

export function needRateMail(p: {
  locale: Locale;
  to: string[];
  need: Need;
  due: string;
  url: string;
}): Mail {
  const vars = { title: p.need.title, ref: p.need.ref, answer: p.need.answer ?? '', due: p.due };
  return mail(p.locale, p.to, 'mail.need.rate.subject', 'mail.need.rate.body', vars, p.url);
}

export function portalMail(p: {
  locale: Locale;
  to: string;
  name: string;
  enterprise: string;
  url: string;
}): Mail {
  return mail(
    p.locale,
    [p.to],
    'mail.portal.subject',
    'mail.portal.body',
    { name: p.name, enterprise: p.enterprise },
    p.url,
  );
}
