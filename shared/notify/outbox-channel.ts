import type { Clock } from '../clock/clock.ts';
import { newId } from '../domain/ids.ts';
import type { Mail } from '../mail/mailer.ts';
import type { Db } from '../store/db.ts';
import { putOutboxMessage } from '../store/outbox.ts';
import { addressOn, type Recipient } from './channel.ts';
import type { ChannelAdapter, OtherChannel } from './notifier.ts';
import { dingtalkContent, smsParams, smsText, wecomContent } from './render.ts';
import type { ShortLinker } from './short-links.ts';

/** What the person would see on the channel, as text for the outbox page. */
export function channelText(channel: OtherChannel, mail: Mail, smsSignName = '安商服务'): string {
  if (channel === 'sms') return smsText(smsSignName, smsParams(mail));
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
  shortLink?: ShortLinker,
): ChannelAdapter {
  return {
    channel,
    async send(mail: Mail, to: Recipient[]) {
      const params = channel === 'sms' ? smsParams(mail) : undefined;
      // A link the deployment cannot shorten (another origin) is shown as it is: this is only the local display.
      const short =
        params?.link && shortLink ? await shortLink(params.link).catch(() => undefined) : undefined;
      if (params && short) params.link = short;
      const now = clock.now();
      const id = newId(now.getTime());
      await putOutboxMessage(db, {
        id,
        channel,
        to: to.map((r) => addressOn(channel, r)),
        subject: mail.subject,
        text: params ? smsText('安商服务', params) : channelText(channel, mail),
        html: '',
        links: short ? [...mail.links, short] : mail.links,
        sentAt: now.toISOString(),
      });
      return { id };
    },
  };
}
