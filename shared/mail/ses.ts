import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { sesClient } from '../aws/clients.ts';
import { once } from '../lazy.ts';
import { emailOf } from '../notify/channel.ts';
import type { Mail, Mailer } from './mailer.ts';

/** SES v2; with a configuration set, SES reports bounces and complaints for every send (`feedback.ts`). */
export function sesMailer(from: string, configurationSet?: string, given?: SESv2Client): Mailer {
  const client = once(async () => given ?? sesClient());
  return {
    async send(mail: Mail) {
      const out = await (await client()).send(
        new SendEmailCommand({
          FromEmailAddress: from,
          ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
          Destination: { ToAddresses: mail.to.map(emailOf) },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: 'UTF-8' },
              Body: {
                Text: { Data: mail.text, Charset: 'UTF-8' },
                Html: { Data: mail.html, Charset: 'UTF-8' },
              },
            },
          },
        }),
      );
      return { id: out.MessageId ?? '' };
    },
  };
}
