import type { IssuedToken, ListedToken } from '#shared/auth/api-tokens.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import { type Integration, TOKEN_MAX_DAYS } from '#shared/domain/integration.ts';
import type { Department } from '#shared/domain/organisation.ts';
import { fieldMessage } from '#shared/i18n/i18n.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, errorFor, Field, FormErrors, Select, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { departmentName, Notice, shanghaiTime } from '../ui/parts.tsx';

/** Which form the errors and values belong to: one's own, adding an integration, or one integration's tokens. */
export type TokensForm = 'own' | 'integration' | `integration:${string}`;

/**
 * API tokens: one's own (issue, list with created, expiry and last use, revoke), and — for managers — the zone's
 * integration accounts with theirs. A token just issued is shown once, here, and never again.
 */
export function TokensPage(props: {
  ctx: ViewContext;
  tokens: ListedToken[];
  integrations?: { integration: Integration; tokens: ListedToken[] }[];
  departments?: Department[];
  issued?: IssuedToken;
  notice?: string;
  form?: TokensForm;
  errors?: FieldError[];
  values?: Values;
}) {
  const { ctx } = props;
  const { t } = ctx;
  const of = (form: TokensForm) =>
    props.form === form
      ? { errors: props.errors, values: props.values }
      : { errors: undefined, values: { days: '90' } };
  return (
    <Layout ctx={ctx} title={t('tokens.title')}>
      <h1>{t('tokens.title')}</h1>
      <Notice text={props.notice} />
      {props.issued ? <Issued ctx={ctx} issued={props.issued} /> : null}
      <section class="card">
        <h2>{t('tokens.mine')}</h2>
        <p>{t('tokens.explain')}</p>
        <TokenTable ctx={ctx} tokens={props.tokens} revoke={(id) => `/console/tokens/${id}/revoke`} />
        <IssueForm ctx={ctx} id="own" action="/console/tokens" title={t('tokens.issue')} {...of('own')} />
      </section>
      {props.integrations ? (
        <section class="card">
          <h2>{t('integrations.title')}</h2>
          <p>{t('integrations.explain')}</p>
          {props.integrations.length === 0 ? <p>{t('integrations.none')}</p> : null}
          {props.integrations.map(({ integration, tokens }) => {
            const department = props.departments?.find((d) => d.id === integration.departmentId);
            const base = `/console/integrations/${integration.id}/tokens`;
            return (
              <section data-integration={integration.id}>
                <h3>
                  {integration.name}
                  {department ? ` · ${departmentName(ctx, department)}` : ''}
                </h3>
                <TokenTable ctx={ctx} tokens={tokens} revoke={(id) => `${base}/${id}/revoke`} />
                <IssueForm
                  ctx={ctx}
                  id={`i-${integration.id}`}
                  action={base}
                  title={t('integrations.issue')}
                  {...of(`integration:${integration.id}`)}
                />
              </section>
            );
          })}
          <form method="post" action="/console/integrations" novalidate>
            <h3>{t('integrations.add')}</h3>
            <Csrf token={ctx.csrf} />
            <FormErrors t={t} errors={of('integration').errors} />
            <Field t={t} name="name" label={t('integrations.name')} required {...of('integration')} />
            <Select
              t={t}
              name="departmentId"
              label={t('integrations.department')}
              options={(props.departments ?? []).map((d) => ({ value: d.id, label: departmentName(ctx, d) }))}
              {...of('integration')}
            />
            <button type="submit">{t('integrations.submit')}</button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

function Issued(props: { ctx: ViewContext; issued: IssuedToken }) {
  const { t } = props.ctx;
  return (
    <section class="card" role="status">
      <h2>{t('tokens.issued.title')}</h2>
      <p>
        {props.issued.label}: <code data-token>{props.issued.token}</code>
      </p>
      <p>{t('tokens.issued.explain', { expires: shanghaiTime(props.issued.expiresAt) })}</p>
    </section>
  );
}

function TokenTable(props: { ctx: ViewContext; tokens: ListedToken[]; revoke: (id: string) => string }) {
  const { ctx } = props;
  const { t } = ctx;
  if (props.tokens.length === 0) return <p>{t('tokens.none')}</p>;
  return (
    <>
      <table class="responsive">
        <thead>
          <tr>
            <th scope="col">{t('tokens.col.label')}</th>
            <th scope="col">{t('tokens.col.created')}</th>
            <th scope="col">{t('tokens.col.expires')}</th>
            <th scope="col">{t('tokens.col.lastUsed')}</th>
            <th scope="col">{t('tokens.col.status')}</th>
            <th scope="col">{t('tokens.revoke')}</th>
          </tr>
        </thead>
        <tbody>
          {props.tokens.map((token) => (
            <tr data-token-id={token.id}>
              <th scope="row">{token.label}</th>
              <td>
                <time datetime={token.createdAt}>{shanghaiTime(token.createdAt)}</time>
              </td>
              <td>
                <time datetime={token.expiresAt}>{shanghaiTime(token.expiresAt)}</time>
              </td>
              <td>
                {token.lastUsedAt ? (
                  <time datetime={token.lastUsedAt}>{shanghaiTime(token.lastUsedAt)}</time>
                ) : (
                  t('tokens.never')
                )}
              </td>
              <td>{t(`tokens.status.${token.status}`)}</td>
              <td>
                {token.status === 'active' ? (
                  <form method="post" action={props.revoke(token.id)}>
                    <Csrf token={ctx.csrf} />
                    <button type="submit" class="link" aria-label={`${t('tokens.revoke')} ${token.label}`}>
                      {t('tokens.revoke')}
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">{t('tokens.lastUseNote')}</p>
    </>
  );
}

function IssueForm(props: {
  ctx: ViewContext;
  /** Tells this form's inputs apart from the other forms' on the page (ids must be unique). */
  id: string;
  action: string;
  title: string;
  errors?: FieldError[];
  values?: Values;
}) {
  const { ctx } = props;
  const { t } = ctx;
  const input = (name: 'label' | 'days', label: string, numeric = false) => {
    const id = `${props.id}-${name}`;
    const error = errorFor(props.errors, name);
    const common = {
      id,
      name,
      required: true,
      value: props.values?.[name] ?? '',
      'aria-invalid': error ? ('true' as const) : undefined,
      'aria-describedby': error ? `${id}-error` : undefined,
    };
    return (
      <div>
        <label for={id}>{label}</label>
        {numeric ? (
          <input {...common} type="number" inputmode="numeric" min={1} max={TOKEN_MAX_DAYS} />
        ) : (
          <input {...common} type="text" />
        )}
        {error ? (
          <p class="field-error" id={`${id}-error`}>
            {fieldMessage(t, error)}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <form method="post" action={props.action} novalidate>
      <h3>{props.title}</h3>
      <Csrf token={ctx.csrf} />
      <FormErrors t={t} errors={props.errors} />
      {input('label', t('tokens.label'))}
      {input('days', t('tokens.days'), true)}
      <button type="submit">{t('tokens.submit')}</button>
    </form>
  );
}
