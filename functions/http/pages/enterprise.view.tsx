import type { Enterprise } from '#shared/domain/enterprise.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import type { Staff } from '#shared/domain/organisation.ts';
import { MILESTONES } from '#shared/domain/stage.ts';
import { NEED_CATEGORIES, NEED_NATURES, type Task } from '#shared/domain/work-item.ts';
import { fieldMessage } from '#shared/i18n/i18n.ts';
import { taskItemLabel } from '#shared/lifecycle/mail.tsx';
import { approvalsNeeded } from '#shared/lifecycle/phase.ts';
import type { EnterpriseFile } from '#shared/store/enterprises.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, Field, FormErrors, Select, type Values } from '../ui/form.tsx';
import { FundsOverTime } from '../ui/funds-chart.tsx';
import { Layout } from '../ui/layout.tsx';
import { Notice, Timeline } from '../ui/parts.tsx';
import { ProfileSection } from './enterprise-profile.view.tsx';
import { FundsReportsSection } from './funds-section.view.tsx';
import { EnterpriseContacts, shanghaiDate } from './task.view.tsx';

export function EnterprisePage(props: {
  ctx: ViewContext;
  file: EnterpriseFile;
  names: Map<string, string>;
  /** Department names by id (the origin's negotiating department). */
  departments?: Map<string, string>;
  /** The local date, for the funds chart's time axis. */
  today: string;
  notice?: string;
  /** Set when the viewer may manage the enterprise: the officers to choose from. */
  manage?: { staff: Staff[] };
  /** A form on this page that was refused: its field errors and what was typed. */
  form?: { errors?: FieldError[]; values?: Values };
  /** The viewer's own link to each need's page they may open. */
  needLinks?: Map<string, string>;
  /** Whether the viewer keeps the project's 台账 details (its officer, who brought it in, the heads over it). */
  profileEditable?: boolean;
}) {
  const { ctx, file } = props;
  const { t } = ctx;
  const e = file.enterprise;
  const open = file.tasks.filter((task) => task.status === 'open');
  return (
    <Layout ctx={ctx} title={e.name}>
      <Notice text={props.notice} />
      <h1>{e.name}</h1>
      {e.lifecycle?.status === 'failed' ? (
        <div class="notice error" role="alert">
          <p>{t('lifecycle.failed.notice')}</p>
          {props.manage ? (
            <form method="post" action={`/console/enterprises/${e.id}/restart`}>
              <Csrf token={ctx.csrf} />
              <button type="submit">{t('lifecycle.restart')}</button>
            </form>
          ) : null}
        </div>
      ) : null}
      <div class="grid">
        <dl class="card">
          <dt>{t('enterprise.stage')}</dt>
          <dd>{t(`stage.${e.stage}`)}</dd>
          <dt>{t('enterprise.status')}</dt>
          <dd>{t(`enterprise.status.${e.status}`)}</dd>
          <dt>{t('enterprise.investor')}</dt>
          <dd>{e.investor}</dd>
          <dt>{t('enterprise.industryChain')}</dt>
          <dd>{e.industryChain}</dd>
          <dt>{t('enterprise.projectType')}</dt>
          <dd>{t(`projectType.${e.projectType}`)}</dd>
          <EnterpriseContacts t={t} contacts={e.contacts} />
        </dl>
        <dl class="card">
          <dt>{t('enterprise.contractedInvestment')}</dt>
          <dd>{e.contractedInvestment.toLocaleString(ctx.locale)}</dd>
          <dt>{t('enterprise.fundsInPlace')}</dt>
          <dd>{e.fundsInPlace.toLocaleString(ctx.locale)}</dd>
          <dt>{t('enterprise.serviceOfficerId')}</dt>
          <dd>{props.names.get(e.serviceOfficerId) ?? '—'}</dd>
          <dt>{t('enterprise.lead')}</dt>
          <dd>{props.names.get(e.lead.staffId) ?? '—'}</dd>
        </dl>
      </div>
      {e.exit ? (
        <dl class="card" data-exit>
          <dt>{t('enterprise.exit')}</dt>
          <dd>{t(`exit.kind.${e.exit.kind}`)}</dd>
          <dt>{t('enterprise.exit.reason')}</dt>
          <dd>{e.exit.reason}</dd>
          <dt>{t('enterprise.exit.date')}</dt>
          <dd>{e.exit.date}</dd>
        </dl>
      ) : null}
      {e.origin ? (
        <OriginCard ctx={ctx} origin={e.origin} names={props.names} departments={props.departments} />
      ) : null}
      <ProfileSection
        ctx={ctx}
        enterprise={e}
        editable={props.profileEditable ?? false}
        errors={props.form?.errors}
        values={props.form?.values}
      />
      <h2>{t('enterprise.milestones')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('enterprise.milestones')}</th>
            <th>{t('enterprise.planned')}</th>
            <th>{t('enterprise.actual')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{t('enterprise.signedAt')}</td>
            <td>{e.signedAt ?? '—'}</td>
            <td>{e.signedAt ?? '—'}</td>
          </tr>
          {MILESTONES.map((m) => (
            <tr>
              <td>{t(`milestone.${m}`)}</td>
              <td>{e.milestones[m].planned ?? '—'}</td>
              <td>{e.milestones[m].actual ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Approvals ctx={ctx} enterprise={e} tasks={file.tasks} names={props.names} />
      <h2>{t('funds.title')}</h2>
      <FundsOverTime
        ctx={ctx}
        records={file.funds}
        contracted={e.contractedInvestment}
        signedAt={e.signedAt ?? e.stageSince}
        today={props.today}
      />
      <FundsReportsSection ctx={ctx} enterprise={e} reports={file.fundsReports} names={props.names} />
      <h2>{t('enterprise.openItems')}</h2>
      {open.length === 0 ? <p>{t('console.empty')}</p> : null}
      <ul>
        {open.map((task) => (
          <li>
            {taskItemLabel(t, task)} — {t('board.due')}{' '}
            <time datetime={task.dueAt}>{task.dueAt.slice(0, 10)}</time> ·{' '}
            {props.names.get(task.officerId) ?? '—'}
          </li>
        ))}
      </ul>
      {props.manage && e.status !== 'closed' && e.status !== 'exited' ? (
        <ManagePanel ctx={ctx} enterprise={e} {...props.manage} {...props.form} />
      ) : null}
      <StopPanel ctx={ctx} enterprise={e} {...props.form} />
      <h2>{t('enterprise.needs')}</h2>
      {file.needs.length === 0 ? <p>{t('portal.none')}</p> : null}
      <ul>
        {file.needs.map((n) => (
          <li data-need={n.id}>
            {props.needLinks?.has(n.id) ? <a href={props.needLinks.get(n.id)}>{n.ref}</a> : n.ref} · {n.title}{' '}
            · {t(`need.status.${n.status}`)}
            {n.committedDate ? ` · ${t('need.committedDate')} ${n.committedDate}` : ''}
          </li>
        ))}
      </ul>
      <form method="post" action={`/console/enterprises/${e.id}/need`} class="card" novalidate>
        <h3>{t('enterprise.needOnBehalf')}</h3>
        <Csrf token={ctx.csrf} />
        <Select
          t={t}
          name="category"
          label={t('need.category')}
          options={NEED_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
          values={props.form?.values}
          errors={props.form?.errors}
        />
        <Select
          t={t}
          name="nature"
          label={t('need.nature')}
          options={NEED_NATURES.map((n) => ({ value: n, label: t(`need.nature.${n}`) }))}
          values={props.form?.values ?? { nature: 'help' }}
          errors={props.form?.errors}
        />
        <Select
          t={t}
          name="urgency"
          label={t('need.urgency')}
          options={[
            { value: 'normal', label: t('need.urgency.normal') },
            { value: 'urgent', label: t('need.urgency.urgent') },
          ]}
          values={props.form?.values}
          errors={props.form?.errors}
        />
        <Field
          t={t}
          name="title"
          label={t('need.title')}
          values={props.form?.values}
          errors={props.form?.errors}
        />
        <Field
          t={t}
          name="description"
          multiline
          label={t('need.description')}
          values={props.form?.values}
          errors={props.form?.errors}
        />
        <input type="hidden" name="contactName" value={e.contacts[0]?.name ?? ''} />
        <input type="hidden" name="contactPhone" value={e.contacts[0]?.phone ?? ''} />
        <p>
          <button type="submit">{t('portal.submit')}</button>
        </p>
      </form>
      <h2>{t('enterprise.timeline')}</h2>
      <Timeline
        t={t}
        events={file.timeline}
        names={props.names}
        topics={{ tasks: file.tasks, needs: file.needs }}
      />
    </Layout>
  );
}

/** Managers' actions on one enterprise's lifecycle. */
function ManagePanel(props: {
  ctx: ViewContext;
  enterprise: Enterprise;
  staff: Staff[];
  errors?: FieldError[];
  values?: Values;
}) {
  const { ctx, enterprise: e } = props;
  const { t } = ctx;
  const action = (name: string) => `/console/enterprises/${e.id}/${name}`;
  const common = { t, errors: props.errors, values: props.values };
  return (
    <section>
      <h2>{t('manage.title')}</h2>
      <FormErrors t={t} errors={props.errors} />
      <div class="grid">
        <form method="post" action={action('reassign')} class="card">
          <h3>{t('manage.reassign')}</h3>
          <Csrf token={ctx.csrf} />
          <Select
            {...common}
            name="serviceOfficerId"
            label={t('enterprise.serviceOfficerId')}
            options={props.staff.filter((s) => s.active).map((s) => ({ value: s.id, label: s.name }))}
          />
          <p>
            <button type="submit">{t('manage.reassign.submit')}</button>
          </p>
        </form>
        <form method="post" action={action('plan')} class="card">
          <h3>{t('manage.plan')}</h3>
          <Csrf token={ctx.csrf} />
          {MILESTONES.filter((m) => !e.milestones[m].actual).map((m) => (
            <Field
              {...common}
              values={{ [`planned.${m}`]: e.milestones[m].planned, ...props.values }}
              name={`planned.${m}`}
              type="date"
              label={t(`milestone.${m}`)}
            />
          ))}
          <p>
            <button type="submit">{t('manage.plan.submit')}</button>
          </p>
        </form>
        {e.status === 'paused' ? (
          <form method="post" action={action('resume')} class="card">
            <Csrf token={ctx.csrf} />
            <button type="submit">{t('manage.resume.submit')}</button>
          </form>
        ) : (
          <form method="post" action={action('pause')} class="card">
            <h3>{t('manage.pause')}</h3>
            <Csrf token={ctx.csrf} />
            <Field {...common} name="reason" label={t('manage.reason')} />
            <p>
              <button type="submit">{t('manage.pause.submit')}</button>
            </p>
          </form>
        )}
        <form method="post" action={action('portal-resend')} class="card">
          <h3>{t('manage.portal')}</h3>
          <Csrf token={ctx.csrf} />
          <p>
            <button type="submit">{t('manage.portal.resend')}</button>
          </p>
        </form>
        <form method="post" action={action('portal-revoke')} class="card">
          <Csrf token={ctx.csrf} />
          <p class="muted">{t('manage.portal.revoke.hint')}</p>
          <p>
            <button type="submit">{t('manage.portal.revoke')}</button>
          </p>
        </form>
        <form method="post" action={action('close')} class="card">
          <h3>{t('manage.close')}</h3>
          <Csrf token={ctx.csrf} />
          <Field {...common} name="reason" label={t('manage.reason')} />
          <p>
            <button type="submit">{t('manage.close.submit')}</button>
          </p>
        </form>
      </div>
    </section>
  );
}

/** The approvals the project's type needs, with their dates (planned: as set, else the open task's due date). */
function Approvals(props: {
  ctx: ViewContext;
  enterprise: Enterprise;
  tasks: Task[];
  names: Map<string, string>;
}) {
  const { ctx, enterprise: e } = props;
  const { t } = ctx;
  const needed = approvalsNeeded(e);
  return (
    <section data-approvals>
      <h2>{t('enterprise.approvals')}</h2>
      {needed.length === 0 ? (
        <p>{t('enterprise.approvals.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('enterprise.approvals')}</th>
              <th>{t('enterprise.planned')}</th>
              <th>{t('enterprise.actual')}</th>
              <th>{t('task.page.officer')}</th>
            </tr>
          </thead>
          <tbody>
            {needed.map((a) => {
              const dates = e.approvals[a] ?? {};
              const open = props.tasks.find(
                (x) => x.kind === 'approval' && x.approval === a && x.status === 'open',
              );
              return (
                <tr data-approval={a}>
                  <td>{t(`approval.${a}`)}</td>
                  <td>{dates.planned ?? (open ? shanghaiDate(open.dueAt) : '—')}</td>
                  <td>{dates.actual ?? '—'}</td>
                  <td>{open ? (props.names.get(open.officerId) ?? '—') : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Where a signed project came from (全民招商): the lead, who brought the information, who led the talks. */
function OriginCard(props: {
  ctx: ViewContext;
  origin: NonNullable<Enterprise['origin']>;
  names: Map<string, string>;
  departments?: Map<string, string>;
}) {
  const { ctx, origin: o } = props;
  const { t } = ctx;
  const referrer = o.referrer
    ? (o.referrer.staffId && props.names.get(o.referrer.staffId)) || o.referrer.name
    : undefined;
  return (
    <dl class="card" data-origin>
      <dt>{t('enterprise.origin.lead')}</dt>
      <dd>
        <a href={`/console/leads/${o.leadId}`}>{t('enterprise.origin.viewLead')}</a>
      </dd>
      {referrer ? (
        <>
          <dt>{t('enterprise.origin.referrer')}</dt>
          <dd>{referrer}</dd>
        </>
      ) : null}
      {o.negotiator ? (
        <>
          <dt>{t('enterprise.origin.negotiator')}</dt>
          <dd>{props.names.get(o.negotiator.staffId) ?? '—'}</dd>
          <dt>{t('enterprise.origin.negotiatorDepartment')}</dt>
          <dd>{props.departments?.get(o.negotiator.departmentId) ?? '—'}</dd>
        </>
      ) : null}
      {o.expectedInvestment !== undefined ? (
        <>
          <dt>{t('enterprise.origin.expectedInvestment')}</dt>
          <dd>{o.expectedInvestment.toLocaleString(ctx.locale)}</dd>
        </>
      ) : null}
      {o.agreement ? (
        <>
          <dt>{t('enterprise.origin.agreement')}</dt>
          <dd>{t(`enterprise.origin.agreement.${o.agreement}`)}</dd>
        </>
      ) : null}
    </dl>
  );
}

/**
 * Stopping a project (终止/退出: kind, reason, date) and reactivating it (盘活: reason, a new investor if any), for
 * whoever `can()` allows. Their fields are named `exit.*` and `revive.*`, so an error shows only next to its form.
 */
function StopPanel(props: {
  ctx: ViewContext;
  enterprise: Enterprise;
  errors?: FieldError[];
  values?: Values;
}) {
  const { ctx, enterprise: e } = props;
  const { t } = ctx;
  const common = { t, errors: props.errors, values: props.values };
  const exit = (e.status === 'active' || e.status === 'paused') && ctx.can('enterprise.exit', e);
  const revive = e.status === 'exited' && ctx.can('enterprise.revive', e);
  // An error from a form the project's state no longer offers (e.g. reviving an active project) is still said.
  const unshown = (props.errors ?? []).filter(
    (f) => (f.path.startsWith('exit.') && !exit) || (f.path.startsWith('revive.') && !revive),
  );
  if (!exit && !revive && unshown.length === 0) return null;
  return (
    <div class="grid">
      {unshown.map((f) => (
        <p class="notice error" role="alert">
          {fieldMessage(t, f.message)}
        </p>
      ))}
      {exit ? (
        <form method="post" action={`/console/enterprises/${e.id}/exit`} class="card" novalidate>
          <h3>{t('manage.exit')}</h3>
          <p class="muted">{t('manage.exit.hint')}</p>
          <Csrf token={ctx.csrf} />
          <Select
            {...common}
            name="exit.kind"
            label={t('manage.exit.kind')}
            options={(['terminated', 'withdrawn'] as const).map((k) => ({
              value: k,
              label: t(`exit.kind.${k}`),
            }))}
          />
          <Field {...common} name="exit.reason" multiline label={t('manage.reason')} />
          <Field {...common} name="exit.date" type="date" label={t('manage.exit.date')} />
          <p>
            <button type="submit">{t('manage.exit.submit')}</button>
          </p>
        </form>
      ) : null}
      {revive ? (
        <form method="post" action={`/console/enterprises/${e.id}/revive`} class="card" novalidate>
          <h3>{t('manage.revive')}</h3>
          <p class="muted">{t('manage.revive.hint')}</p>
          <Csrf token={ctx.csrf} />
          <Field {...common} name="revive.reason" label={t('manage.reason')} />
          <Field {...common} name="revive.investor" label={t('manage.revive.investor')} />
          <p>
            <button type="submit">{t('manage.revive.submit')}</button>
          </p>
        </form>
      ) : null}
    </div>
  );
}
