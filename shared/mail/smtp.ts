import nodemailer from 'nodemailer';
import { emailOf } from '../notify/channel.ts';
import type { Mail, Mailer } from './mailer.ts';

/** SMTP through nodemailer: for regions without SES (e.g. AWS China) and on-premise mail servers. */
export function smtpMailer(from: string, smtpUrl: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail: Mail) {
      const info = await transport.sendMail({
        from,
        to: mail.to.map(emailOf),
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
      return { id: info.messageId };
    },
  };
}
