import type { FieldError } from '#shared/domain/input-error.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, Field, FormErrors, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { Notice } from '../ui/parts.tsx';

export function SignInPage(props: {
  ctx: ViewContext;
  values?: Values;
  errors?: FieldError[];
  sent?: number;
  /** The page to come back to, carried by the mailed link. */
  next?: string | undefined;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('signin.title')}>
      <h1>{t('signin.title')}</h1>
      <Notice text={props.sent !== undefined ? t('signin.sent', { minutes: props.sent }) : undefined} />
      <FormErrors t={t} errors={props.errors} />
      <form method="post" action="/signin" class="card" novalidate>
        <Csrf token={ctx.csrf} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <Field
          t={t}
          name="email"
          type="email"
          inputmode="email"
          autocomplete="email"
          label={t('signin.email')}
          values={props.values}
          errors={props.errors}
          required
        />
        <p>
          <button type="submit">{t('signin.submit')}</button>
        </p>
      </form>
    </Layout>
  );
}

export function SignInConfirmPage(props: { ctx: ViewContext; token: string; next?: string | undefined }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('signin.confirm.title')}>
      <h1>{t('signin.confirm.title')}</h1>
      <form method="post" action="/signin/verify" class="card">
        <Csrf token={ctx.csrf} />
        <input type="hidden" name="t" value={props.token} />
        {props.next ? <input type="hidden" name="next" value={props.next} /> : null}
        <p>{t('signin.confirm.body')}</p>
        <button type="submit">{t('signin.confirm.submit')}</button>
      </form>
    </Layout>
  );
}
