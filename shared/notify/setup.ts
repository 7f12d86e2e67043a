import { z } from 'zod';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import { logger } from '../log/logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { Db } from '../store/db.ts';
import type { Channel } from './channel.ts';
import { dingtalkAdapter } from './dingtalk.ts';
import { proxiedFetch } from './egress.ts';
import { type ChannelAdapter, createNotifier, type Notifier } from './notifier.ts';
import { outboxChannel } from './outbox-channel.ts';
import { smsTemplate } from './render.ts';
import { shortLinker } from './short-links.ts';
import { smsAdapter } from './sms.ts';
import { wecomAdapter } from './wecom.ts';

/**
 * The channels' credentials, in the same secret as the signing key (`channels` in its JSON); never in plain
 * environment variables or code.
 */
export const ChannelSecrets = z.object({
  wecomSecret: z.string().min(1).optional(),
  dingtalkAppKey: z.string().min(1).optional(),
  dingtalkAppSecret: z.string().min(1).optional(),
  smsAccessKeyId: z.string().min(1).optional(),
  smsAccessKeySecret: z.string().min(1).optional(),
  /** An HTTP proxy on a fixed address, for providers that answer only trusted IPs (WeCom's 企业可信IP). */
  egressProxyUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type ChannelSecrets = z.infer<typeof ChannelSecrets>;

/** The channel credentials a loaded secret carries (its `channels` member), if any. */
export function channelSecretsOf(secrets: unknown): ChannelSecrets {
  const parsed = ChannelSecrets.safeParse((secrets as { channels?: unknown } | undefined)?.channels ?? {});
  if (!parsed.success) logger.warn('channel secrets malformed; channels not offered');
  return parsed.success ? parsed.data : {};
}

/**
 * The channels offered to people (forms show them): email always; locally every channel (the outbox stands in);
 * on AWS those whose configuration is set. A channel whose secret turns out missing still falls back to email.
 */
export function offeredChannels(config: Config): Channel[] {
  if (config.AFTERCARE_MODE === 'local' && config.CHANNELS_LOCAL === 'outbox')
    return ['email', 'wecom', 'dingtalk', 'sms'];
  const out: Channel[] = ['email'];
  if (config.WECOM_CORP_ID && config.WECOM_AGENT_ID) out.push('wecom');
  if (config.DINGTALK_AGENT_ID) out.push('dingtalk');
  if (config.SMS_SIGN_NAME && config.SMS_TEMPLATE_CODE) out.push('sms');
  return out;
}

/** The channel adapters this configuration and these secrets make possible. */
export function channelAdapters(
  config: Config,
  secrets: ChannelSecrets,
  db: Db,
  clock: Clock,
): ChannelAdapter[] {
  if (config.AFTERCARE_MODE === 'local' && config.CHANNELS_LOCAL === 'outbox')
    return (['wecom', 'dingtalk', 'sms'] as const).map((c) =>
      outboxChannel(
        db,
        clock,
        c,
        c === 'sms'
          ? { shortLink: shortLinker({ db, clock, baseUrl: config.BASE_URL }), baseUrl: config.BASE_URL }
          : undefined,
      ),
    );
  const out: ChannelAdapter[] = [];
  // Every provider call through the egress proxy, when one is set (its address is the one WeCom trusts).
  const fetch = secrets.egressProxyUrl ? { fetch: proxiedFetch(secrets.egressProxyUrl) } : {};
  if (config.WECOM_CORP_ID && config.WECOM_AGENT_ID && secrets.wecomSecret)
    out.push(
      wecomAdapter({
        endpoint: config.WECOM_ENDPOINT,
        corpId: config.WECOM_CORP_ID,
        agentId: config.WECOM_AGENT_ID,
        secret: secrets.wecomSecret,
        ...fetch,
      }),
    );
  if (config.DINGTALK_AGENT_ID && secrets.dingtalkAppKey && secrets.dingtalkAppSecret)
    out.push(
      dingtalkAdapter({
        endpoint: config.DINGTALK_ENDPOINT,
        agentId: config.DINGTALK_AGENT_ID,
        appKey: secrets.dingtalkAppKey,
        appSecret: secrets.dingtalkAppSecret,
        ...fetch,
      }),
    );
  if (
    config.SMS_SIGN_NAME &&
    config.SMS_TEMPLATE_CODE &&
    secrets.smsAccessKeyId &&
    secrets.smsAccessKeySecret
  )
    out.push(
      smsAdapter({
        endpoint: config.SMS_ENDPOINT,
        accessKeyId: secrets.smsAccessKeyId,
        accessKeySecret: secrets.smsAccessKeySecret,
        signName: config.SMS_SIGN_NAME,
        templateCode: config.SMS_TEMPLATE_CODE,
        template: smsTemplate(config.BASE_URL),
        // An SMS variable holds 35 characters and no link: the template's `<origin>/s/` and the code.
        shortLink: shortLinker({ db, clock, baseUrl: config.BASE_URL }),
        ...fetch,
      }),
    );
  return out;
}

/** The Notifier `deps.mailer` is: email through `email`, the other channels through their adapters. */
export function notifierOf(parts: {
  config: Config;
  secrets: unknown;
  email: Mailer;
  db: Db;
  clock: Clock;
}): Notifier {
  return createNotifier({
    email: parts.email,
    channels: channelAdapters(parts.config, channelSecretsOf(parts.secrets), parts.db, parts.clock),
    db: parts.db,
    clock: parts.clock,
  });
}
