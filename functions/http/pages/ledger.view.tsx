import type { FieldError } from '#shared/domain/input-error.ts';
import { fieldMessage, isMessageKey } from '#shared/i18n/i18n.ts';
import { columnHeading, LEDGER_COLUMNS } from '#shared/ledger/columns.ts';
import type { LedgerCheck } from '#shared/ledger/import.ts';
import type { LedgerError } from '#shared/ledger/parse.ts';
import type { ImportBatch } from '#shared/store/imports.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { Notice } from '../ui/parts.tsx';

/** The preview lists this many rows (a ledger may have 5,000); the count says how many there are in all. */
const PREVIEW_ROWS = 200;
/** The error table lists this many problems; the heading counts them all. */
const ERROR_ROWS = 500;
/** Seconds between refreshes of an import's page while it runs. */
const REFRESH_SECONDS = 3;

function heading(ctx: ViewContext, key?: string) {
  const column = LEDGER_COLUMNS.find((c) => c.key === key);
  return column ? columnHeading(column, ctx.locale) : '—';
}

/** A problem in the reader's language, with what it names (the emails of people sharing a name). */
const problem = (ctx: ViewContext, e: LedgerError) =>
  isMessageKey(e.message) && e.params ? ctx.t(e.message, e.params) : fieldMessage(ctx.t, e.message);

