import type { FieldError } from '#shared/domain/input-error.ts';
import { type Department, ROLES, type Staff } from '#shared/domain/organisation.ts';
import { fieldMessage, type Translate } from '#shared/i18n/i18n.ts';
import type { Channel } from '#shared/notify/channel.ts';
import { isAway } from '#shared/organisation/substitute.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, Field, FormErrors, Select, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { departmentName, Notice, personOptions } from '../ui/parts.tsx';

/** The people a head or manager looks after: who is away and covered by whom, and handing one's work to another. */
export function StaffPage(props: {
  ctx: ViewContext;
  staff: Staff[];
  departments: Department[];
  today: string;
  /** Addresses SES reported undeliverable (bounced or complained). */
  undeliverable?: Set<string>;
  /** People (by email) whose chosen channel failed, and which: their messages went by email instead. */
  channelFailures?: Map<string, Exclude<Channel, 'email'>>;
  /** The channels offered here (configured); email always. */
  channels?: Channel[];
  /** The person whose notification channel is being edited. */
  editing?: string;
  notice?: string;
  /** Which form the errors and values belong to. */
  form?: 'handOver' | 'department' | 'person' | `contact:${string}`;
  errors?: FieldError[];
  values?: Values;
}) {
  const { ctx } = props;
  const { t } = ctx;
  const of = (form: NonNullable<typeof props.form>) =>
    (props.form ?? 'handOver') === form ? { errors: props.errors, values: props.values } : {};
  const channelOptions = (props.channels ?? ['email']).map((c) => ({ value: c, label: t(`channel.${c}`) }));
  const editingId = props.form?.startsWith('contact:') ? props.form.slice('contact:'.length) : props.editing;
  const editing = editingId ? props.staff.find((s) => s.id === editingId) : undefined;
  const departmentOptions = props.departments.map((d) => ({ value: d.id, label: departmentName(ctx, d) }));
  const names = new Map(props.staff.map((s) => [s.id, s.name]));
  const departments = new Map(props.departments.map((d) => [d.id, departmentName(ctx, d)]));
  const options = personOptions(props.staff, (id) => departments.get(id) ?? '');
  return (
    <Layout ctx={ctx} title={t('staff.title')}>
      <h1>{t('staff.title')}</h1>
      <Notice text={props.notice} />
      <section class="card">
        <h2>{t('handOver.title')}</h2>
        <p>{t('handOver.explain')}</p>
        <form method="post" action="/console/staff/hand-over">
          <Csrf token={ctx.csrf} />
          <FormErrors t={t} errors={of('handOver').errors} />
          <Select t={t} name="fromId" label={t('handOver.from')} options={options} {...of('handOver')} />
          <Select
            t={t}
            name="toId"
            label={t('handOver.to')}
            options={options.filter((o) => props.staff.find((s) => s.id === o.value)?.active)}
            {...of('handOver')}
          />
          <button type="submit">{t('handOver.submit')}</button>
        </form>
      </section>
      {ctx.can('organisation.add') ? (
        <section class="card">
          <h2>{t('people.add')}</h2>
          <form method="post" action="/console/staff/people">
            <Csrf token={ctx.csrf} />
            <FormErrors t={t} errors={of('person').errors} />
            <Field t={t} name="name" label={t('staff.name')} required {...of('person')} />
            <Field t={t} name="email" type="email" label={t('people.email')} required {...of('person')} />
            <Select
              t={t}
              name="role"
              label={t('staff.role')}
              options={ROLES.map((r) => ({
                value: r,
                label: t(`role.${r}`),
              }))}
              {...of('person')}
            />
            <Select
              t={t}
              name="departmentId"
              label={t('scoreboard.department')}
              options={departmentOptions}
              {...of('person')}
            />
            <Field t={t} name="phone" type="tel" label={t('staff.phone')} {...of('person')} />
            <Select
              t={t}
              name="channel"
              label={t('channel.label')}
              options={channelOptions}
              {...of('person')}
            />
            <Field t={t} name="wecomUserId" label={t('staff.wecomUserId')} {...of('person')} />
            <Field t={t} name="dingtalkUserId" label={t('staff.dingtalkUserId')} {...of('person')} />
            <button type="submit">{t('people.addPerson')}</button>
          </form>
          <form method="post" action="/console/staff/departments">
            <Csrf token={ctx.csrf} />
            <FormErrors t={t} errors={of('department').errors} />
            <Field t={t} name="name" label={t('people.departmentName')} required {...of('department')} />
            <button type="submit">{t('people.addDepartment')}</button>
          </form>
        </section>
      ) : null}
      {editing && ctx.can('organisation.add') ? (
        <section class="card" id="contact">
          <h2>
            {t('staff.channel.title')} · {editing.name}
          </h2>
          <p class="muted">{t('staff.channel.explain')}</p>
          <form method="post" action={`/console/staff/people/${editing.id}/contact`}>
            <Csrf token={ctx.csrf} />
            <FormErrors t={t} errors={props.form ? props.errors : undefined} />
            <ContactFields
              t={t}
              options={channelOptions}
              errors={props.form ? props.errors : undefined}
              values={props.form ? props.values : contactValues(editing)}
            />
            <button type="submit">{t('staff.channel.submit')}</button>
          </form>
        </section>
      ) : null}
      <table class="responsive">
        <thead>
          <tr>
            <th scope="col">{t('staff.name')}</th>
            <th scope="col">{t('scoreboard.department')}</th>
            <th scope="col">{t('staff.role')}</th>
            <th scope="col">{t('channel.label')}</th>
            <th scope="col">{t('staff.away')}</th>
            <th scope="col">{t('staff.items')}</th>
          </tr>
        </thead>
        <tbody>
          {props.staff.map((s) => (
            <tr data-staff={s.id}>
              <th scope="row">
                {s.name}
                {props.undeliverable?.has(s.email.toLowerCase()) ? (
                  <span class="notice error" data-undeliverable={s.email}>
                    {' '}
                    {t('staff.undeliverable')}
                  </span>
                ) : null}
              </th>
              <td>{departments.get(s.departmentId) ?? '—'}</td>
              <td>{t(`role.${s.role}`)}</td>
              <td data-channel={s.channel ?? 'email'}>
                {t(`channel.${s.channel ?? 'email'}`)}
                {props.channelFailures?.has(s.email.toLowerCase()) ? (
                  <span
                    class="notice error"
                    data-channel-failed={props.channelFailures.get(s.email.toLowerCase())}
                  >
                    {' '}
                    {t('staff.channelFailed', {
                      channel: t(`channel.${props.channelFailures.get(s.email.toLowerCase()) ?? 'email'}`),
                    })}
                  </span>
                ) : null}
                {ctx.can('organisation.add') ? (
                  <>
                    {' '}
                    <a href={`/console/staff?edit=${s.id}#contact`}>{t('staff.channel.submit')}</a>
                  </>
                ) : null}
              </td>
              <td>
                {s.away
                  ? t(isAway(s, props.today) ? 'staff.awayNow' : 'staff.awayPlanned', {
                      from: s.away.from,
                      to: s.away.to,
                      substitute: names.get(s.away.substituteId) ?? '—',
                    })
                  : '—'}
              </td>
              <td>
                <a href={`/console?officer=${s.id}`}>{t('staff.board')}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

const contactValues = (s: Staff): Values => ({
  phone: s.phone,
  channel: s.channel ?? 'email',
  wecomUserId: s.wecomUserId,
  dingtalkUserId: s.dingtalkUserId,
});

/** The contact fields of the edit form, with ids of their own (the add-person form on the page has the same names). */
function ContactFields(props: {
  t: Translate;
  options: { value: string; label: string }[];
  errors?: FieldError[];
  values?: Values;
}) {
  const { t } = props;
  const field = (name: string, label: string, type: 'text' | 'tel' = 'text') => {
    const id = `f-contact-${name}`;
    const error = props.errors?.find((e) => e.path === name);
    return (
      <div>
        <label for={id}>{label}</label>
        <input
          id={id}
          name={name}
          type={type as 'text'}
          value={props.values?.[name] ?? ''}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {error ? (
          <p class="field-error" id={`${id}-error`}>
            {fieldMessage(t, error.message)}
          </p>
        ) : null}
      </div>
    );
  };
  const channelError = props.errors?.find((e) => e.path === 'channel');
  return (
    <>
      {field('phone', t('staff.phone'), 'tel')}
      <div>
        <label for="f-contact-channel">{t('channel.label')}</label>
        <select id="f-contact-channel" name="channel" aria-invalid={channelError ? 'true' : undefined}>
          {props.options.map((o) => (
            <option value={o.value} selected={o.value === (props.values?.channel ?? 'email')}>
              {o.label}
            </option>
          ))}
        </select>
        {channelError ? <p class="field-error">{fieldMessage(t, channelError.message)}</p> : null}
      </div>
      {field('wecomUserId', t('staff.wecomUserId'))}
      {field('dingtalkUserId', t('staff.dingtalkUserId'))}
    </>
  );
}
