import type { Clock } from '../clock/clock.ts';
import { newId } from '../domain/ids.ts';
import { shortLinkPrefix } from '../domain/short-link.ts';
import type { Mail } from '../mail/mailer.ts';
import type { Db } from '../store/db.ts';
import { putOutboxMessage } from '../store/outbox.ts';
import { addressOn, type Recipient } from './channel.ts';
import type { ChannelAdapter, OtherChannel } from './notifier.ts';
import { dingtalkContent, smsParams, smsTemplate, smsText, wecomContent } from './render.ts';
import type { ShortLinker } from './short-links.ts';

/** What the person would see on WeCom or DingTalk, as text for the outbox page. */
export function channelText(channel: Exclude<OtherChannel, 'sms'>, mail: Mail): string {
  const c = channel === 'wecom' ? wecomContent(mail) : dingtalkContent(mail);
  if (c.msgtype === 'text') return c.text.content;
  if (c.msgtype === 'textcard')
    return `${c.textcard.title}\n\n${c.textcard.description}\n\n[${c.textcard.btntxt}] ${c.textcard.url}`;
  return `${c.action_card.markdown}\n\n[${c.action_card.single_title}] ${c.action_card.single_url}`;
}

/**
 * Local mode: WeCom, DingTalk and SMS "deliveries" land in the outbox beside the mail (no network), showing the
 * channel, the address it used and what the person would see, with the same links.
 */
export function outboxChannel(
  db: Db,
  clock: Clock,
  channel: OtherChannel,
  /** SMS: the short link the phone would show (as the real adapter sends), listed after the mail's own links. */
  sms?: { shortLink: ShortLinker; baseUrl: string },
): ChannelAdapter {
  return {
    channel,
    async send(mail: Mail, to: Recipient[]) {
      const now = clock.now();
      const id = newId(now.getTime());
      if (channel === 'sms') {
        if (!sms) throw new Error('the SMS outbox needs its short linker and base URL');
        const { link, ...words } = smsParams(mail, now);
        // A link the deployment cannot shorten (another origin) leaves no code: this is only the local display.
        const short = link ? await sms.shortLink(link).catch(() => undefined) : undefined;
        const template = smsTemplate(sms.baseUrl);
        const text = short
          ? smsText('安商服务', { ...words, code: short.slice(short.lastIndexOf('/') + 1) }, template)
          : // Shown with the link itself in the short link's place.
            smsText('安商服务', { ...words, code: '' }, template).replace(shortLinkPrefix(sms.baseUrl), link);
        await putOutboxMessage(db, {
          id,
          channel,
          to: to.map((r) => addressOn(channel, r)),
          subject: mail.subject,
          text,
          html: '',
          links: short ? [...mail.links, short] : mail.links,
          sentAt: now.toISOString(),
        });
        return { id };
      }
      await putOutboxMessage(db, {
        id,
        channel,
        to: to.map((r) => addressOn(channel, r)),
        subject: mail.subject,
        text: channelText(channel, mail),
        html: '',
        links: mail.links,
        sentAt: now.toISOString(),
      });
      return { id };
    },
  };
}
