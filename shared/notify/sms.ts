import { createHmac, randomUUID } from 'node:crypto';
import { SMS_VARIABLE_CHARS } from '../domain/short-link.ts';
import type { Mail } from '../mail/mailer.ts';
import { addressOn, type Recipient } from './channel.ts';
import type { ChannelAdapter } from './notifier.ts';
import { SMS_MAX_CHARS, type SmsParams, smsParams, smsText } from './render.ts';
import type { ShortLinker } from './short-links.ts';
import { ProviderError, providerJson } from './token.ts';

export interface SmsOptions {
  /** https://dysmsapi.aliyuncs.com (or a stand-in). */
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** The approved signature (签名) and notification template (模板, with `${title}`, `${date}` and `${code}`). */
  signName: string;
  templateCode: string;
  regionId?: string;
  /** The template's approved text (`smsTemplate(BASE_URL)`), for the length check (the provider holds the real one). */
  template: string;
  /**
   * Makes the short link (`<origin>/s/<code>`) whose code the template's `${code}` holds. Without it a message is
   * refused before sending (and goes by email): a signed link never fits a variable.
   */
  shortLink?: ShortLinker;
  fetch?: typeof fetch;
  now?: () => Date;
  nonce?: () => string;
}

/** RFC 3986 encoding as Alibaba Cloud's RPC signature wants it (space %20, `*` %2A, `~` kept). */
export const percentEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Alibaba Cloud RPC signature (SignatureVersion 1.0, HMAC-SHA1): parameters sorted by name, each name and value
 * percent-encoded, joined with `&`; StringToSign = METHOD & %2F & percentEncode(that); key = AccessKeySecret + "&".
 */
export function rpcSignature(
  method: string,
  params: Record<string, string>,
  accessKeySecret: string,
): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
}

/** The code of a short link (`<origin>/s/<code>` → `<code>`). */
const codeOf = (shortLink: string) => shortLink.slice(shortLink.lastIndexOf('/') + 1);

/** Alibaba Cloud rejects more than 1000 numbers in one SendSms. */
const BATCH = 1000;

/**
 * Alibaba Cloud SMS `SendSms` (API version 2017-05-25, RPC style, signed as above), POSTed as a form so phone
 * numbers stay out of URLs and logs. The SMS is the approved template with the message's subject, its due date and the
 * code of a short link standing for its signed link; each variable is held to Alibaba Cloud's 35 characters.
 */
export function smsAdapter(o: SmsOptions): ChannelAdapter {
  const fetcher = o.fetch ?? fetch;
  const base = o.endpoint.replace(/\/+$/, '');
  return {
    channel: 'sms',
    async send(mail: Mail, to: Recipient[]) {
      const { link, ...words } = smsParams(mail, o.now?.() ?? new Date());
      // A message without a link, or whose link cannot be shortened, is not for SMS: it goes by email.
      if (!link || !o.shortLink) throw new ProviderError('sms', 'link', 'no short link for this message');
      const params: SmsParams = { ...words, code: codeOf(await o.shortLink(link)) };
      // Alibaba Cloud refuses a variable over 35 characters (isv.PARAM_LENGTH_LIMIT): refused here, before sending.
      for (const [name, value] of Object.entries(params))
        if ([...value].length > SMS_VARIABLE_CHARS)
          throw new ProviderError(
            'sms',
            'length',
            `template variable ${name} longer than ${SMS_VARIABLE_CHARS}`,
          );
      if ([...smsText(o.signName, params, o.template)].length > SMS_MAX_CHARS)
        throw new ProviderError('sms', 'length', 'message longer than an SMS can be');
      const phones = [...new Set(to.map((r) => addressOn('sms', r)).filter(Boolean))];
      const ids: string[] = [];
      for (let i = 0; i < phones.length; i += BATCH) {
        const request: Record<string, string> = {
          AccessKeyId: o.accessKeyId,
          Action: 'SendSms',
          Format: 'JSON',
          PhoneNumbers: phones.slice(i, i + BATCH).join(','),
          RegionId: o.regionId ?? 'cn-hangzhou',
          SignName: o.signName,
          SignatureMethod: 'HMAC-SHA1',
          SignatureNonce: o.nonce?.() ?? randomUUID(),
          SignatureVersion: '1.0',
          TemplateCode: o.templateCode,
          TemplateParam: JSON.stringify(params),
          Timestamp: (o.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          Version: '2017-05-25',
        };
        const Signature = rpcSignature('POST', request, o.accessKeySecret);
        const body = await providerJson('sms', fetcher, `${base}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ ...request, Signature }).toString(),
        });
        if (body.Code !== 'OK') throw new ProviderError('sms', String(body.Code), String(body.Message ?? ''));
        ids.push(String(body.BizId ?? ''));
      }
      return { id: ids.join(',') };
    },
  };
}
