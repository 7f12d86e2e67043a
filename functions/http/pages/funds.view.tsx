import type { Enterprise } from '#shared/domain/enterprise.ts';
import type { FundsReport } from '#shared/domain/funds-report.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import { fieldMessage } from '#shared/i18n/i18n.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, errorFor, Field, FormErrors, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { Notice, shanghaiTime } from '../ui/parts.tsx';
import { FundsForm, FundsStatus, FundsTable, LateTag } from './funds-parts.view.tsx';

export const fundsReportHref = (r: Pick<FundsReport, 'enterpriseId' | 'id'>) =>
  `/console/funds/${r.enterpriseId}/${r.id}`;

/** `/console/funds/new?e=<id>`: report funds for one enterprise, with its reports so far. */
export function FundsNewPage(props: {
  ctx: ViewContext;
  enterprise: Enterprise;
  reports: FundsReport[];
  names: Map<string, string>;
  values?: Values;
  errors?: FieldError[];
}) {
  const { ctx, enterprise } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('funds.report.title')}>
      <h1>{t('funds.report.title')}</h1>
      <p>
        <a href={`/console/enterprises/${enterprise.id}`}>{enterprise.name}</a>
      </p>
      <FundsForm
        ctx={ctx}
        enterprise={enterprise}
        action="/console/funds"
        hidden={{ e: enterprise.id }}
        values={props.values}
        errors={props.errors}
      />
      <h2>{t('funds.reports')}</h2>
      <FundsTable
        t={t}
        locale={ctx.locale}
        reports={[...props.reports].reverse()}
        href={fundsReportHref}
        names={props.names}
        time={shanghaiTime}
      />
    </Layout>
  );
}

/** `/console/funds`: the reports awaiting the reader's verification (a head's department, a manager's zone). */
export function FundsPendingPage(props: {
  ctx: ViewContext;
  reports: FundsReport[];
  names: Map<string, string>;
  next?: string;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('funds.pending.title')}>
      <h1>{t('funds.pending.title')}</h1>
      <p class="muted">{t('funds.pending.intro')}</p>
      {props.reports.length === 0 ? (
        <p data-empty>{t('funds.pending.empty')}</p>
      ) : (
        <table class="responsive">
          <thead>
            <tr>
              <th>{t('funds.col.enterprise')}</th>
              <th>{t('funds.col.evidenceDate')}</th>
              <th>{t('funds.col.kind')}</th>
              <th>{t('funds.col.amount')}</th>
              <th>{t('funds.col.reportedAt')}</th>
              <th>{t('funds.col.reporter')}</th>
            </tr>
          </thead>
          <tbody>
            {props.reports.map((r) => (
              <tr data-report={r.id} data-late={r.late ? 'true' : undefined}>
                <td>
                  <a href={fundsReportHref(r)}>{r.enterpriseName}</a>
                </td>
                <td>
                  {r.evidenceDate} <LateTag t={t} late={r.late} />
                </td>
                <td>{t(`funds.kind.${r.kind}`)}</td>
                <td>{r.amount.toLocaleString(ctx.locale)}</td>
                <td>
                  <time datetime={r.reportedAt}>{shanghaiTime(r.reportedAt)}</time>
                </td>
                <td>
                  {r.reportedBy.kind === 'enterprise'
                    ? t('funds.reporter.enterprise')
                    : (props.names.get(r.reportedBy.id) ?? '—')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.next ? (
        <p>
          <a href={`/console/funds?${new URLSearchParams({ cursor: props.next })}`}>{t('console.next')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

/** One report: what was reported, its evidence, its status — and for its verifier, the decision form. */
export function FundsReportPage(props: {
  ctx: ViewContext;
  report: FundsReport;
  names: Map<string, string>;
  /** Why the reader may not decide it, or nothing when they may. */
  refusal?: 'funds.notPending' | 'funds.ownReport' | 'funds.notVerifier';
  closesAt: string;
  notice?: string;
  values?: Values;
  errors?: FieldError[];
}) {
  const { ctx, report: r } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('funds.report.title')}>
      <Notice text={props.notice} />
      <h1>
        {t('funds.report.title')} <LateTag t={t} late={r.late} />
      </h1>
      {r.late ? (
        <p class="notice" data-late-notice>
          {t('funds.late.hint', { closes: props.closesAt })}
        </p>
      ) : null}
      <dl class="card">
        <dt>{t('funds.col.enterprise')}</dt>
        <dd>
          <a href={`/console/enterprises/${r.enterpriseId}`}>{r.enterpriseName}</a>
        </dd>
        <dt>{t('funds.col.kind')}</dt>
        <dd>{t(`funds.kind.${r.kind}`)}</dd>
        <dt>{t('funds.col.amount')}</dt>
        <dd data-amount>{r.amount.toLocaleString(ctx.locale)}</dd>
        <dt>{t('funds.col.evidenceDate')}</dt>
        <dd>{r.evidenceDate}</dd>
        <dt>{t('funds.col.evidence')}</dt>
        <dd>
          <ul>
            {r.evidence.map((f) => (
              <li>
                <a href={`${fundsReportHref(r)}/evidence?${new URLSearchParams({ a: f.id })}`}>{f.name}</a>
              </li>
            ))}
          </ul>
        </dd>
        {r.note ? (
          <>
            <dt>{t('funds.field.note')}</dt>
            <dd>{r.note}</dd>
          </>
        ) : null}
        <dt>{t('funds.col.reporter')}</dt>
        <dd>
          {r.reportedBy.kind === 'enterprise'
            ? t('funds.reporter.enterprise')
            : (props.names.get(r.reportedBy.id) ?? '—')}{' '}
          · <time datetime={r.reportedAt}>{shanghaiTime(r.reportedAt)}</time>
        </dd>
        <dt>{t('funds.col.status')}</dt>
        <dd>
          <FundsStatus t={t} report={r} />
          {r.decidedAt ? (
            <>
              {' '}
              · {props.names.get(r.decidedBy ?? '') ?? '—'} ·{' '}
              <time datetime={r.decidedAt}>{shanghaiTime(r.decidedAt)}</time>
            </>
          ) : null}
        </dd>
      </dl>
      {r.status === 'pending' && !props.refusal ? (
        <>
          <FormErrors t={t} errors={props.errors} />
          {errorFor(props.errors, 'decision') ? (
            <p class="field-error" id="f-decision-error">
              {fieldMessage(t, errorFor(props.errors, 'decision') as string)}
            </p>
          ) : null}
          <form method="post" action={fundsReportHref(r)} class="card">
            <Csrf token={ctx.csrf} />
            <p>
              <button type="submit" name="decision" value="verify">
                {t('funds.verify')}
              </button>
            </p>
            <Field
              t={t}
              values={props.values}
              errors={props.errors}
              name="reason"
              multiline
              label={t('funds.field.reason')}
            />
            <p>
              <button type="submit" name="decision" value="reject">
                {t('funds.reject')}
              </button>
            </p>
          </form>
        </>
      ) : r.status === 'pending' && props.refusal ? (
        <p class="muted" data-refusal>
          {t(props.refusal)}
        </p>
      ) : null}
    </Layout>
  );
}
