import type { Clock } from '../clock/clock.ts';
import { logger } from '../log/logger.ts';
import type { Mail, Mailer } from '../mail/mailer.ts';
import type { Db } from '../store/db.ts';
import { markUndeliverable } from '../store/undeliverable.ts';
import { type Address, asRecipient, type Channel, channelOf, type Recipient } from './channel.ts';

/** The one port every message leaves by (`deps.mailer`): each addressee goes by their channel. */
export type Notifier = Mailer;

export type OtherChannel = Exclude<Channel, 'email'>;

/** One channel's adapter (WeCom, DingTalk, SMS, or the local outbox standing in for one). */
export interface ChannelAdapter {
  readonly channel: OtherChannel;
  /**
   * Deliver the message to these people (each has what the channel needs). Throws when nothing was delivered;
   * `failed` names those the provider refused while taking the others.
   */
  send(mail: Mail, to: Recipient[]): Promise<{ id: string; failed?: Recipient[] }>;
}

/**
 * Some addressees were not reached at all, even by email (the mail server failed): the caller queues the message
 * again for them only (`remaining`), so those already reached are not sent it twice.
 */
export class NotDelivered extends Error {
  override readonly name = 'NotDelivered';
  constructor(
    readonly remaining: Address[],
    override readonly cause: unknown,
  ) {
    super(`not delivered to ${remaining.length} addressee(s): ${(cause as Error)?.name ?? 'error'}`);
  }
}

/**
 * Route each addressee by channel: those on a channel that is offered (has an adapter) and whom that channel can
 * reach go through its adapter; everyone else, and everyone a channel failed for, goes by email in one mail. A
 * channel failure is recorded with the undeliverable addresses managers see (board, staff page), and logged
 * without addresses. Sign-in mail is addressed by email alone, so it always goes by email.
 */
export function createNotifier(parts: {
  email: Mailer;
  channels: ChannelAdapter[];
  db?: Db;
  clock: Clock;
}): Notifier {
  const adapters = new Map(parts.channels.map((a) => [a.channel, a]));
  const offered = new Set<Channel>(['email', ...adapters.keys()]);
  const record = async (r: Recipient, channel: OtherChannel, detail: string) => {
    logger.warn('channel delivery failed; sent by email', { channel, detail: detail.slice(0, 200) });
    if (!parts.db) return;
    await markUndeliverable(parts.db, {
      email: r.email.toLowerCase(),
      reason: 'channel',
      channel,
      at: parts.clock.now().toISOString(),
      detail: detail.slice(0, 300),
    }).catch((error) => logger.error('channel failure not recorded', { error: (error as Error).name }));
  };
  return {
    async send(mail) {
      // A function built without mail (no MAIL_FROM, no secret) fails here, naming the variable it lacks.
      const sendEmail = parts.email.send.bind(parts.email);
      const byChannel = new Map<OtherChannel, Recipient[]>();
      const emails: string[] = [];
      for (const address of mail.to) {
        const channel = channelOf(address, offered);
        const r = asRecipient(address);
        if (channel === 'email') emails.push(r.email);
        else byChannel.set(channel, [...(byChannel.get(channel) ?? []), r]);
      }
      const ids: string[] = [];
      for (const [channel, people] of byChannel) {
        const adapter = adapters.get(channel);
        if (!adapter) continue;
        let failed: Recipient[] = [];
        let detail = 'refused';
        try {
          const out = await adapter.send(mail, people);
          ids.push(out.id);
          failed = out.failed ?? [];
        } catch (error) {
          failed = people;
          detail = (error as Error).message || (error as Error).name;
        }
        for (const r of failed) {
          emails.push(r.email);
          await record(r, channel, detail);
        }
      }
      const unique = [...new Set(emails)];
      if (unique.length) {
        try {
          ids.push((await sendEmail({ ...mail, to: unique })).id);
        } catch (error) {
          // Nobody reached: the error as it is (the caller retries the whole message); else only for the rest.
          if (!ids.length) throw error;
          throw new NotDelivered(unique, error);
        }
      }
      return { id: ids.join(',') };
    },
  };
}

/** Who still needs a message after a failed send: the addressees not reached, or all of them. */
export const undeliveredOf = (mail: Mail, error: unknown): Address[] =>
  error instanceof NotDelivered ? error.remaining : mail.to;
