import { type Locale, translator } from '../i18n/i18n.ts';
import type { Mail } from '../mail/mailer.ts';
import { composeMail } from '../mail/shell.tsx';

export function signInMail(p: {
  locale: Locale;
  to: string;
  name: string;
  url: string;
  minutes: number;
}): Mail {
  const t = translator(p.locale);
  return composeMail({
    to: [p.to],
    subject: t('signin.mail.subject'),
    body: t('signin.mail.body', { name: p.name, minutes: p.minutes }),
    links: [{ url: p.url }],
    footer: t('signin.mail.ignore'),
  });
}
