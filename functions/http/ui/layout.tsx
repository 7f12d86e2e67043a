import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { ViewContext } from './context.ts';

function langHref(path: string, lang: string): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}

export function Layout(props: {
  ctx: ViewContext;
  title: string;
  /** Seconds after which the page reloads itself (a page following work that runs: no script needed). */
  refreshSeconds?: number;
  children: ComponentChildren;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <html lang={ctx.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t('app.name')}`}</title>
        {/* No icon to fetch: without this every browser asks for /favicon.ico, a 404 and an invocation each time. */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/app.css" />
        {props.refreshSeconds ? <meta http-equiv="refresh" content={String(props.refreshSeconds)} /> : null}
      </head>
      <body>
        <header>
          <nav class="bar" aria-label={t('app.name')}>
            <a class="brand" href="/">
              {t('app.name')}
            </a>
            {ctx.user ? <a href="/console">{t('nav.console')}</a> : null}
            {ctx.can('lead.view') ? <a href="/console/leads">{t('nav.leads')}</a> : null}
            {ctx.can('pipeline.view') ? <a href="/console/pipeline">{t('nav.pipeline')}</a> : null}
            {ctx.can('scoreboard.view') ? <a href="/console/scoreboard">{t('nav.scoreboard')}</a> : null}
            {ctx.can('funds.verify') ? <a href="/console/funds">{t('nav.funds')}</a> : null}
            {ctx.can('calendar.set') ? <a href="/console/calendar">{t('nav.calendar')}</a> : null}
            {ctx.can('staff.view') ? <a href="/console/staff">{t('nav.staff')}</a> : null}
            {ctx.can('need.revisit') ? <a href="/console/revisits">{t('nav.revisits')}</a> : null}
            {ctx.can('need.routing.view') ? <a href="/console/settings">{t('nav.settings')}</a> : null}
            {ctx.user ? <a href="/console/me">{t('nav.me')}</a> : null}
            {ctx.local ? <a href="/_local/outbox">{t('nav.outbox')}</a> : null}
            <a href={langHref(ctx.path, ctx.locale === 'en' ? 'zh-CN' : 'en')}>{t('lang.switch')}</a>
            {ctx.user ? (
              <form method="post" action="/signout">
                <input type="hidden" name="_csrf" value={ctx.csrf} />
                <button class="link" type="submit">
                  {t('nav.signout')} ({ctx.user.name})
                </button>
              </form>
            ) : (
              <a href="/signin">{t('nav.signin')}</a>
            )}
          </nav>
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

/** Render a page to an HTML document. Preact escapes every interpolated value. */
export function renderPage<P>(node: VNode<P>): string {
  return `<!doctype html>${renderToString(node)}`;
}
