import type { ViewContext } from '../ui/context.ts';
import { Layout } from '../ui/layout.tsx';

export interface DemoAccount {
  role: 'manager' | 'departmentHead' | 'officer';
  name: string;
  email: string;
}

export function HomePage(props: { ctx: ViewContext; demoAccounts: DemoAccount[] }) {
  const { ctx } = props;
  const { t } = ctx;
  const demoLabel = {
    manager: t('home.demo.manager'),
    departmentHead: t('home.demo.head'),
    officer: t('home.demo.officer'),
  };
  return (
    <Layout ctx={ctx} title={t('nav.home')}>
      <h1>{t('app.name')}</h1>
      <p>{t('app.tagline')}</p>
      <section class="card">
        <h2>{t('home.what')}</h2>
        <p>{t('home.what.body')}</p>
      </section>
      <section class="card">
        <h2>{t('home.links')}</h2>
        <ul>
          <li>
            <a href="/console">{t('nav.console')}</a>
          </li>
          <li>
            <a href="/signin">{t('nav.signin')}</a>
          </li>
          {ctx.local ? (
            <li>
              <a href="/_local/outbox">{t('nav.outbox')}</a>
            </li>
          ) : null}
        </ul>
      </section>
      {ctx.local ? (
        <section class="card">
          <h2>{t('home.local')}</h2>
          <p>{t('home.local.body')}</p>
          <ul>
            {props.demoAccounts.map((a) => (
              <li>
                {demoLabel[a.role]}: {a.name} — <code>{a.email}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
