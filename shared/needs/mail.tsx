import { dueLabel } from '../calendar/due-label.ts';
import type { Need } from '../domain/work-item.ts';
import { type Locale, type MessageKey, translator } from '../i18n/i18n.ts';
import { needAbout, reminderStage } from '../mail/about.ts';
import type { Mail, MailAbout } from '../mail/mailer.ts';
import { composeMail } from '../mail/shell.tsx';
import type { Address } from '../notify/channel.ts';
import type { NeedPhase } from './rules.ts';

type Vars = Record<string, string | number>;

function mail(
  locale: Locale,
  to: Address[],
  subjectKey: MessageKey,
  bodyKey: MessageKey,
  vars: Vars,
  url: string,
  /** The need a staff mail is about (so held overnight it is dropped if the need moved on). */
  about?: MailAbout,
): Mail {
  const t = translator(locale);
  const composed = composeMail({
    to,
    subject: t(subjectKey, vars),
    // Staff mail about an urgent need says so first: 【紧急】 / [Urgent].
    ...(vars.urgent ? { subject: `${t('mail.need.urgentPrefix')}${t(subjectKey, vars)}` } : {}),
    body: t(bodyKey, vars),
    links: [{ url }],
    footer: t('mail.footer'),
  });
  // The due date an SMS shows beside the title (the need's, or its committed date).
  const due = typeof vars.due === 'string' && vars.due ? { due: vars.due } : {};
  return about ? { ...composed, about, ...due } : { ...composed, ...due };
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
    ...dueWithTime(p),
    action: translator(p.locale ?? 'zh-CN')(actionKey(p.phase)),
    ...urgentVar(p.need),
  };
}

/**
 * The due a staff mail prints is the need's due instant (`dueAt`, its date passed in `due`): with its time when that
 * is not close of business — an urgent need's sign-for, counted in working hours (`dueLabel`).
 */
const dueWithTime = (p: StaffNeedMail): Vars =>
  p.need.dueAt && p.due === dueLabel(p.need.dueAt).slice(0, 10) ? { due: dueLabel(p.need.dueAt) } : {};

export function needOwnerMail(p: StaffNeedMail & { to: Address }): Mail {
  return mail(
    p.locale ?? 'zh-CN',
    [p.to],
    'mail.need.owner.subject',
    'mail.need.owner.body',
    needVars(p),
    p.url,
    needAbout(p.need),
  );
}

export function needReminderMail(
  p: StaffNeedMail & { to: Address; when: 'before' | 'due' | 'overdue' },
): Mail {
  const vars = { ...needVars(p), when: translator(p.locale ?? 'zh-CN')(`need.when.${p.when}`) };
  return mail(
    p.locale ?? 'zh-CN',
    [p.to],
    'mail.need.reminder.subject',
    'mail.need.owner.body',
    vars,
    p.url,
    needAbout(p.need, { reminder: reminderStage(p.when) }),
  );
}

export function needEscalationMail(p: StaffNeedMail & { to: Address[]; days: number }): Mail {
  const vars = { ...needVars(p), days: p.days };
  return mail(
    p.locale ?? 'zh-CN',
    p.to,
    'mail.need.escalation.subject',
    'mail.need.escalation.body',
    vars,
    p.url,
    needAbout(p.need),
  );
}

export function needManagerMail(p: {
  to: Address[];
  name: string;
  need: Need;
  why: 'returned' | 'escalated' | 'extension' | 'revisit';
  url: string;
  locale?: Locale;
}): Mail {
  const t = translator(p.locale ?? 'zh-CN');
  const vars = {
    name: p.name,
    enterprise: p.need.enterpriseName,
    title: p.need.title,
    ref: p.need.ref,
    // A return says why, so the manager re-routing it sees the owner's reason.
    why:
      p.why === 'returned' && p.need.returnReason
        ? `${t('need.why.returned')}（${t('need.returnReasonShown', { reason: p.need.returnReason })}）`
        : t(`need.why.${p.why}`),
    ...urgentVar(p.need),
  };
  return mail(
    p.locale ?? 'zh-CN',
    p.to,
    'mail.need.manager.subject',
    'mail.need.manager.body',
    vars,
    p.url,
    needAbout(p.need),
  );
}

export function needRateMail(p: {
  locale: Locale;
  to: Address[];
  need: Need;
  due: string;
  url: string;
}): Mail {
  const vars = { title: p.need.title, ref: p.need.ref, answer: p.need.answer ?? '', due: p.due };
  return mail(p.locale, p.to, 'mail.need.rate.subject', 'mail.need.rate.body', vars, p.url);
}

