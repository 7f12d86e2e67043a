import { renderToString } from 'preact-render-to-string';
import { type Locale, type MessageKey, translator } from '../i18n/i18n.ts';
import type { Mail } from '../mail/mailer.ts';

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
  to: string;
  name: string;
  date: string;
  mine: DigestLine[];
  department: DigestLine[];
}): Mail {
  const t = translator(p.locale);
  const line = (l: DigestLine) =>
    `${t(`light.${l.light}` as MessageKey)} · ${l.due} · ${l.enterprise} · ${l.item}${l.owner ? ` · ${l.owner}` : ''}`;
  const sections = [
    { title: t('digest.mine', { count: p.mine.length }), lines: p.mine },
    { title: t('digest.department', { count: p.department.length }), lines: p.department },
  ].filter((s) => s.lines.length);
  const intro = t('digest.intro', { name: p.name, date: p.date });
  const text = [
    intro,
    ...sections.flatMap((s) => ['', s.title, ...s.lines.map((l) => `- ${line(l)}\n  ${l.url}`)]),
    '',
    t('mail.footer'),
    '',
  ].join('\n');
  const html = renderToString(
    <div>
      <p>{intro}</p>
      {sections.map((s) => (
        <div>
          <h3>{s.title}</h3>
          <ul>
            {s.lines.map((l) => (
              <li>
                <a href={l.url}>{line(l)}</a>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <p style="color:#61707f">{t('mail.footer')}</p>
    </div>,
  );
  return {
    to: [p.to],
    subject: t('digest.subject', { date: p.date, count: p.mine.length + p.department.length }),
    text,
    html,
    links: sections.flatMap((s) => s.lines.map((l) => l.url)),
  };
}
