import { itemLink } from '../board/board.ts';
import { dueLabel } from '../calendar/due-label.ts';
import type { Deps } from '../deps.ts';
import { managersOf, type Staff } from '../domain/organisation.ts';
import { byLocale, type Translate, translator } from '../i18n/i18n.ts';
import { taskItemLabel } from '../lifecycle/mail.tsx';
import type { Mail } from '../mail/mailer.ts';
import { sendToStaff } from '../mail/office-hours.ts';
import { composeMail } from '../mail/shell.tsx';
import { type Address, recipientOf } from '../notify/channel.ts';
import type { OpenItem } from '../store/board.ts';

/** One open item whose due date moved: what its owner is told. */
export interface MovedItem {
  item: OpenItem;
  ownerId: string;
  from: string;
  to: string;
}

type MailDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'mailer' | 'config' | 'links'>;

/** The page managers enter arrangements on, for a year. */
export const calendarPageUrl = (deps: Pick<Deps, 'config'>, year: number) =>
  new URL(`/console/calendar?year=${year}`, deps.config.BASE_URL).toString();

const itemTitle = (t: Translate, item: OpenItem) =>
  item.itemType === 'task'
    ? `${taskItemLabel(t, item)} · ${item.enterpriseName}`
    : item.itemType === 'part'
      ? t('board.part', { title: item.needTitle })
      : `${item.title} · ${item.enterpriseName}`;

/** To one owner: the items of theirs whose due dates moved with a year's arrangement, each with its link. */
export function movedMail(p: {
  locale: 'zh-CN' | 'en';
  to: Address;
  name: string;
  year: number;
  lines: { title: string; from: string; to: string; url: string }[];
}): Mail {
  const t = translator(p.locale);
  return composeMail({
    to: [p.to],
    subject: t('mail.calendar.moved.subject', { count: p.lines.length, year: p.year }),
    body: t('mail.calendar.moved.body', { name: p.name, year: p.year }),
    sections: [
      {
        title: t('mail.calendar.moved.section'),
        lines: p.lines.map((l) => ({
          text: t('mail.calendar.moved.line', { title: l.title, from: l.from, to: l.to }),
          url: l.url,
        })),
      },
    ],
    footer: t('mail.footer'),
  });
}

/** Tell each owner once what of theirs moved (staff mail: it waits for office hours). */
export async function tellOwnersMoved(
  deps: MailDeps,
  year: number,
  moved: MovedItem[],
  staff: Staff[],
): Promise<void> {
  const byOwner = new Map<string, MovedItem[]>();
  for (const m of moved) byOwner.set(m.ownerId, [...(byOwner.get(m.ownerId) ?? []), m]);
  const label = (at: string) => (/^\d{4}-\d{2}-\d{2}$/.test(at) ? at : dueLabel(at, deps.calendar));
  for (const [ownerId, items] of byOwner) {
    const owner = staff.find((s) => s.id === ownerId && s.active);
    if (!owner) continue;
    const t = translator(owner.locale ?? 'zh-CN');
    await sendToStaff(
      deps,
      movedMail({
        locale: owner.locale ?? 'zh-CN',
        to: recipientOf(owner),
        name: owner.name,
        year,
        lines: items.map((m) => ({
          title: itemTitle(t, m.item),
          from: label(m.from),
          to: label(m.to),
          url: itemLink(deps, m.item, owner.id),
        })),
      }),
    );
  }
}

/** To the managers: next year's arrangement is not entered (the calendar runs on the law's days meanwhile). */
export function missingArrangementMail(p: {
  locale: 'zh-CN' | 'en';
  to: Address[];
  name: string;
  year: number;
  url: string;
}): Mail {
  const t = translator(p.locale);
  return composeMail({
    to: p.to,
    subject: t('mail.calendar.missing.subject', { year: p.year }),
    body: t('mail.calendar.missing.body', { name: p.name, year: p.year }),
    links: [{ label: t('mail.calendar.missing.link'), url: p.url }],
    footer: t('mail.footer'),
  });
}

/** Tell every active manager, by language, that a year's arrangement is missing. */
export async function tellManagersMissing(deps: MailDeps, year: number, staff: Staff[]): Promise<number> {
  const managers = managersOf(staff);
  for (const [locale, group] of byLocale(managers)) {
    await sendToStaff(
      deps,
      missingArrangementMail({
        locale,
        to: group.map(recipientOf),
        name: group.length === 1 ? (group[0] as Staff).name : '',
        year,
        url: calendarPageUrl(deps, year),
      }),
    );
  }
  return managers.length;
}