export function portalMail(p: {
  locale: Locale;
  to: Address;
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

/** What the enterprise is told when its need moves on (`shared/needs/tell-enterprise.ts` decides when). */
export type EnterpriseNotice =
  | { kind: 'signedFor' | 'extended' | 'redo'; date: string }
  /** Closed as outside the zone's remit, with the explanation. */
  | { kind: 'explained'; explanation: string }
  /** Closed as a duplicate of the need it should follow. */
  | { kind: 'merged'; into: string }
  /** Decided by a manager (after repeated dissatisfaction, or a return), with the decision. */
  | { kind: 'decided'; decision: string };

/** The enterprise hears that its need moved on: signed for, more time, redone (with the date), explained, merged. */
export function needUpdateMail(p: {
  locale: Locale;
  to: Address[];
  need: Need;
  notice: EnterpriseNotice;
  url?: string;
}): Mail {
  const t = translator(p.locale);
  const n = p.notice;
  const vars = {
    title: p.need.title,
    ref: p.need.ref,
    what: t(`need.notice.${n.kind}`),
    date: 'date' in n ? n.date : '',
    explanation: 'explanation' in n ? n.explanation : 'decision' in n ? n.decision : '',
    into: 'into' in n ? n.into : '',
  };
  const body =
    n.kind === 'explained'
      ? 'mail.need.explained.body'
      : n.kind === 'decided'
        ? 'mail.need.decided.body'
        : n.kind === 'merged'
          ? 'mail.need.merged.body'
          : 'mail.need.update.body';
  return composeMail({
    to: p.to,
    subject: t('mail.need.update.subject', vars),
    body: t(body, vars),
    links: p.url ? [{ url: p.url }] : [],
    footer: t('mail.footer'),
  });
}

/** The owner is told the enterprise was not satisfied, in its own words, and by when to answer again. */
export function needRedoMail(p: StaffNeedMail & { to: Address }): Mail {
  const t = translator(p.locale ?? 'zh-CN');
  const vars = {
    ...needVars(p),
    n: p.need.redoCount,
    comment: p.need.ratingComment || t('need.redo.noComment'),
  };
  return mail(
    p.locale ?? 'zh-CN',
    [p.to],
    'mail.need.redo.subject',
    'mail.need.redo.body',
    vars,
    p.url,
    needAbout(p.need),
  );
}

/** Marks the words of a staff mail about an urgent need, so its subject starts with 【紧急】. */
const urgentVar = (need: Need): Vars => (need.urgency === 'urgent' ? { urgent: 1 } : {});

/**
 * An urgent need's first contact (先行联系) is late: the owner is reminded at the deadline; their department head,
 * then the managers, are told when it is later still.
 */
export function needFirstContactMail(p: {
  locale?: Locale;
  to: Address[];
  name: string;
  need: Need;
  kind: 'due' | 'head' | 'managers';
  by: string;
  url: string;
}): Mail {
  const vars = {
    name: p.name,
    enterprise: p.need.enterpriseName,
    title: p.need.title,
    ref: p.need.ref,
    by: p.by,
    contact: `${p.need.contactName} ${p.need.contactPhone}`,
    ...urgentVar(p.need),
  };
  return p.kind === 'due'
    ? mail(
        p.locale ?? 'zh-CN',
        p.to,
        'mail.need.firstContact.subject',
        'mail.need.firstContact.body',
        vars,
        p.url,
        needAbout(p.need, { firstContact: true }),
      )
    : mail(
        p.locale ?? 'zh-CN',
        p.to,
        'mail.need.firstContactLate.subject',
        'mail.need.firstContactLate.body',
        vars,
        p.url,
        needAbout(p.need, { firstContact: true }),
      );
}

/** The requester hears whether they got more time (and until when). */
export function needExtensionDecidedMail(p: {
  locale?: Locale;
  to: Address;
  name: string;
  need: Need;
  approved: boolean;
  url: string;
}): Mail {
  const vars = {
    name: p.name,
    enterprise: p.need.enterpriseName,
    title: p.need.title,
    ref: p.need.ref,
    to: p.need.extension?.to ?? '',
  };
  const key = p.approved ? 'approved' : 'refused';
  return mail(
    p.locale ?? 'zh-CN',
    [p.to],
    `mail.need.extension.${key}.subject`,
    `mail.need.extension.${key}.body`,
    vars,
    p.url,
    needAbout(p.need),
  );
}
