import type { ViewContext } from './context.ts';
import { Layout } from './layout.tsx';

/** A page that says one thing: an error, a refused link, a confirmation. */
export function MessagePage(props: { ctx: ViewContext; title: string; message: string; error?: boolean }) {
  return (
    <Layout ctx={props.ctx} title={props.title}>
      <h1>{props.title}</h1>
      <p class={props.error ? 'notice error' : 'notice'} role={props.error ? 'alert' : 'status'}>
        {props.message}
      </p>
      <p>
        <a href="/">{props.ctx.t('nav.home')}</a>
      </p>
    </Layout>
  );
}
