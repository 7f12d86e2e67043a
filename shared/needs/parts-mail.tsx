import type { NeedPart } from '../domain/need-part.ts';
import { type Locale, translator } from '../i18n/i18n.ts';
import { reminderStage } from '../mail/about.ts';
import type { Mail } from '../mail/mailer.ts';
import { composeMail } from '../mail/shell.tsx';
import type { Address } from '../notify/channel.ts';

/**
 * Mails about a part of a need (主办/协办): to the assisting department when it is asked, reminded or chased, and to
 * the lead when it answers. Each names the need (enterprise, title, reference), the part and its due date.
 */
export type PartMailKind =
  | 'asked'
  | 'before'
  | 'due'
  | 'overdue'
  | 'head'
  | 'managers'
  | 'answered'
  | 'withdrawn';

export function partMail(p: {
  kind: PartMailKind;
  locale?: Locale;
  to: Address[];
  name: string;
  part: NeedPart;
  enterpriseName: string;
  /** The assisting department's name (in mails to the lead and to managers). */
  department: string;
  days?: number;
  url: string;
}): Mail {
  const t = translator(p.locale ?? 'zh-CN');
  const vars = {
    name: p.name,
    enterprise: p.enterpriseName,
    title: p.part.needTitle,
    ref: p.part.needRef,
    part: p.part.part,
    due: p.part.dueDate,
    department: p.department,
    answer: p.part.answer ?? '',
    days: p.days ?? 0,
  };
  // What the assisting owner is asked or chased for stands only while the part is open and theirs (a held mail is
  // dropped otherwise); the lead's and managers' notices are about the need as a whole and always go.
  const mine = p.kind === 'asked' || p.kind === 'before' || p.kind === 'due' || p.kind === 'overdue';
  const mail = composeMail({
    to: p.to,
    subject: t(`mail.part.${p.kind}.subject`, vars),
    body: t(`mail.part.${p.kind}.body`, vars),
    links: [{ url: p.url }],
    footer: t('mail.footer'),
  });
  const due = p.part.dueDate ? { due: p.part.dueDate } : {};
  if (!mine) return { ...mail, ...due };
  const { enterpriseId, needId, id, ownerId } = p.part;
  // A routine reminder is marked with how far along it is, so a later one held for the same morning supersedes it.
  const reminder =
    p.kind === 'before' || p.kind === 'due' || p.kind === 'overdue'
      ? { reminder: reminderStage(p.kind, p.days) }
      : {};
  return { ...mail, ...due, about: { kind: 'part', enterpriseId, needId, id, ownerId, ...reminder } };
}
