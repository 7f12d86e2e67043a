import type { OfficeHours } from '#shared/calendar/office-hours.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import { APPROVALS } from '#shared/domain/lifecycle.ts';
import type { Department, Staff } from '#shared/domain/organisation.ts';
import { NEED_CATEGORIES } from '#shared/domain/work-item.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, FormErrors, Select, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { departmentName, Notice } from '../ui/parts.tsx';
import { OfficeHoursSection } from './calendar-office-hours.view.tsx';

/** What the settings hub shows: both routing tables as stored, the coordinator, and who may be chosen. */
export interface SettingsData {
  needRouting: Partial<Record<string, string>>;
  approvalRouting: Partial<Record<string, string>>;
  /** The coordinator as stored (undefined: none named yet). */
  coordinatorId?: string;
  /**
   * Who acts as coordinator (`coordinatorOf`): the stored one, else the first active manager; the form proposes them.
   * Undefined only in a zone with no active manager.
   */
  actingCoordinatorId?: string;
  departments: Department[];
  managers: Staff[];
  /** The office hours, standard and by season. */
  officeHours: OfficeHours;
}

/**
 * The console's settings hub (`/console/settings`): the needs routing table with the coordinator, the approvals
 * routing table, and a link to the needs clocks. Managers edit (CSRF-protected forms); heads read.
 */
export function SettingsPage(props: {
  ctx: ViewContext;
  data: SettingsData;
  notice?: string;
  /** Which form the errors and values belong to. */
  form?: 'needs' | 'approvals' | 'officeHours';
  errors?: FieldError[];
  values?: Values;
}) {
  const { ctx, data } = props;
  const { t } = ctx;
  const editable = ctx.can('need.routing.set');
  const departmentOptions = data.departments.map((d) => ({ value: d.id, label: departmentName(ctx, d) }));
  const nameOf = (id: string | undefined) => {
    const d = data.departments.find((x) => x.id === id);
    return d ? departmentName(ctx, d) : undefined;
  };
  const errorsOf = (form: 'needs' | 'approvals') => (props.form === form ? props.errors : undefined);
  const current = (form: 'needs' | 'approvals', name: string, stored: string | undefined) =>
    (props.form === form ? props.values?.[name] : stored) ?? '';

  const table = (
    form: 'needs' | 'approvals',
    keys: readonly string[],
    label: (key: string) => string,
    stored: Partial<Record<string, string>>,
    none: string,
    heading: string,
  ) => (
    <table class="responsive" data-table={form}>
      <thead>
        <tr>
          <th scope="col">{heading}</th>
          <th scope="col">{t('settings.department')}</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr>
            <th scope="row">{label(key)}</th>
            <td>
              {editable ? (
                <Select
                  t={t}
                  name={key}
                  label={label(key)}
                  none={none}
                  options={departmentOptions}
                  values={{ [key]: current(form, key, stored[key]) }}
                  errors={errorsOf(form)}
                />
              ) : (
                (nameOf(stored[key]) ?? none)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  const coordinator = data.managers.find((m) => m.id === data.actingCoordinatorId);
  // Named (and still an active manager), or acting by default — the page says which, and who.
  const named = data.managers.some((m) => m.id === data.coordinatorId);
  const coordinatorNotice = named
    ? undefined
    : coordinator
      ? t('settings.coordinator.default', { name: coordinator.name })
      : t('settings.coordinator.noManager');
  const needsTable = table(
    'needs',
    NEED_CATEGORIES,
    (c) => t(`category.${c}` as 'category.other'),
    data.needRouting,
    t('settings.toCoordinator'),
    t('settings.category'),
  );
  const approvalsTable = table(
    'approvals',
    APPROVALS,
    (a) => t(`approval.${a}` as 'approval.projectFiling'),
    data.approvalRouting,
    t('settings.toOfficer'),
    t('settings.approval'),
  );
  return (
    <Layout ctx={ctx} title={t('settings.title')}>
      <h1>{t('settings.title')}</h1>
      <Notice text={props.notice} />
      <p class="muted">{t('settings.intro')}</p>
      {editable ? null : <p class="notice">{t('settings.readOnly')}</p>}
      <section class="card">
        <h2>{t('settings.needClocks')}</h2>
        <p>
          <a href="/console/settings/need-clocks">{t('settings.needClocks')}</a> ·{' '}
          {t('settings.needClocks.hint')}
        </p>
      </section>
      <section class="card" id="need-routing">
        <h2>{t('settings.needRouting')}</h2>
        <p class="muted">{t('settings.needRouting.hint')}</p>
        {coordinatorNotice ? <p class="notice">{coordinatorNotice}</p> : null}
        {editable ? (
          <form method="post" action="/console/settings/need-routing" novalidate>
            <Csrf token={ctx.csrf} />
            <FormErrors t={t} errors={errorsOf('needs')} />
            {needsTable}
            <Select
              t={t}
              name="coordinatorId"
              label={t('settings.coordinator')}
              options={data.managers.map((m) => ({ value: m.id, label: m.name }))}
              values={{ coordinatorId: current('needs', 'coordinatorId', data.actingCoordinatorId) }}
              errors={errorsOf('needs')}
            />
            <p class="muted">{t('settings.coordinator.hint')}</p>
            <p>
              <button type="submit">{t('settings.save')}</button>
            </p>
          </form>
        ) : (
          <>
            {needsTable}
            <p>
              {t('settings.coordinator')}：{coordinator?.name ?? '—'}
            </p>
            <p class="muted">{t('settings.coordinator.hint')}</p>
          </>
        )}
      </section>
      <section class="card" id="approval-routing">
        <h2>{t('settings.approvalRouting')}</h2>
        <p class="muted">{t('settings.approvalRouting.hint')}</p>
        {editable ? (
          <form method="post" action="/console/settings/approval-routing" novalidate>
            <Csrf token={ctx.csrf} />
            <FormErrors t={t} errors={errorsOf('approvals')} />
            {approvalsTable}
            <p>
              <button type="submit">{t('settings.save')}</button>
            </p>
          </form>
        ) : (
          approvalsTable
        )}
      </section>
      <OfficeHoursSection
        ctx={ctx}
        hours={data.officeHours}
        editable={ctx.can('calendar.set')}
        errors={props.form === 'officeHours' ? props.errors : undefined}
        values={props.form === 'officeHours' ? props.values : undefined}
      />
    </Layout>
  );
}
