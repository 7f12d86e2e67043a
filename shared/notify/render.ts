import { ZONE } from '../calendar/working-days.ts';
import { shortLinkPrefix } from '../domain/short-link.ts';
import type { Mail } from '../mail/mailer.ts';

/**
 * What each channel shows of one message: the same words (the mail's text, without the bare link lines, since every
 * channel carries the link as a link) and the same signed link, cut to the provider's documented limits.
 */

/** WeCom textcard limits (application message API): title 128 bytes, description 512 bytes, url 2048 bytes. */
export const WECOM_TITLE_BYTES = 128;
export const WECOM_DESCRIPTION_BYTES = 512;
/** WeCom text message: content up to 2048 bytes. */
export const WECOM_TEXT_BYTES = 2048;
/** DingTalk action_card markdown: kept to 5000 characters; title up to 64. */
export const DINGTALK_MARKDOWN_CHARS = 5000;
export const DINGTALK_TITLE_CHARS = 64;
/**
 * SMS: the approved template carries `${title}`, `${date}` and `${code}`; a template variable is at most 35
 * characters, and a long SMS at most 500 characters with the signature (split and billed per 67).
 */
export const SMS_TITLE_CHARS = 35;
export const SMS_MAX_CHARS = 500;

const encoder = new TextEncoder();

/**
 * A URL in a WeCom <a href> (the text message's documented link form, developer.work.weixin.qq.com/document/path/
 * 90236): the link as it is, with quotes and `<` percent-encoded — a signed link holds neither.
 */
const escapeAttribute = (value: string) => value.replaceAll('"', '%22').replaceAll('<', '%3C');

/** Cut a string to at most `max` UTF-8 bytes, never inside a character, marking the cut with "…". */
export function truncateBytes(s: string, max: number): string {
  if (encoder.encode(s).length <= max) return s;
  const chars = [...s];
  let out = '';
  let bytes = 3; // the ellipsis
  for (const c of chars) {
    const n = encoder.encode(c).length;
    if (bytes + n > max) break;
    out += c;
    bytes += n;
  }
  return `${out}…`;
}

