import type { FieldError } from '#shared/domain/input-error.ts';
import { NEED_NATURES } from '#shared/domain/work-item.ts';
import { fieldMessage } from '#shared/i18n/i18n.ts';
import type { NeedClocks } from '#shared/needs/clocks.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, errorFor, FormErrors, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { Notice } from '../ui/parts.tsx';

const COLUMNS = ['firstContactHours', 'signForHours', 'resolveSimpleDays', 'resolveComplexDays'] as const;
const URGENCIES = ['urgent', 'normal'] as const;

/** The clocks as the form's flat values (`help.urgent.signForHours` → "2"). */
export function clockValues(clocks: NeedClocks): Values {
  const values: Values = {};
  for (const nature of NEED_NATURES)
    for (const urgency of URGENCIES)
      for (const [column, value] of Object.entries(clocks[nature][urgency]))
        values[`${nature}.${urgency}.${column}`] = String(value);
  return values;
}

/**
 * The needs clock table, by nature × urgency: managers edit every cell and save it whole; heads see it read-only.
 * A rejected table comes back as typed, each problem under its cell.
 */
export function NeedClocksPage(props: {
  ctx: ViewContext;
  clocks: NeedClocks;
  mayEdit: boolean;
  values?: Values;
  errors?: FieldError[];
  notice?: string;
}) {
  const { ctx } = props;
  const { t } = ctx;
  const values = props.values ?? clockValues(props.clocks);
  const cell = (nature: string, urgency: string, column: (typeof COLUMNS)[number]) => {
    if (column === 'firstContactHours' && urgency !== 'urgent') return <td>—</td>;
    const name = `${nature}.${urgency}.${column}`;
    const id = `f-${name.replaceAll('.', '-')}`;
    const error = errorFor(props.errors, name);
    const label = `${t(`need.nature.${nature}` as 'need.nature.help')} · ${t(`need.urgency.${urgency}` as 'need.urgency.normal')} · ${t(`clocks.${column}`)}`;
    return (
      <td>
        {props.mayEdit ? (
          <input
            id={id}
            name={name}
            type="number"
            inputmode="numeric"
            min="1"
            value={values[name] ?? ''}
            aria-label={label}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
        ) : (
          <span data-cell={name}>{values[name] ?? ''}</span>
        )}
        {error ? (
          <p class="field-error" id={`${id}-error`}>
            {fieldMessage(t, error)}
          </p>
        ) : null}
      </td>
    );
  };
  const table = (
    <table class="responsive" data-clocks>
      <thead>
        <tr>
          <th>{t('clocks.nature')}</th>
          <th>{t('clocks.urgency')}</th>
          {COLUMNS.map((c) => (
            <th>{t(`clocks.${c}`)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {NEED_NATURES.flatMap((nature) =>
          URGENCIES.map((urgency) => (
            <tr data-row={`${nature}.${urgency}`}>
              <th scope="row">{t(`need.nature.${nature}`)}</th>
              <td>{t(`need.urgency.${urgency}`)}</td>
              {COLUMNS.map((column) => cell(nature, urgency, column))}
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
  return (
    <Layout ctx={ctx} title={t('clocks.title')}>
      <Notice text={props.notice} />
      <h1>{t('clocks.title')}</h1>
      <p class="muted">{t('clocks.intro')}</p>
      <p class="muted">{t('clocks.categoryNote')}</p>
      <FormErrors t={t} errors={props.errors} />
      {props.mayEdit ? (
        <form method="post" action="/console/settings/need-clocks" class="card" novalidate>
          <Csrf token={ctx.csrf} />
          {table}
          <p>
            <button type="submit">{t('clocks.save')}</button>
          </p>
        </form>
      ) : (
        <div class="card">
          {table}
          <p class="muted">{t('clocks.readOnly')}</p>
        </div>
      )}
    </Layout>
  );
}