function ErrorTable(props: { ctx: ViewContext; errors: LedgerError[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <section>
      <h2>{t('ledger.errors', { count: props.errors.length })}</h2>
      <p>{t('ledger.nothingImported')}</p>
      <table class="responsive">
        <thead>
          <tr>
            <th scope="col">{t('ledger.row')}</th>
            <th scope="col">{t('ledger.column')}</th>
            <th scope="col">{t('ledger.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {props.errors.slice(0, ERROR_ROWS).map((e) => (
            <tr data-ledger-error={`${e.row}:${e.column ?? ''}`}>
              <td>{e.row}</td>
              <td>{heading(ctx, e.column)}</td>
              <td>{problem(ctx, e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Upload a ledger, see it checked row by row, and confirm the import (or fix the file and try again). */
export function LedgerPage(props: {
  ctx: ViewContext;
  check?: LedgerCheck;
  fileErrors?: FieldError[];
  /** Errors found when confirming (the organisation changed since the preview). */
  rejected?: LedgerError[];
  names: Map<string, string>;
}) {
  const { ctx, check } = props;
  const { t } = ctx;
  const errors = check?.errors ?? props.rejected ?? [];
  return (
    <Layout ctx={ctx} title={t('ledger.title')}>
      <h1>{t('ledger.title')}</h1>
      <p>{t('ledger.explainNote')}</p>
      <p>
        <a class="button" href="/console/import/template.xlsx" download>
          {t('ledger.template')}
        </a>{' '}
        <a class="button" href="/console/import/ledger.xlsx" download>
          {t('ledger.export')}
        </a>
      </p>
      <p class="muted">{t('ledger.exportExplain')}</p>
      {check?.batch ? (
        <section class="card">
          <h2>{t('ledger.preview', { count: check.rows.length })}</h2>
          <table class="responsive">
            <thead>
              <tr>
                <th scope="col">{t('ledger.row')}</th>
                <th scope="col">{heading(ctx, 'name')}</th>
                <th scope="col">{t('board.stage')}</th>
                <th scope="col">{heading(ctx, 'contractedInvestment')}</th>
                <th scope="col">{heading(ctx, 'fundsInPlace')}</th>
                <th scope="col">{heading(ctx, 'officer')}</th>
              </tr>
            </thead>
            <tbody>
              {check.rows.slice(0, PREVIEW_ROWS).map((r) => (
                <tr data-ledger-row={r.row}>
                  <td>{r.row}</td>
                  <td>{r.input.name}</td>
                  <td>{t(`stage.${r.progress.stage}`)}</td>
                  <td>{r.input.contractedInvestment.toLocaleString(ctx.locale)}</td>
                  <td>{r.progress.fundsInPlace.toLocaleString(ctx.locale)}</td>
                  <td>{props.names.get(r.input.serviceOfficerId) ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {check.rows.length > PREVIEW_ROWS ? (
            <p class="muted" data-preview-more>
              {t('ledger.previewMore', { shown: PREVIEW_ROWS, count: check.rows.length })}
            </p>
          ) : null}
          <form method="post" action={`/console/import/${check.batch.id}/confirm`}>
            <Csrf token={ctx.csrf} />
            <button type="submit">{t('ledger.confirm', { count: check.rows.length })}</button>
          </form>
        </section>
      ) : null}
      {errors.length ? <ErrorTable ctx={ctx} errors={errors} /> : null}
      <section class="card">
        <h2>{t('ledger.upload')}</h2>
        <form method="post" action="/console/import" enctype="multipart/form-data">
          <Csrf token={ctx.csrf} />
          {props.fileErrors?.map((e) => (
            <p class="field-error" id="f-file-error" role="alert">
              {fieldMessage(t, e.message)}
            </p>
          ))}
          <label for="f-file">{t('ledger.file')}</label>
          <p class="muted" id="f-file-hint">
            {t('ledger.limitsNote')}
          </p>
          <input
            id="f-file"
            name="file"
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            required
            aria-describedby={props.fileErrors?.length ? 'f-file-error f-file-hint' : 'f-file-hint'}
          />
          <button type="submit">{t('ledger.check')}</button>
        </form>
      </section>
    </Layout>
  );
}

/**
 * A background import: x / n and the percentage while it runs (the page refreshes itself: no script), then the
 * result; a run that failed or stalled can be continued from where it stopped.
 */
export function LedgerProgressPage(props: {
  ctx: ViewContext;
  batch: ImportBatch;
  stalled: boolean;
  /** The reader turned the refreshing off (WCAG 2.2.1: a time limit the user can turn off). */
  refreshOff?: boolean;
}) {
  const { ctx, batch, stalled } = props;
  const { t } = ctx;
  const done = Math.min(batch.imported, batch.rows);
  const percent = batch.rows ? Math.floor((done / batch.rows) * 100) : 100;
  const running = batch.status === 'importing' && !stalled;
  const canContinue = batch.status === 'failed' || stalled || batch.status === 'previewed';
  return (
    <Layout
      ctx={ctx}
      title={t('ledger.job.title')}
      refreshSeconds={running && !props.refreshOff ? REFRESH_SECONDS : undefined}
    >
      <h1>{t('ledger.job.title')}</h1>
      <p class="muted">{batch.fileName}</p>
      <section
        class="card"
        data-import-status={batch.status}
        data-import-done={done}
        data-import-rows={batch.rows}
      >
        {batch.status === 'imported' ? (
          <Notice text={t('ledger.job.imported', { total: batch.rows })} />
        ) : (
          <>
            <p role="status">{t('ledger.job.importing', { done, total: batch.rows, percent })}</p>
            <progress value={done} max={batch.rows} aria-label={t('ledger.job.title')}>
              {`${percent}%`}
            </progress>
          </>
        )}
        {running && !props.refreshOff ? (
          <p class="muted">
            {t('ledger.job.refresh', { seconds: REFRESH_SECONDS })}{' '}
            <a href={`/console/import/${batch.id}?refresh=off`}>{t('ledger.job.refreshOff')}</a>
          </p>
        ) : null}
        {running && props.refreshOff ? (
          <p>
            <a href={`/console/import/${batch.id}`}>{t('ledger.job.refreshOn')}</a>
          </p>
        ) : null}
        {batch.status === 'failed' ? (
          <p class="field-error" role="alert">
            {t('ledger.job.failed', {
              reason: t(
                batch.failure === 'rejected' ? 'ledger.job.reason.rejected' : 'ledger.job.reason.error',
              ),
              done,
            })}
          </p>
        ) : null}
        {canContinue ? (
          <form method="post" action={`/console/import/${batch.id}/confirm`}>
            <Csrf token={ctx.csrf} />
            <button type="submit">{t('ledger.job.resume')}</button>
          </form>
        ) : null}
      </section>
      {batch.problems?.length ? <ErrorTable ctx={ctx} errors={batch.problems} /> : null}
      <p>
        <a href="/console/import">{t('ledger.title')}</a>
      </p>
    </Layout>
  );
}
