import type { AuditEvent } from '#shared/domain/audit.ts';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import { LEAD_SOURCES, LEAD_STATUSES, type Lead } from '#shared/domain/lead.ts';
import { PROJECT_TYPES } from '#shared/domain/lifecycle.ts';
import type { Department, Staff } from '#shared/domain/organisation.ts';
import { MILESTONES } from '#shared/domain/stage.ts';
import type { LeadFigures, LeadFiguresRow } from '#shared/leads/figures.ts';
import type { ViewContext } from '../ui/context.ts';
import { ChoiceError, Csrf, Field, FormErrors, Select, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { departmentName, Notice, shanghaiTime, Timeline } from '../ui/parts.tsx';

const wan = (ctx: ViewContext, n: number | undefined) =>
  n === undefined ? '—' : ctx.t('leads.wan', { amount: n.toLocaleString(ctx.locale) });

function LeadsNav(props: { ctx: ViewContext }) {
  const { t } = props.ctx;
  return (
    <p class="filters">
      {props.ctx.can('lead.register') ? (
        <a class="button" href="/console/leads/new">
          {t('leads.new.title')}
        </a>
      ) : null}
      <a href="/console/leads">{t('leads.title')}</a>
      {props.ctx.can('lead.figures') ? <a href="/console/leads/figures">{t('leads.figures.title')}</a> : null}
    </p>
  );
}

/** The leads one may see (one's own; a head's department's; a manager's zone's), newest first, by status. */
export function LeadsPage(props: {
  ctx: ViewContext;
  leads: Lead[];
  status?: string;
  next?: string;
  names: Map<string, string>;
  notice?: string;
}) {
  const { ctx, leads } = props;
  const { t } = ctx;
  const nextHref = props.next
    ? `/console/leads?${new URLSearchParams({ ...(props.status ? { status: props.status } : {}), cursor: props.next })}`
    : undefined;
  return (
    <Layout ctx={ctx} title={t('leads.title')}>
      <h1>{t('leads.title')}</h1>
      <Notice text={props.notice} />
      <LeadsNav ctx={ctx} />
      <form method="get" action="/console/leads" class="filters">
        <div>
          <label for="f-status">{t('leads.status')}</label>
          <select id="f-status" name="status">
            <option value="">{t('console.filter.all')}</option>
            {LEAD_STATUSES.map((s) => (
              <option value={s} selected={s === props.status}>
                {t(`lead.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('console.filter')}</button>
      </form>
      {leads.length ? (
        <table class="responsive">
          <thead>
            <tr>
              <th>{t('lead.investor')}</th>
              <th>{t('lead.industryChain')}</th>
              <th>{t('lead.expectedInvestment')}</th>
              <th>{t('lead.registeredBy')}</th>
              <th>{t('lead.registeredAt')}</th>
              <th>{t('leads.status')}</th>
            </tr>
          </thead>
          <tbody>
            {leads.map((l) => (
              <tr>
                <td>
                  <a href={`/console/leads/${l.id}`}>{l.investor}</a>
                  {l.duplicateOf ? <span class="light yellow"> {t('lead.duplicate.tag')}</span> : null}
                </td>
                <td>{l.industryChain}</td>
                <td>{wan(ctx, l.expectedInvestment)}</td>
                <td>{props.names.get(l.registeredBy) ?? ''}</td>
                <td>{shanghaiTime(l.registeredAt)}</td>
                <td>{t(`lead.status.${l.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('leads.empty')}</p>
      )}
      {nextHref ? (
        <p>
          <a href={nextHref}>{t('console.next')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

/**
 * 登记线索, made for a phone: one column, big inputs (the stylesheet's), numeric and phone keyboards, nothing but
 * what a cadre knows when they meet an investor.
 */
export function LeadFormPage(props: { ctx: ViewContext; values?: Values; errors?: FieldError[] }) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  const common = { t, values, errors };
  return (
    <Layout ctx={ctx} title={t('leads.new.title')}>
      <h1>{t('leads.new.title')}</h1>
      <p class="muted">{t('leads.new.intro')}</p>
      <FormErrors t={t} errors={errors} />
      <form method="post" action="/console/leads" class="card phone-form" novalidate>
        <Csrf token={ctx.csrf} />
        <Field {...common} name="investor" label={t('lead.investor')} required autocomplete="organization" />
        <Field {...common} name="uscc" label={t('lead.uscc')} autocomplete="off" />
        <Field {...common} name="industryChain" label={t('lead.industryChain')} required />
        <Select
          {...common}
          name="source"
          label={t('lead.source')}
          options={LEAD_SOURCES.map((s) => ({ value: s, label: t(`lead.source.${s}`) }))}
        />
        <Field
          {...common}
          name="expectedInvestment"
          label={t('lead.expectedInvestment')}
          inputmode="numeric"
          required
        />
        <fieldset>
          <legend>{t('lead.contact')}</legend>
          <Field {...common} name="contact.name" label={t('enterprise.contact.name')} required />
          <Field
            {...common}
            name="contact.phone"
            type="tel"
            inputmode="tel"
            autocomplete="tel"
            label={t('enterprise.contact.phone')}
            required
          />
          <Field
            {...common}
            name="contact.email"
            type="email"
            inputmode="email"
            label={t('lead.contact.email')}
          />
        </fieldset>
        <Field {...common} name="referrer.name" label={t('lead.referrer')} />
        <Field {...common} name="notes" label={t('lead.notes')} multiline />
        <p>
          <button type="submit">{t('leads.new.submit')}</button>
        </p>
      </form>
    </Layout>
  );
}

export interface LeadPageProps {
  ctx: ViewContext;
  lead: Lead;
  earlier?: Lead;
  enterprise?: Enterprise;
  history: AuditEvent[];
  names: Map<string, string>;
  departments: Department[];
  /** Whom a head may name as negotiator (their department's people); present when they may assess it. */
  negotiators?: Staff[];
  /** Whom the signer may name for aftercare; present when they may sign. */
  officers?: Staff[];
  notice?: string;
  form?: { name: 'accept' | 'decline' | 'sign'; values?: Values; errors?: FieldError[] };
}

/** A lead: what was registered, its duplicate flag, its assessment, and the forms its reader may use. */
export function LeadPage(props: LeadPageProps) {
  const { ctx, lead, enterprise } = props;
  const { t } = ctx;
  const department = props.departments.find((d) => d.id === lead.departmentId);
  const formOf = (name: 'accept' | 'decline' | 'sign') =>
    props.form?.name === name ? { values: props.form.values, errors: props.form.errors } : {};
  return (
    <Layout ctx={ctx} title={lead.investor}>
      <h1>{lead.investor}</h1>
      <Notice text={props.notice} />
      <LeadsNav ctx={ctx} />
      {lead.duplicateOf ? (
        <p class="notice error" role="status">
          {t('lead.duplicate.notice')}{' '}
          <a href={`/console/leads/${lead.duplicateOf}`}>
            {props.earlier
              ? t('lead.duplicate.earlier', {
                  investor: props.earlier.investor,
                  name: props.names.get(props.earlier.registeredBy) ?? '',
                  at: shanghaiTime(props.earlier.registeredAt),
                })
              : t('lead.duplicate.open')}
          </a>
        </p>
      ) : null}
      <dl class="card">
        <dt>{t('leads.status')}</dt>
        <dd>{t(`lead.status.${lead.status}`)}</dd>
        {lead.uscc ? (
          <>
            <dt>{t('lead.uscc')}</dt>
            <dd>{lead.uscc}</dd>
          </>
        ) : null}
        <dt>{t('lead.industryChain')}</dt>
        <dd>{lead.industryChain}</dd>
        <dt>{t('lead.source')}</dt>
        <dd>{t(`lead.source.${lead.source}`)}</dd>
        <dt>{t('lead.expectedInvestment')}</dt>
        <dd>{wan(ctx, lead.expectedInvestment)}</dd>
        <dt>{t('lead.contact')}</dt>
        <dd>
          {lead.contact.name} · {lead.contact.phone}
          {lead.contact.email ? ` · ${lead.contact.email}` : ''}
        </dd>
        {lead.referrer ? (
          <>
            <dt>{t('lead.referrer')}</dt>
            <dd>{lead.referrer.name}</dd>
          </>
        ) : null}
        <dt>{t('lead.registeredBy')}</dt>
        <dd>
          {props.names.get(lead.registeredBy) ?? ''}
          {department ? ` · ${departmentName(ctx, department)}` : ''} · {shanghaiTime(lead.registeredAt)}
        </dd>
        {lead.notes ? (
          <>
            <dt>{t('lead.notes')}</dt>
            <dd>{lead.notes}</dd>
          </>
        ) : null}
        {lead.assessment ? (
          <>
            <dt>{t('lead.assessment')}</dt>
            <dd>
              {t(`lead.decision.${lead.assessment.decision}`)} · {props.names.get(lead.assessment.by) ?? ''} ·{' '}
              {shanghaiTime(lead.assessment.at)}
              {lead.assessment.reason ? ` · ${lead.assessment.reason}` : ''}
              {lead.assessment.negotiatorId
                ? ` · ${t('lead.negotiator')}：${props.names.get(lead.assessment.negotiatorId) ?? ''}`
                : ''}
            </dd>
          </>
        ) : null}
        {lead.signedAt ? (
          <>
            <dt>{t('lead.signed')}</dt>
            <dd>
              {lead.agreement ? t(`agreement.${lead.agreement}`) : ''} · {lead.signedAt} ·{' '}
              {wan(ctx, lead.contractedInvestment)}
            </dd>
          </>
        ) : null}
        {lead.enterpriseId ? (
          <>
            <dt>{t('lead.enterprise')}</dt>
            <dd>
              <a href={`/console/enterprises/${lead.enterpriseId}`}>{enterprise?.name ?? lead.investor}</a>
            </dd>
          </>
        ) : null}
      </dl>
      {props.negotiators ? <AssessForms {...props} formOf={formOf} /> : null}
      {props.officers && enterprise ? (
        <SignForm ctx={ctx} enterprise={enterprise} officers={props.officers} {...formOf('sign')} />
      ) : null}
      <h2>{t('lead.history')}</h2>
      <Timeline t={t} events={props.history} names={props.names} />
    </Layout>
  );
}

function AssessForms(
  props: LeadPageProps & {
    formOf: (name: 'accept' | 'decline') => { values?: Values; errors?: FieldError[] };
  },
) {
  const { ctx, lead } = props;
  const { t } = ctx;
  const action = `/console/leads/${lead.id}/assessment`;
  const accept = props.formOf('accept');
  const decline = props.formOf('decline');
  return (
    <>
      <h2>{t('lead.assess.title')}</h2>
      <form method="post" action={action} class="card" novalidate>
        <Csrf token={ctx.csrf} />
        <input type="hidden" name="decision" value="accept" />
        <h3>{t('lead.assess.accept')}</h3>
        <FormErrors t={t} errors={accept.errors} />
        {/* Why the lead cannot be accepted now (a duplicate of an earlier lead still open): no field to mark. */}
        <ChoiceError t={t} errors={accept.errors} name="decision" />
        <Select
          t={t}
          {...accept}
          name="negotiatorId"
          label={t('lead.negotiator')}
          options={(props.negotiators ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />
        <Field t={t} {...accept} name="name" label={t('lead.projectName')} />
        {lead.contact.email ? null : (
          <Field
            t={t}
            {...accept}
            name="contactEmail"
            type="email"
            inputmode="email"
            label={t('lead.contact.email')}
            required
          />
        )}
        <p>
          <button type="submit">{t('lead.assess.accept.submit')}</button>
        </p>
      </form>
      <form method="post" action={action} class="card" novalidate>
        <Csrf token={ctx.csrf} />
        <input type="hidden" name="decision" value="decline" />
        <h3>{t('lead.assess.decline')}</h3>
        <FormErrors t={t} errors={decline.errors} />
        <ChoiceError t={t} errors={decline.errors} name="decision" />
        <Field t={t} {...decline} name="reason" label={t('lead.reason')} multiline required />
        <p>
          <button type="submit">{t('lead.assess.decline.submit')}</button>
        </p>
      </form>
    </>
  );
}

/** 签约: the agreement, the contracted investment, the date, and who serves it afterwards. */
function SignForm(props: {
  ctx: ViewContext;
  enterprise: Enterprise;
  officers: Staff[];
  values?: Values;
  errors?: FieldError[];
}) {
  const { ctx, enterprise } = props;
  const { t } = ctx;
  const values: Values = {
    serviceOfficerId: enterprise.origin?.negotiator?.staffId ?? enterprise.serviceOfficerId,
    projectType: enterprise.projectType,
    ...props.values,
  };
  const common = { t, values, errors: props.errors };
  return (
    <>
      <h2>{t('signing.title')}</h2>
      <form method="post" action={`/console/enterprises/${enterprise.id}/signing`} class="card" novalidate>
        <Csrf token={ctx.csrf} />
        <FormErrors t={t} errors={props.errors} />
        <Select
          {...common}
          name="agreement"
          label={t('signing.agreement')}
          options={(['framework', 'contract'] as const).map((a) => ({
            value: a,
            label: t(`agreement.${a}`),
          }))}
        />
        <Field
          {...common}
          name="contractedInvestment"
          label={t('enterprise.contractedInvestment')}
          inputmode="numeric"
          required
        />
        <Field {...common} name="signedAt" type="date" label={t('enterprise.signedAt')} required />
        <Select
          {...common}
          name="projectType"
          label={t('enterprise.projectType')}
          options={PROJECT_TYPES.map((p) => ({ value: p, label: t(`projectType.${p}`) }))}
        />
        <Select
          {...common}
          name="serviceOfficerId"
          label={t('enterprise.serviceOfficerId')}
          options={props.officers.map((s) => ({ value: s.id, label: s.name }))}
        />
        <details>
          <summary>{t('enterprise.planned')}</summary>
          {MILESTONES.map((m) => (
            <Field {...common} name={`planned.${m}`} type="date" label={t(`stage.${m}`)} />
          ))}
        </details>
        <p>
          <button type="submit">{t('signing.submit')}</button>
        </p>
      </form>
    </>
  );
}

function FiguresTable(props: {
  ctx: ViewContext;
  rows: LeadFiguresRow[];
  caption: string;
  names?: Department[];
}) {
  const { ctx } = props;
  const { t } = ctx;
  const dept = (id: string | undefined) => props.names?.find((d) => d.id === id);
  return (
    <table class="responsive">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th>{t('leads.figures.rank')}</th>
          <th>{t('leads.figures.name')}</th>
          <th>{t('leads.figures.registered')}</th>
          <th>{t('leads.figures.accepted')}</th>
          <th>{t('leads.figures.signed')}</th>
          <th>{t('leads.figures.contracted')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r, i) => {
          const d = dept(r.departmentId);
          return (
            <tr>
              <td>{i + 1}</td>
              <td>
                {r.name}
                {d ? <span class="muted"> · {departmentName(ctx, d)}</span> : null}
              </td>
              <td>{r.registered}</td>
              <td>{r.accepted}</td>
              <td>{r.signed}</td>
              <td>{wan(ctx, r.contracted)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The cadres' leaderboard: departments, then people, best first. */
export function LeadFiguresPage(props: {
  ctx: ViewContext;
  figures: LeadFigures;
  departments: Department[];
}) {
  const { ctx, figures } = props;
  const { t } = ctx;
  const departments = figures.departments.map((r) => {
    const d = props.departments.find((x) => x.id === r.id);
    return { ...r, name: d ? departmentName(ctx, d) : r.name };
  });
  return (
    <Layout ctx={ctx} title={t('leads.figures.title')}>
      <h1>{t('leads.figures.title')}</h1>
      <LeadsNav ctx={ctx} />
      <p class="muted">{t('leads.figures.intro')}</p>
      <FiguresTable ctx={ctx} rows={departments} caption={t('leads.figures.departments')} />
      <h2>{t('leads.figures.people')}</h2>
      <FiguresTable
        ctx={ctx}
        rows={figures.people}
        caption={t('leads.figures.people')}
        names={props.departments}
      />
    </Layout>
  );
}
