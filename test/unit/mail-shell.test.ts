import { describe, expect, it } from 'vitest';
import { signInMail } from '#shared/auth/signin-mail.tsx';
import { digestMail } from '#shared/digest/mail.tsx';
import { taskEscalationMail, taskOpenedMail } from '#shared/lifecycle/mail.tsx';
import { composeMail } from '#shared/mail/shell.tsx';

/** Every href in the HTML, in order. */
const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);

describe('the mail shell', () => {
  it('lays out paragraph, labelled links, sections and footer the same way in text and HTML', () => {
    const mail = composeMail({
      to: ['a@zone.cn'],
      subject: 'S',
      body: 'Hello',
      links: [{ label: 'Open:', url: 'https://x.cn/a' }, { url: 'https://x.cn/b' }],
      sections: [{ title: 'Due', lines: [{ text: 'Task 1', url: 'https://x.cn/c' }] }],
      footer: 'Bye',
    });
    expect(mail.text).toBe(
      'Hello\n\nOpen:\nhttps://x.cn/a\n\nhttps://x.cn/b\n\nDue\n- Task 1\n  https://x.cn/c\n\nBye\n',
    );
    expect(hrefs(mail.html)).toEqual(['https://x.cn/a', 'https://x.cn/b', 'https://x.cn/c']);
    expect(mail.links).toEqual(['https://x.cn/a', 'https://x.cn/b', 'https://x.cn/c']);
    expect(mail.html).toContain('<h3>Due</h3>');
    expect(mail.html).toContain('<p style="color:#61707f">Bye</p>');
  });

  it('leaves empty sections out of both text and HTML', () => {
    const mail = composeMail({
      to: ['a@zone.cn'],
      subject: 'S',
      body: 'Hello',
      sections: [
        { title: 'Empty', lines: [] },
        { title: 'Full', lines: [{ text: 'x', url: 'https://x.cn/x' }] },
      ],
      footer: 'Bye',
    });
    expect(mail.text).not.toContain('Empty');
    expect(mail.html).not.toContain('Empty');
    expect(mail.text).toContain('Full');
  });

  it('escapes what people typed (an enterprise name) in the HTML, keeping it as it is in the text', () => {
    const mail = composeMail({ to: ['a@zone.cn'], subject: 'S', body: '<b>甲&乙</b>', footer: 'f' });
    expect(mail.html).toContain('&lt;b>甲&amp;乙&lt;/b>');
    expect(mail.html).not.toContain('<b>');
    expect(mail.text.startsWith('<b>甲&乙</b>')).toBe(true);
  });
});

describe('the subject line', () => {
  it('keeps one header line whatever people typed: CR, LF and other control characters become spaces', () => {
    const mail = composeMail({
      to: ['a@zone.cn'],
      subject: '甲公司\r\nBcc: x@evil.cn\t\u0000',
      body: 'b',
      footer: 'f',
    });
    expect(mail.subject).toBe('甲公司 Bcc: x@evil.cn ');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});

describe('the mails built on it', () => {
  it('sign-in: the link once, the ignore line last', () => {
    const mail = signInMail({
      locale: 'en',
      to: 'a@zone.cn',
      name: 'A',
      url: 'https://x.cn/signin/v',
      minutes: 15,
    });
    expect(mail.to).toEqual(['a@zone.cn']);
    expect(mail.links).toEqual(['https://x.cn/signin/v']);
    expect(mail.text.trimEnd().endsWith('If you did not ask for it, ignore this email.')).toBe(true);
    expect(mail.text).toContain('15');
  });

  it('task opened: subject with the enterprise and the stage, the task link labelled, the footer', () => {
    const mail = taskOpenedMail({
      locale: 'en',
      to: 'o@zone.cn',
      name: 'O',
      enterprise: '甲公司',
      task: { kind: 'tracking', milestone: 'registered' },
      due: '2026-02-16',
      url: 'https://x.cn/task/t',
    });
    expect(mail.subject).toContain('甲公司');
    expect(mail.subject).toMatch(/regist/i);
    expect(mail.links).toEqual(['https://x.cn/task/t']);
    expect(hrefs(mail.html)).toEqual(['https://x.cn/task/t']);
    expect(mail.text).toContain('2026-02-16');
    // The due date travels with the message: an SMS, which has no body, shows it.
    expect(mail.due).toBe('2026-02-16');
    expect(mail.text.trimEnd().endsWith('Sent automatically by Aftercare.')).toBe(true);
  });

  it('task escalation: goes to every recipient at once and links the enterprise page', () => {
    const mail = taskEscalationMail({
      locale: 'zh-CN',
      to: ['h1@zone.cn', 'h2@zone.cn'],
      name: '',
      officer: '王芳',
      enterprise: '甲公司',
      task: { kind: 'visit' },
      due: '2026-02-16',
      days: 3,
      url: 'https://x.cn/console/enterprises/e',
    });
    expect(mail.to).toEqual(['h1@zone.cn', 'h2@zone.cn']);
    expect(mail.links).toEqual(['https://x.cn/console/enterprises/e']);
    expect(mail.text).toContain('王芳');
  });

  it('digest: one section per non-empty list, each line linked, the count in the subject', () => {
    const line = (n: number) => ({
      light: 'red' as const,
      due: '2026-02-16',
      item: `item ${n}`,
      enterprise: `E${n}`,
      url: `https://x.cn/task/${n}`,
    });
    const mail = digestMail({
      locale: 'en',
      to: 'o@zone.cn',
      name: 'O',
      date: '2026-02-17',
      mine: [line(1), line(2)],
      department: [],
    });
    expect(mail.links).toEqual(['https://x.cn/task/1', 'https://x.cn/task/2']);
    expect(hrefs(mail.html)).toEqual(mail.links);
    expect(mail.text).toContain('- Overdue · 2026-02-16 · E1 · item 1\n  https://x.cn/task/1');
    expect(mail.html.match(/<h3>/g)).toHaveLength(1);
    expect(mail.subject).toContain('2');
  });
});