export function truncateChars(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * The message's words without the lines that are only a link (the channel shows the link itself), nor the label
 * that introduced one ("打开任务：" with nothing after it reads as broken).
 */
export const plainText = (mail: Pick<Mail, 'text' | 'links'>): string => linkedText(mail);

/** The first link is the one the message is about (the signed link to act on). */
export const mainLink = (mail: Pick<Mail, 'links'>) => mail.links[0];

/**
 * The message's words with each of its links written in, as the channel writes a link (`link`): a link block as its
 * label, a section item's link beside its line (labelled `label`) — for a message of several links (a digest), where
 * one button cannot carry them all; without `link`, the links and their labels left out (`plainText`). In the mail
 * layout (`composeMail`) a link of its own block stands unindented right under its label; a section's links are
 * indented under their line.
 */
export function linkedText(
  mail: Pick<Mail, 'text' | 'links'>,
  link?: (label: string, url: string) => string,
  label = '',
): string {
  const links = new Set(mail.links);
  const lines = mail.text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const next = lines[i + 1];
    if (line.trim() !== '' && !links.has(line.trim()) && next !== undefined && links.has(next)) {
      if (link) out.push(link(line.trim().replace(/[:：]\s*$/, ''), next));
      i++;
    } else if (links.has(line)) {
      if (link) out.push(link(label, line));
    } else if (links.has(line.trim())) {
      if (link && out.length) out[out.length - 1] += ` ${link(label, line.trim())}`;
    } else out.push(line);
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Whole lines of `text` up to `fits` (a link is never cut in half), marked "…" where lines were left out. */
function cutLines(text: string, fits: (s: string) => boolean): string {
  if (fits(text)) return text;
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    if (!fits([...kept, line, '…'].join('\n'))) break;
    kept.push(line);
  }
  return [...kept, '…'].join('\n');
}

export type WecomContent =
  | { msgtype: 'textcard'; textcard: { title: string; description: string; url: string; btntxt: string } }
  | { msgtype: 'text'; text: { content: string } };

/** WeCom application message: a textcard with the link, or plain text when the message has no link. */
export function wecomContent(mail: Pick<Mail, 'subject' | 'text' | 'links'>, button = '详情'): WecomContent {
  const url = mainLink(mail);
  if (!url) return { msgtype: 'text', text: { content: truncateBytes(plainText(mail), WECOM_TEXT_BYTES) } };
  // Several links (a digest's items): a text message, each link an <a> beside its line (a textcard has one).
  if (mail.links.length > 1) {
    const anchor = (label: string, href: string) => `<a href="${escapeAttribute(href)}">${label}</a>`;
    const content = `${mail.subject}\n\n${linkedText(mail, anchor, button)}`;
    return {
      msgtype: 'text',
      text: { content: cutLines(content, (c) => encoder.encode(c).length <= WECOM_TEXT_BYTES) },
    };
  }
  return {
    msgtype: 'textcard',
    textcard: {
      title: truncateBytes(mail.subject, WECOM_TITLE_BYTES),
      description: truncateBytes(plainText(mail), WECOM_DESCRIPTION_BYTES),
      url,
      btntxt: button,
    },
  };
}

export type DingtalkContent =
  | {
      msgtype: 'action_card';
      action_card: { title: string; markdown: string; single_title: string; single_url: string };
    }
  | { msgtype: 'text'; text: { content: string } };

/** DingTalk work notification: an action card whose one button opens the link, or text without a link. */
export function dingtalkContent(
  mail: Pick<Mail, 'subject' | 'text' | 'links'>,
  button = '查看详情',
): DingtalkContent {
  const url = mainLink(mail);
  if (!url)
    return { msgtype: 'text', text: { content: truncateChars(plainText(mail), DINGTALK_MARKDOWN_CHARS) } };
  const title = truncateChars(mail.subject, DINGTALK_TITLE_CHARS);
  // Several links (a digest's items): each written into the card as a markdown link; the button opens the first.
  const body =
    mail.links.length > 1
      ? cutLines(
          `### ${title}\n\n${linkedText(mail, (label, href) => `[${label}](${href})`, button)}`,
          (c) => [...c].length <= DINGTALK_MARKDOWN_CHARS,
        )
      : truncateChars(`### ${title}\n\n${plainText(mail)}`, DINGTALK_MARKDOWN_CHARS);
  return {
    msgtype: 'action_card',
    action_card: {
      title,
      markdown: body,
      single_title: button,
      single_url: url,
    },
  };
}

/** The variables of the approved SMS template (each at most 35 characters, none empty). */
export interface SmsParams {
  title: string;
  /** The due date (`12月5日前`), or the day it was sent when the message has none (`12月2日`). */
  date: string;
  /** The short link's code: the template holds the rest of the link (`<origin>/s/`) as fixed text. */
  code: string;
}

const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** `2026-12-05` → `12月5日`, `2026-12-05 11:30` → `12月5日11:30` (the SMS template is Chinese, as approved). */
export function smsDate(localDate: string): string {
  const [, month, day, time] = /^\d{4}-(\d{2})-(\d{2})(?: (\d{2}:\d{2}))?/.exec(localDate) ?? [];
  if (!month || !day) return localDate;
  return `${Number(month)}月${Number(day)}日${time ?? ''}`;
}

/**
 * The SMS's variables but the code: the subject cut to fit a template variable, the message's due date (else the day
 * it goes, in Asia/Shanghai), and the link the code will stand for (the SMS adapter shortens it before sending: a
 * signed link never fits a variable, and carriers accept a link only as the template's fixed text).
 */
export function smsParams(
  mail: Pick<Mail, 'subject' | 'links' | 'due'>,
  sentAt: Date,
): { title: string; date: string; link: string } {
  const title = truncateChars(smsTitle(mail.subject), SMS_TITLE_CHARS);
  const date = mail.due ? `${smsDate(mail.due)}前` : smsDate(SHANGHAI_DAY.format(sentAt));
  return { title, date, link: mainLink(mail) ?? '' };
}

/**
 * A subject as an SMS variable says it, shortest first: without the app's own tag (【安商服务】, [Aftercare]: the
 * signature names the sender), brackets, control characters, or enterprises' company-form suffixes (有限公司…),
 * so the enterprise and the task fit (the template variable is cut at `SMS_TITLE_CHARS`).
 */
export function smsTitle(subject: string): string {
  return subject
    .replace(/^\s*(【安商服务】|\[Aftercare\])\s*/u, '')
    .replace(/(股份有限公司|有限责任公司|有限公司)/gu, '')
    .replace(/[【】\p{Cc}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The template this system asks to be approved for a deployment at `baseUrl`: the title, the date and the short
 * link, whose origin and `/s/` are fixed text (carriers refuse links passed in variables) and whose code is the
 * variable — so the deployment's address may be as long as it is.
 */
export function smsTemplate(baseUrl: string): string {
  return `您有一条新通知：\${title}（\${date}）。请打开 ${shortLinkPrefix(baseUrl)}\${code} 查看办理。`;
}

/** The SMS as the phone shows it, for the outbox and the length check: `【signName】` + the template filled in. */
export function smsText(signName: string, params: SmsParams, template: string): string {
  const filled = template.replace(/\$\{(title|date|code)\}/g, (_, name: keyof SmsParams) => params[name]);
  return `【${signName}】${filled}`;
}
