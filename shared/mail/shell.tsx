import { renderToString } from 'preact-render-to-string';
import type { Address } from '../notify/channel.ts';
import type { Mail } from './mailer.ts';

/** What a mail says; the shell lays it out the same way in text and HTML for every mail the system sends. */
export interface MailContent {
  /** Email addresses, or people with their channel (`recipientOf`). */
  to: Address[];
  subject: string;
  /** The opening paragraph. */
  body: string;
  /** Links, each on its own line, with an optional label before it. */
  links?: { label?: string; url: string }[];
  /** Titled lists of linked lines (a digest's sections); empty sections are left out. */
  sections?: { title: string; lines: { text: string; url: string }[] }[];
  /** The closing line, in grey. */
  footer: string;
}

/**
 * The one mail layout: paragraph, links, sections, footer. Text and HTML carry the same words and the same links,
 * and `links` lists every URL the mail carries (the local outbox shows them).
 */
export function composeMail(c: MailContent): Mail {
  const links = c.links ?? [];
  const sections = (c.sections ?? []).filter((s) => s.lines.length);
  const text = [
    c.body,
    ...links.map((l) => (l.label ? `${l.label}\n${l.url}` : l.url)),
    ...sections.map((s) => [s.title, ...s.lines.map((l) => `- ${l.text}\n  ${l.url}`)].join('\n')),
    c.footer,
  ].join('\n\n');
  const html = renderToString(
    <div>
      <p>{c.body}</p>
      {links.map((l) => (
        <p>
          {l.label ? `${l.label} ` : ''}
          <a href={l.url}>{l.url}</a>
        </p>
      ))}
      {sections.map((s) => (
        <div>
          <h3>{s.title}</h3>
          <ul>
            {s.lines.map((l) => (
              <li>
                <a href={l.url}>{l.text}</a>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <p style="color:#61707f">{c.footer}</p>
    </div>,
  );
  return {
    to: c.to,
    // A subject is one header line: control characters that people typed (an enterprise name, a need title) would
    // start another header.
    subject: c.subject.replace(/\p{Cc}+/gu, ' '),
    text: `${text}\n`,
    html,
    links: [...links.map((l) => l.url), ...sections.flatMap((s) => s.lines.map((l) => l.url))],
  };
}
