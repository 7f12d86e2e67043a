import { type Locale, translator } from '../i18n/i18n.ts';
import type { Mail } from '../mail/mailer.ts';
import { composeMail } from '../mail/shell.tsx';
import type { Address } from '../notify/channel.ts';

export interface DigestLine {
  light: 'red' | 'yellow' | 'green';
  due: string;
  item: string;
  enterprise: string;
  /** Whose it is (in a head's digest). */
  owner?: string;
  url: string;
}

/** One email a day: the reader's items due soon and overdue, and (for a head) the department's overdue items. */
export function digestMail(p: {
  locale: Locale;
  to: Address;
  name: string;
  date: string;
  mine: DigestLine[];
  department: DigestLine[];
}): Mail {
  const t = translator(p.locale);
  const line = (l: DigestLine) => ({
    text: `${t(`light.${l.light}`)} · ${l.due} · ${l.enterprise} · ${l.item}${l.owner ? ` · ${l.owner}` : ''}`,
    url: l.url,
  });
  return composeMail({
    to: [p.to],
    subject: t('digest.subject', { date: p.date, count: p.mine.length + p.department.length }),
    body: t('digest.intro', { name: p.name, date: p.date }),
    sections: [
      { title: t('digest.mine', { count: p.mine.length }), lines: p.mine.map(line) },
      { title: t('digest.department', { count: p.department.length }), lines: p.department.map(line) },
    ],
    footer: t('mail.footer'),
  });
}
