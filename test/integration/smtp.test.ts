import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInMail } from '#shared/auth/signin-mail.tsx';
import { smtpMailer } from '#shared/mail/smtp.ts';

const received: { from: string; to: string[]; raw: string }[] = [];
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

describe('SMTP mailer (for regions without SES)', () => {
  it('delivers a rendered mail to a real SMTP server', async () => {
    const mail = signInMail({
      locale: 'zh-CN',
      to: 'wang.fang@zone.example.cn',
      name: '王芳',
      url: 'http://localhost:3000/signin/verify?t=abc.def',
      minutes: 15,
    });
    const mailer = smtpMailer('aftercare@zone.example.cn', `smtp://127.0.0.1:${port}`);
    const { id } = await mailer.send(mail);
    expect(id).toMatch(/@/);
    expect(received).toHaveLength(1);
    expect(received[0]!.from).toBe('aftercare@zone.example.cn');
    expect(received[0]!.to).toEqual(['wang.fang@zone.example.cn']);
    expect(received[0]!.raw).toMatch(/Subject: =\?UTF-8\?/); // encoded Chinese subject
    expect(received[0]!.raw).toContain('multipart/alternative');
  });

  it('fails loudly when the server is down, so the caller can retry', async () => {
    const mailer = smtpMailer('aftercare@zone.example.cn', 'smtp://127.0.0.1:1');
    await expect(
      mailer.send(signInMail({ locale: 'en', to: 'a@b.cn', name: 'A', url: 'http://x/', minutes: 1 })),
    ).rejects.toThrow();
  });
});
