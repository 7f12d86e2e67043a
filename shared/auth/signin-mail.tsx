import { renderToString } from 'preact-render-to-string';
import { type Locale, translator } from '../i18n/i18n.ts';
import type { Mail } from '../mail/mailer.ts';

export function signInMail(p: {
  locale: Locale;
  to: string;
  name: string;
  url: string;
  minutes: number;
}): Mail {
  const t = translator(p.locale);
  const body = t('signin.mail.body', { name: p.name, minutes: p.minutes });
  const html = renderToString(
    <div>
      <p>{body}</p>
      <p>
        <a href={p.url}>{p.url}</a>
      </p>
      <p>{t('signin.mail.ignore')}</p>
    </div>,
  );
  return {
    to: [p.to],
    subject: t('signin.mail.subject'),
    text: `${body}\n\n${p.url}\n\n${t('signin.mail.ignore')}\n`,
    html,
    links: [p.url],
  };
}
