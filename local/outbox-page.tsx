import type { ViewContext } from '#functions/http/ui/context.ts';
import { Layout } from '#functions/http/ui/layout.tsx';
import { shanghaiTime } from '#functions/http/ui/parts.tsx';
import type { OutboxMessage } from '#shared/store/outbox.ts';

/** Every message local mode kept, on every channel: the channel, the address it used, what the person sees. */
export function OutboxPage(props: { ctx: ViewContext; messages: OutboxMessage[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('outbox.title')}>
      <h1>{t('outbox.title')}</h1>
      <p class="muted">
        {t('outbox.body')} {t('outbox.channels')}
      </p>
      {props.messages.length === 0 ? <p>{t('outbox.empty')}</p> : null}
      {props.messages.map((m) => (
        <article class="card" id={`mail-${m.id}`} data-channel={m.channel}>
          <h2>{m.subject}</h2>
          <p class="muted">
            {t('outbox.channel')}: {t(`channel.${m.channel}`)} · {t('outbox.to')}: {m.to.join(', ')} ·{' '}
            {t('outbox.sentAt')}: <time datetime={m.sentAt}>{shanghaiTime(m.sentAt)}</time>
          </p>
          <pre class="mail">{m.text}</pre>
          <ul>
            {m.links.map((href) => (
              <li>
                <a href={href}>{href}</a>
              </li>
            ))}
          </ul>
        </article>
      ))}
    </Layout>
  );
}
