import type { FieldError } from '#shared/domain/input-error.ts';
import type { Staff } from '#shared/domain/organisation.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, Field, FormErrors, Select, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { Notice } from '../ui/parts.tsx';

export const DIGEST_TIMES = ['08:30', '09:00', '10:00', '13:30', '14:00', '16:00', '17:00'];

/** A staff member's own settings: a substitute while away, and a daily digest instead of single reminders. */
export function MyPage(props: {
  ctx: ViewContext;
  me: Staff;
  colleagues: Staff[];
  notice?: string;
  form?: 'away' | 'digest' | 'locale';
  errors?: FieldError[];
  values?: Values;
}) {
  const { ctx, me } = props;
  const { t } = ctx;
  const awayValues =
    props.form === 'away'
      ? props.values
      : { from: me.away?.from, to: me.away?.to, substituteId: me.away?.substituteId };
  const awayErrors = props.form === 'away' ? props.errors : undefined;
  const digestErrors = props.form === 'digest' ? props.errors : undefined;
  return (
    <Layout ctx={ctx} title={t('me.title')}>
      <h1>{t('me.title')}</h1>
      <Notice text={props.notice} />
      <section class="card">
        <h2>{t('me.away')}</h2>
        <p>{t('me.awayExplain')}</p>
        <form method="post" action="/console/me/away">
          <Csrf token={ctx.csrf} />
          <FormErrors t={t} errors={awayErrors} />
          <Field
            t={t}
            name="from"
            type="date"
            label={t('me.awayFrom')}
            values={awayValues}
            errors={awayErrors}
          />
          <Field t={t} name="to" type="date" label={t('me.awayTo')} values={awayValues} errors={awayErrors} />
          <Select
            t={t}
            name="substituteId"
            label={t('me.substitute')}
            options={props.colleagues
              .filter((s) => s.active && s.id !== me.id)
              .map((s) => ({ value: s.id, label: s.name }))}
            values={awayValues}
            errors={awayErrors}
          />
          <button type="submit">{t('me.saveAway')}</button>
        </form>
        {me.away ? (
          <form method="post" action="/console/me/away">
            <Csrf token={ctx.csrf} />
            <button type="submit" class="link">
              {t('me.clearAway')}
            </button>
          </form>
        ) : null}
      </section>
      <section class="card">
        <h2>{t('me.locale')}</h2>
        <form method="post" action="/console/me/locale">
          <Csrf token={ctx.csrf} />
          <Select
            t={t}
            name="locale"
            label={t('me.localeLabel')}
            options={[
              { value: 'zh-CN', label: '简体中文' },
              { value: 'en', label: 'English' },
            ]}
            values={props.form === 'locale' ? props.values : { locale: me.locale ?? 'zh-CN' }}
            errors={props.form === 'locale' ? props.errors : undefined}
          />
          <button type="submit">{t('me.saveLocale')}</button>
        </form>
      </section>
      <section class="card">
        <h2>{t('me.digest')}</h2>
        <p>{t('me.digestExplain')}</p>
        <form method="post" action="/console/me/digest">
          <Csrf token={ctx.csrf} />
          <FormErrors t={t} errors={digestErrors} />
          <div>
            <input
              id="f-daily"
              type="checkbox"
              name="daily"
              value="yes"
              checked={props.form === 'digest' ? props.values?.daily === 'yes' : !!me.digest?.daily}
            />{' '}
            <label for="f-daily">{t('me.digestDaily')}</label>
          </div>
          <Select
            t={t}
            name="at"
            label={t('me.digestAt')}
            options={DIGEST_TIMES.map((v) => ({ value: v, label: v }))}
            values={props.form === 'digest' ? props.values : { at: me.digest?.at ?? '09:00' }}
            errors={digestErrors}
          />
          <button type="submit">{t('me.saveDigest')}</button>
        </form>
      </section>
      {ctx.can('token.issue') ? (
        <section class="card">
          <h2>{t('tokens.title')}</h2>
          <p>
            <a href="/console/tokens">{t('tokens.manage')}</a>
          </p>
        </section>
      ) : null}
    </Layout>
  );
}
