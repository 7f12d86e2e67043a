import type { AuditEvent } from '#shared/domain/audit.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import type { Department } from '#shared/domain/organisation.ts';
import type { Need } from '#shared/domain/work-item.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, Field, FormErrors, Select, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { NeedSummary } from '../ui/need-summary.tsx';
import { Notice, Timeline } from '../ui/parts.tsx';

/** A staff member's page for one need, from their emailed link: the need, and what they may do with it now. */
export function NeedPage(props: {
  ctx: ViewContext;
  need: Need;
  token: string;
  /** What the link holder may do: the owner's steps, and the managers' way out (`shared/auth/permissions.ts`). */
  may: { own: boolean; reroute: boolean; decide: boolean };
  departments: Department[];
  history: AuditEvent[];
  values?: Values;
  errors?: FieldError[];
  notice?: string;
}) {
  const { ctx, need } = props;
  const { t } = ctx;
  const common = { t, values: props.values, errors: props.errors };
  const names = new Map(props.departments.map((d) => [d.id, d.name]));
  const form = (action: string, title: string, fields: preact.ComponentChildren) => (
    <form method="post" action="/need" class="card" novalidate>
      <h3>{title}</h3>
      <Csrf token={ctx.csrf} />
      <input type="hidden" name="t" value={props.token} />
      <input type="hidden" name="action" value={action} />
      {fields}
      <p>
        <button type="submit">{t('need.submitAction')}</button>
      </p>
    </form>
  );
  const open = ['routed', 'submitted', 'committed', 'signedFor'].includes(need.status);
  return (
    <Layout ctx={ctx} title={t('need.page.title')}>
      <Notice text={props.notice} />
      <h1>
        {need.enterpriseName}：{need.title}
      </h1>
      <div class="card">
        <NeedSummary
          t={t}
          need={need}
          ownerDepartment={names.get(need.ownerDepartmentId ?? '')}
          token={props.token}
        />
        <p>{need.description}</p>
        <p class="muted">
          {need.contactName} · {need.contactPhone} · {t('need.resolveBy')} {need.resolveBy}
        </p>
      </div>
      <FormErrors t={t} errors={props.errors} />
      {props.may.own && (need.status === 'routed' || need.status === 'submitted')
        ? form(
            'signFor',
            t('need.signFor'),
            <>
              <p class="muted">{t('need.signFor.hint', { resolveBy: need.resolveBy ?? '' })}</p>
              <Field {...common} name="committedDate" type="date" label={t('need.committedDate')} />
            </>,
          )
        : null}
      {props.may.own && (need.status === 'committed' || need.status === 'signedFor')
        ? form(
            'resolve',
            t('need.resolve'),
            <Field {...common} name="answer" multiline label={t('need.answer')} />,
          )
        : null}
      {props.may.own && open
        ? form(
            'return',
            t('need.return'),
            <Field {...common} name="reason" multiline label={t('need.returnReason')} />,
          )
        : null}
      {(props.may.reroute || props.may.decide) &&
      (need.status === 'returned' || need.status === 'escalated') ? (
        <>
          {props.may.reroute
            ? form(
                'reroute',
                t('need.reroute'),
                <Select
                  {...common}
                  name="departmentId"
                  label={t('need.reroute')}
                  options={props.departments.map((d) => ({ value: d.id, label: d.name }))}
                />,
              )
            : null}
          {props.may.decide
            ? form(
                'decide',
                t('need.decide'),
                <Field {...common} name="decision" multiline label={t('need.decision')} />,
              )
            : null}
        </>
      ) : null}
      <h2>{t('need.history')}</h2>
      <Timeline t={t} events={props.history} />
    </Layout>
  );
}

/** The enterprise's rating page, from the emailed link. */
export function RatePage(props: {
  ctx: ViewContext;
  need: Need;
  token: string;
  errors?: FieldError[];
  notice?: string;
}) {
  const { ctx, need } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('rate.title')}>
      <Notice text={props.notice} />
      <h1>{t('rate.title')}</h1>
      <div class="card">
        <NeedSummary t={t} need={need} />
      </div>
      {need.status === 'resolved' ? (
        <form method="post" action="/rate" class="card" novalidate>
          <FormErrors t={t} errors={props.errors} />
          <Csrf token={ctx.csrf} />
          <input type="hidden" name="t" value={props.token} />
          <fieldset>
            <legend>{t('rate.title')}</legend>
            {(['satisfied', 'basicallySatisfied', 'unsatisfied'] as const).map((r) => (
              <label class="choice">
                <input type="radio" name="rating" value={r} /> {t(`rate.${r}`)}
              </label>
            ))}
          </fieldset>
          <Field t={t} name="comment" label={t('rate.comment')} />
          <p>
            <button type="submit">{t('rate.submit')}</button>
          </p>
        </form>
      ) : null}
    </Layout>
  );
}
