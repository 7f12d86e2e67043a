import type { Address } from '../notify/channel.ts';

/**
 * One message: rendered in the recipient's language, with the links it carries listed for the local outbox. Each
 * addressee is an email address (goes by email, as always) or a person with their channel (`recipientOf(staff)`),
 * whom the Notifier (`shared/notify/notifier.ts`) reaches by WeCom, DingTalk or SMS, falling back to email.
 */
export interface Mail {
  to: Address[];
  subject: string;
  text: string;
  html: string;
  links: string[];
}

/**
 * The one way messages leave the system (`deps.mailer` is the Notifier, which routes each addressee by channel).
 * Email adapters: SES v2 (AWS), SMTP (regions without SES), local outbox; they are given email addresses only.
 */
export interface Mailer {
  send(mail: Mail): Promise<{ id: string }>;
}
