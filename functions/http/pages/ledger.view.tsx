import type { FieldError } from '#shared/domain/input-error.ts';
import { fieldMessage } from '#shared/i18n/i18n.ts';
import { columnHeading, LEDGER_COLUMNS } from '#shared/ledger/columns.ts';
import type { LedgerCheck } from '#shared/ledger/import.ts';
import type { LedgerError } from '#shared/ledger/parse.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { Notice } from '../ui/parts.tsx';

function heading(ctx: ViewContext, key?: string) {
  const column = LEDGER_COLUMNS.find((c) => c.key === key);
  return column ? columnHeading(column, ctx.locale) : '—';
}

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
          {props.errors.map((e) => (
            <tr data-ledger-error={`${e.row}:${e.column ?? ''}`}>
              <td>{e.row}</td>
              <td>{heading(ctx, e.column)}</td>
              <td>{fieldMessage(t, e.message)}</td>
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
  done?: { imported: number; already: number };
  names: Map<string, string>;
}) {
  const { ctx, check } = props;
  const { t } = ctx;
  const errors = check?.errors ?? props.rejected ?? [];
  return (
    <Layout ctx={ctx} title={t('ledger.title')}>
      <h1>{t('ledger.title')}</h1>
      <Notice text={props.done ? t('ledger.done', props.done) : undefined} />
      <p>{t('ledger.explain')}</p>
      <p>
        <a class="button" href="/console/import/template.xlsx" download>
          {t('ledger.template')}
        </a>
      </p>
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
              {check.rows.map((r) => (
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
            {t('ledger.limits')}
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
