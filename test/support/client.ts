import { expect } from 'vitest';

/** A small browser stand-in: keeps cookies, never follows redirects, posts forms with the page's CSRF token. */
export class Client {
  readonly jar = new Map<string, string>();
  lastHtml = '';
  constructor(readonly base: string) {}

  async request(
    path: string,
    init: {
      method?: string;
      form?: Record<string, string>;
      json?: unknown;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await fetch(new URL(path, this.base), {
      method: init.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      if (/Max-Age=0/i.test(cookie)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  async page(path: string, status = 200): Promise<string> {
    const res = await this.request(path);
    const html = await res.text();
    expect(res.status, `${path}: ${html.slice(0, 300)}`).toBe(status);
    this.lastHtml = html;
    return html;
  }

  /** Submit a multipart form with files (and the CSRF token from the last page), as a browser would. */
  async upload(
    path: string,
    fields: Record<string, string>,
    files: { field: string; name: string; bytes: Buffer; type: string }[],
  ): Promise<Response> {
    const form = new FormData();
    form.set('_csrf', csrfFrom(this.lastHtml));
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    for (const f of files)
      form.append(f.field, new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
    const headers: Record<string, string> = {};
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    return fetch(new URL(path, this.base), { method: 'POST', body: form, headers, redirect: 'manual' });
  }

  /** Submit a form the way a browser would, with the CSRF token from the last page. */
  async submit(path: string, form: Record<string, string>): Promise<Response> {
    return this.request(path, { form: { _csrf: csrfFrom(this.lastHtml), ...form } });
  }
}

export function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
}

export interface OutboxMail {
  id: string;
  /** How it went: email, or the person's WeCom, DingTalk or SMS (`to` then holds the address on that channel). */
  channel: 'email' | 'wecom' | 'dingtalk' | 'sms';
  to: string[];
  subject: string;
  text: string;
  html: string;
  links: string[];
  sentAt: string;
}

export async function outbox(base: string): Promise<OutboxMail[]> {
  const res = await fetch(new URL('/_local/outbox', base), { headers: { accept: 'application/json' } });
  return (await res.json()) as OutboxMail[];
}

/**
 * What the messages tell, an item a line: each message's subject, or — for a person's reminders sent together in one
 * message — each reminder's own subject, as its lines carry them.
 */
export function notices(mails: OutboxMail[]): string[] {
  return mails.flatMap((m) =>
    /^(【提醒】\d+ 项任务|\[Reminder\] \d+ of your tasks)/.test(m.subject)
      ? m.text
          .split('\n')
          .filter((l) => l.startsWith('- '))
          .map((l) => l.slice(2))
      : [m.subject],
  );
}

/** Sign in from the emailed link, as a person would. */
export async function signIn(client: Client, email: string): Promise<void> {
  await client.page('/signin');
  const sent = await client.submit('/signin', { email });
  expect(sent.status).toBe(200);
  const mail = (await outbox(client.base)).find(
    (m) => m.to.includes(email) && m.links[0]?.includes('/signin/verify'),
  );
  if (!mail) throw new Error(`no sign-in mail for ${email}`);
  const link = new URL(mail.links[0]!);
  const confirm = await client.page(`${link.pathname}${link.search}`);
  const res = await client.submit('/signin/verify', { t: /name="t" value="([^"]+)"/.exec(confirm)![1]! });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/console');
}
