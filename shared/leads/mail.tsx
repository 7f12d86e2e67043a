import type { Deps } from '../deps.ts';
import type { Lead } from '../domain/lead.ts';
import { managersOf, type Staff } from '../domain/organisation.ts';
import { byLocale, translator } from '../i18n/i18n.ts';
import type { Mail } from '../mail/mailer.ts';
import { sendToStaff } from '../mail/office-hours.ts';
import { composeMail } from '../mail/shell.tsx';
import { type Address, recipientOf } from '../notify/channel.ts';
import { actingHeads } from '../organisation/substitute.ts';

type MailDeps = Pick<Deps, 'db' | 'clock' | 'calendar' | 'mailer' | 'config'>;

const leadUrl = (deps: Pick<Deps, 'config'>, id: string) =>
  new URL(`/console/leads/${id}`, deps.config.BASE_URL).toString();

/** To a department's head(s): a lead registered in their department repeats an earlier lead of the same investor. */
export function duplicateLeadMail(p: {
  locale: 'zh-CN' | 'en';
  to: Address[];
  name: string;
  lead: Pick<Lead, 'investor'>;
  registrant: string;
  earlierRegistrant: string;
  earlierAt: string;
  url: string;
  earlierUrl: string;
}): Mail {
  const t = translator(p.locale);
  const vars = {
    name: p.name,
    investor: p.lead.investor,
    registrant: p.registrant,
    earlier: p.earlierRegistrant,
    at: p.earlierAt,
  };
  return composeMail({
    to: p.to,
    subject: t('mail.lead.duplicate.subject', vars),
    body: t('mail.lead.duplicate.body', vars),
    links: [
      { label: t('mail.lead.duplicate.link'), url: p.url },
      { label: t('mail.lead.duplicate.earlier'), url: p.earlierUrl },
    ],
    footer: t('mail.footer'),
  });
}

/** To the negotiating officer (首谈人): they lead the talks with an investor. */
export function talksMail(p: {
  locale: 'zh-CN' | 'en';
  to: Address;
  name: string;
  investor: string;
  head: string;
  url: string;
  /** The lead's page, where the signing is recorded. */
  leadUrl: string;
}): Mail {
  const t = translator(p.locale);
  const vars = { name: p.name, investor: p.investor, head: p.head };
  return composeMail({
    to: [p.to],
    subject: t('mail.lead.talks.subject', vars),
    body: t('mail.lead.talks.body', vars),
    links: [
      { label: t('mail.lead.talks.link'), url: p.leadUrl },
      { label: t('mail.enterprise.link'), url: p.url },
    ],
    footer: t('mail.footer'),
  });
}

/**
 * Tell the heads of the registrant's department (whoever acts for them while they are away; the managers if the
 * department has none) that the lead duplicates an earlier one. Staff mail waits for office hours.
 */
export async function tellDuplicate(
  deps: MailDeps,
  lead: Lead,
  earlier: Lead | undefined,
  staff: Staff[],
): Promise<string[]> {
  const today = deps.calendar.localDate(deps.clock.now());
  const heads = actingHeads(staff, lead.departmentId, today);
  const recipients = heads.length ? heads : managersOf(staff);
  const nameOf = (id: string | undefined) => staff.find((s) => s.id === id)?.name ?? '';
  for (const [locale, group] of byLocale(recipients)) {
    await sendToStaff(
      deps,
      duplicateLeadMail({
        locale,
        to: group.map(recipientOf),
        name: group.length === 1 ? (group[0] as Staff).name : '',
        lead,
        registrant: nameOf(lead.registeredBy),
        earlierRegistrant: nameOf(earlier?.registeredBy),
        earlierAt: earlier ? deps.calendar.localDate(new Date(earlier.registeredAt)) : '',
        url: leadUrl(deps, lead.id),
        earlierUrl: leadUrl(deps, lead.duplicateOf ?? lead.id),
      }),
    );
  }
  return recipients.map((r) => r.id);
}

/** Tell the negotiating officer they lead the talks, with the enterprise page's link. */
export async function tellNegotiator(
  deps: MailDeps,
  negotiator: Staff,
  enterprise: { id: string; investor: string; origin?: { leadId: string } },
  head: string,
): Promise<void> {
  await sendToStaff(
    deps,
    talksMail({
      locale: negotiator.locale ?? 'zh-CN',
      to: recipientOf(negotiator),
      name: negotiator.name,
      investor: enterprise.investor,
      head,
      url: new URL(`/console/enterprises/${enterprise.id}`, deps.config.BASE_URL).toString(),
      leadUrl: leadUrl(deps, enterprise.origin?.leadId ?? ''),
    }),
  );
}

/**
 * To the heads of the lead department of a revived project (盘活) whose new investor an earlier lead already holds: the
 * same flag a registration of that investor raises, for a head to look at; nothing is merged.
 */
export async function tellRevivalDuplicate(
  deps: MailDeps,
  enterprise: { id: string; name: string; investor: string; lead: { departmentId: string } },
  holder: { leadId: string; staffId: string; at: string },
  staff: Staff[],
): Promise<string[]> {
  const today = deps.calendar.localDate(deps.clock.now());
  const heads = actingHeads(staff, enterprise.lead.departmentId, today);
  const recipients = heads.length ? heads : managersOf(staff);
  for (const [locale, group] of byLocale(recipients)) {
    const t = translator(locale);
    const vars = {
      name: group.length === 1 ? (group[0] as Staff).name : '',
      enterprise: enterprise.name,
      investor: enterprise.investor,
      earlier: staff.find((s) => s.id === holder.staffId)?.name ?? '',
      at: deps.calendar.localDate(new Date(holder.at)),
    };
    await sendToStaff(
      deps,
      composeMail({
        to: group.map(recipientOf),
        subject: t('mail.lead.revivalDuplicate.subject', vars),
        body: t('mail.lead.revivalDuplicate.body', vars),
        links: [
          {
            label: t('mail.enterprise.link'),
            url: new URL(`/console/enterprises/${enterprise.id}`, deps.config.BASE_URL).toString(),
          },
          { label: t('mail.lead.duplicate.earlier'), url: leadUrl(deps, holder.leadId) },
        ],
        footer: t('mail.footer'),
      }),
    );
  }
  return recipients.map((r) => r.id);
}
