import type { Enterprise } from '#shared/domain/enterprise.ts';
import { countsFunds, FUNDS_KINDS, type FundsReport } from '#shared/domain/funds-report.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import { fieldMessage, type Translate } from '#shared/i18n/i18n.ts';
import { MAX_ATTACHMENTS } from '#shared/needs/attachments.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, errorFor, Field, FormErrors, Select, type Values } from '../ui/form.tsx';
import { Notice } from '../ui/parts.tsx';

/** 逾期补报: a report made after its evidence month closed, flagged wherever it is listed. */
export function LateTag(props: { t: Translate; late: boolean }) {
  return props.late ? (
    <span class="tag late" data-late>
      {props.t('funds.lateTag')}
    </span>
  ) : null;
}

/** A report's status in words, with the rejection's reason. */
export function FundsStatus(props: { t: Translate; report: Pick<FundsReport, 'status' | 'reason'> }) {
  const { t, report } = props;
  return (
    <span data-status={report.status}>
      {t(`funds.status.${report.status}`)}
      {report.status === 'rejected' && report.reason ? `: ${report.reason}` : ''}
    </span>
  );
}

/** The report form (到位资金报送): kind, this report's amount, the evidence's date and files, a note. */
export function FundsForm(props: {
  ctx: ViewContext;
  /** The project reported for: one in talks or stopped gets the reason instead of a form it could only be refused on. */
  enterprise: Pick<Enterprise, 'stage' | 'status'>;
  action: string;
  hidden: Record<string, string>;
  values?: Values;
  errors?: FieldError[];
}) {
  const { ctx } = props;
  const { t } = ctx;
  if (!countsFunds(props.enterprise)) return <Notice text={t('funds.notSigned')} />;
  const common = { t, values: props.values, errors: props.errors };
  const fileError = errorFor(props.errors, 'attachments');
  return (
    <>
      <FormErrors t={t} errors={props.errors} />
      <form method="post" action={props.action} class="card" enctype="multipart/form-data" novalidate>
        <Csrf token={ctx.csrf} />
        {Object.entries(props.hidden).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <p class="muted">{t('funds.report.intro')}</p>
        <Select
          {...common}
          name="kind"
          label={t('funds.field.kind')}
          options={FUNDS_KINDS.map((k) => ({ value: k, label: t(`funds.kind.${k}`) }))}
        />
        <Field {...common} name="amount" inputmode="numeric" label={t('funds.field.amount')} required />
        <Field {...common} name="evidenceDate" type="date" label={t('funds.field.evidenceDate')} required />
        <label for="f-attachments">{t('funds.field.evidence', { max: MAX_ATTACHMENTS })}</label>
        <input
          id="f-attachments"
          name="attachments"
          type="file"
          multiple
          required
          accept="application/pdf,image/png,image/jpeg"
          aria-invalid={fileError ? 'true' : undefined}
          aria-describedby={fileError ? 'f-attachments-error' : undefined}
        />
        {fileError ? (
          <p class="field-error" id="f-attachments-error">
            {fieldMessage(t, fileError)}
          </p>
        ) : null}
        <Field {...common} name="note" multiline label={t('funds.field.note')} />
        <p>
          <button type="submit">{t('funds.submit')}</button>
        </p>
      </form>
    </>
  );
}

/** Reports as a table: evidence date, kind, amount, status (late ones flagged), when and by whom reported. */
export function FundsTable(props: {
  t: Translate;
  locale: string;
  reports: FundsReport[];
  /** A link to each report's page, where there is one for the reader. */
  href?: (report: FundsReport) => string;
  names?: Map<string, string>;
  time: (iso: string) => string;
}) {
  const { t } = props;
  if (!props.reports.length) return <p data-empty>{t('funds.reports.empty')}</p>;
  return (
    <table class="responsive">
      <thead>
        <tr>
          <th>{t('funds.col.evidenceDate')}</th>
          <th>{t('funds.col.kind')}</th>
          <th>{t('funds.col.amount')}</th>
          <th>{t('funds.col.status')}</th>
          <th>{t('funds.col.reportedAt')}</th>
          <th>{t('funds.col.reporter')}</th>
        </tr>
      </thead>
      <tbody>
        {props.reports.map((r) => (
          <tr data-report={r.id} data-late={r.late ? 'true' : undefined}>
            <td>
              {props.href ? <a href={props.href(r)}>{r.evidenceDate}</a> : r.evidenceDate}{' '}
              <LateTag t={t} late={r.late} />
            </td>
            <td>{t(`funds.kind.${r.kind}`)}</td>
            <td>{r.amount.toLocaleString(props.locale)}</td>
            <td>
              <FundsStatus t={t} report={r} />
            </td>
            <td>
              <time datetime={r.reportedAt}>{props.time(r.reportedAt)}</time>
            </td>
            <td>
              {r.reportedBy.kind === 'enterprise'
                ? t('funds.reporter.enterprise')
                : (props.names?.get(r.reportedBy.id) ?? '—')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Where a task report once took funds: the link to the report form (funds come with their evidence), and the
 * refusal of an amount still sent with the report (`name`: the old field's name), next to it.
 */
export function FundsReportLink(props: {
  t: Translate;
  enterpriseId: string;
  name: string;
  errors?: FieldError[];
}) {
  const error = errorFor(props.errors, props.name);
  return (
    <p class="muted" data-funds-link>
      {props.t('task.funds.link')}{' '}
      <a href={`/console/funds/new?${new URLSearchParams({ e: props.enterpriseId })}`}>
        {props.t('funds.report.title')}
      </a>
      {error ? (
        <span class="field-error" id={`f-${props.name.replace(/[^a-zA-Z0-9]/g, '-')}-error`}>
          {' '}
          {fieldMessage(props.t, error)}
        </span>
      ) : null}
    </p>
  );
}
