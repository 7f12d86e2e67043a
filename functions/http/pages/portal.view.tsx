import type { AuditEvent } from '#shared/domain/audit.ts';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import { NEED_CATEGORIES, NEED_NATURES, type Need } from '#shared/domain/work-item.ts';
import { fieldMessage } from '#shared/i18n/i18n.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, errorFor, Field, FormErrors, Select, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { NeedSummary } from '../ui/need-summary.tsx';
import { Notice, Timeline } from '../ui/parts.tsx';
import { PhoneLink } from './task.view.tsx';

/** The enterprise's own page, from its personal link: its needs with progress, and the form to raise one. */
export function PortalPage(props: {
  ctx: ViewContext;
  enterprise: Enterprise;
  /** The enterprise's service officer, whom it may call. */
  officer?: { name: string; phone?: string };
  token: string;
  needs: Need[];
  history: Map<string, AuditEvent[]>;
  /** The zone's people by id: who owns each need, who did what. */
  names: Map<string, string>;
  /** For each need answered and waiting for its rating: the page to rate it (the mailed link's). */
  rateLinks: Map<string, string>;
  departments: Map<string, string>;
  values?: Values;
  errors?: FieldError[];
  notice?: string;
}) {
  const { ctx, enterprise } = props;
  const { t } = ctx;
  const common = {
    t,
    values: props.values ?? {
      urgency: 'normal',
      nature: 'help',
      contactName: enterprise.contacts[0]?.name,
      contactPhone: enterprise.contacts[0]?.phone,
    },
    errors: props.errors,
  };
  return (
    <Layout ctx={ctx} title={t('portal.title')}>
      <Notice text={props.notice} />
      <h1>{enterprise.name}</h1>
      <p class="muted">{t('portal.intro')}</p>
      {props.officer ? (
        <dl class="card" data-officer>
          <dt>{t('portal.officer')}</dt>
          <dd>
            {props.officer.name}
            {props.officer.phone ? (
              <>
                {' '}
                <PhoneLink phone={props.officer.phone} />
              </>
            ) : null}
          </dd>
        </dl>
      ) : null}
      <p data-portal-funds>
        <a href={`/portal/funds?${new URLSearchParams({ t: props.token })}`}>{t('funds.portal.link')}</a>
      </p>
      <h2>{t('portal.needs')}</h2>
      {props.needs.length === 0 ? <p>{t('portal.none')}</p> : null}
      {props.needs.map((need) => (
        <article class="card" data-need={need.id}>
          <h3>{need.title}</h3>
          <NeedSummary
            t={t}
            need={need}
            ownerDepartment={props.departments.get(need.ownerDepartmentId ?? '')}
            ownerName={need.ownerId ? props.names.get(need.ownerId) : undefined}
            token={props.token}
          />
          {props.rateLinks.get(need.id) ? (
            <p>
              <a class="button" href={props.rateLinks.get(need.id)} data-rate-link>
                {t('portal.rate')}
              </a>
            </p>
          ) : null}
          <details>
            <summary>{t('need.history')}</summary>
            <Timeline
              t={t}
              events={props.history.get(need.id) ?? []}
              names={props.names}
              topics={{ needs: [need] }}
            />
          </details>
        </article>
      ))}
      <h2>{t('portal.new')}</h2>
      <FormErrors t={t} errors={props.errors} />
      <form method="post" action="/portal" class="card" enctype="multipart/form-data" novalidate>
        <Csrf token={ctx.csrf} />
        <input type="hidden" name="t" value={props.token} />
        <Select
          {...common}
          name="category"
          label={t('need.category')}
          options={NEED_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        />
        <Select
          {...common}
          name="nature"
          label={t('need.nature')}
          options={NEED_NATURES.map((n) => ({ value: n, label: t(`need.nature.${n}`) }))}
        />
        <Field {...common} name="title" label={t('need.title')} required />
        <Field {...common} name="description" multiline label={t('need.description')} required />
        <Select
          {...common}
          name="urgency"
          label={t('need.urgency')}
          options={[
            { value: 'normal', label: t('need.urgency.normal') },
            { value: 'urgent', label: t('need.urgency.urgent') },
          ]}
        />
        <Field {...common} name="contactName" label={t('need.contactName')} required />
        <Field
          {...common}
          name="contactPhone"
          type="tel"
          inputmode="tel"
          label={t('need.contactPhone')}
          required
        />
        <label for="f-attachments">{t('need.attachments.upload')}</label>
        <input
          id="f-attachments"
          name="attachments"
          type="file"
          multiple
          accept="application/pdf,image/png,image/jpeg"
          aria-invalid={errorFor(props.errors, 'attachments') ? 'true' : undefined}
          aria-describedby={errorFor(props.errors, 'attachments') ? 'f-attachments-error' : undefined}
        />
        {errorFor(props.errors, 'attachments') ? (
          <p class="field-error" id="f-attachments-error">
            {fieldMessage(t, errorFor(props.errors, 'attachments') as string)}
          </p>
        ) : null}
        <p>
          <button type="submit">{t('portal.submit')}</button>
        </p>
      </form>
    </Layout>
  );
}
