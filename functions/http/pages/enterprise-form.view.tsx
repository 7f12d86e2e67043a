import type { FieldError } from '#shared/domain/input-error.ts';
import { PROJECT_TYPES } from '#shared/domain/lifecycle.ts';
import type { Department, Staff } from '#shared/domain/organisation.ts';
import { MILESTONES } from '#shared/domain/stage.ts';
import { CONTACT_CHANNELS } from '#shared/notify/channel.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, Field, FormErrors, Select, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { personOptions } from '../ui/parts.tsx';
import { ProfileFields } from './enterprise-profile.view.tsx';

export function EnterpriseFormPage(props: {
  ctx: ViewContext;
  departments: Department[];
  staff: Staff[];
  values?: Values;
  errors?: FieldError[];
}) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  const common = { t, values, errors };
  const departmentOptions = props.departments.map((d) => ({ value: d.id, label: d.name }));
  const staffOptions = personOptions(
    props.staff.filter((s) => s.active),
    (id) => props.departments.find((d) => d.id === id)?.name ?? '',
  );
  return (
    <Layout ctx={ctx} title={t('enterprise.new.title')}>
      <h1>{t('enterprise.new.title')}</h1>
      <FormErrors t={t} errors={errors} />
      <form method="post" action="/console/enterprises" class="card" novalidate>
        <Csrf token={ctx.csrf} />
        <Field {...common} name="name" label={t('enterprise.name')} required />
        <Field {...common} name="investor" label={t('enterprise.investor')} required />
        <Field {...common} name="industryChain" label={t('enterprise.industryChain')} required />
        <Field
          {...common}
          name="contractedInvestment"
          label={t('enterprise.contractedInvestment')}
          inputmode="numeric"
          required
        />
        <Field {...common} name="signedAt" type="date" label={t('enterprise.signedAt')} required />
        {/* Which approvals the project needs after its site is secured (industrial unless chosen). */}
        <Select
          {...common}
          name="projectType"
          label={t('enterprise.projectType')}
          options={PROJECT_TYPES.map((p) => ({ value: p, label: t(`projectType.${p}`) }))}
        />
        <fieldset>
          <legend>{t('enterprise.lead')}</legend>
          <Select
            {...common}
            name="lead.departmentId"
            label={t('enterprise.lead.departmentId')}
            options={departmentOptions}
          />
          <Select
            {...common}
            name="lead.staffId"
            label={t('enterprise.lead.staffId')}
            options={staffOptions}
          />
        </fieldset>
        <Select
          {...common}
          name="serviceOfficerId"
          label={t('enterprise.serviceOfficerId')}
          options={staffOptions}
        />
        <fieldset>
          <legend>{t('enterprise.contact')}</legend>
          <Field {...common} name="contacts.0.name" label={t('enterprise.contact.name')} required />
          <Field
            {...common}
            name="contacts.0.phone"
            type="tel"
            inputmode="tel"
            label={t('enterprise.contact.phone')}
            required
          />
          <Field
            {...common}
            name="contacts.0.email"
            type="email"
            inputmode="email"
            label={t('enterprise.contact.email')}
            required
          />
          <Select
            {...common}
            name="contacts.0.locale"
            label={t('enterprise.contact.locale')}
            options={[
              { value: 'zh-CN', label: '简体中文' },
              { value: 'en', label: 'English' },
            ]}
          />
          <Select
            {...common}
            name="contacts.0.channel"
            label={t('enterprise.contact.channel')}
            options={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
          />
        </fieldset>
        <fieldset>
          <legend>{t('profile.registration')}</legend>
          <ProfileFields ctx={ctx} errors={props.errors} values={props.values} />
        </fieldset>
        <fieldset>
          <legend>{t('enterprise.planned')}</legend>
          {MILESTONES.map((m) => (
            <Field {...common} name={`planned.${m}`} type="date" label={t(`milestone.${m}`)} />
          ))}
        </fieldset>
        <p>
          <button type="submit">{t('enterprise.submit')}</button>
        </p>
      </form>
    </Layout>
  );
}
