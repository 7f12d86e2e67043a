import { arrangementLines } from '#shared/calendar/arrangement.ts';
import type { Holiday } from '#shared/calendar/holidays.ts';
import type { CalendarYear } from '#shared/calendar/year.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import { isMessageKey, type Translate } from '#shared/i18n/i18n.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, FormErrors, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { Notice } from '../ui/parts.tsx';

/** Who entered the year's arrangement, when, and its version (none while provisional). */
export interface EnteredBy {
  by: string;
  at: string;
  version: number;
}

/** A field error as the reader reads it: on its line (`holidays.3`), or about a date (`holidays.2027-02-08`). */
function problemText(t: Translate, error: FieldError): string {
  const message = isMessageKey(error.message) ? error.message : 'field.invalid';
  const [, where] = error.path.split('.');
  if (where && /^\d{4}-\d{2}-\d{2}$/.test(where)) return t(message, { date: where });
  const text = t(message, { date: '' });
  return where && /^\d+$/.test(where) ? t('calendar.admin.line', { line: where, message: text }) : text;
}

/**
 * The holiday arrangements page: a year's days off and make-up workdays as the calendar has them now (provisional:
 * computed from the law; official: as entered), and for managers the form that enters the year's notice as lines.
 */
export function CalendarPage(props: {
  ctx: ViewContext;
  year: CalendarYear;
  entered?: EnteredBy;
  mayEdit: boolean;
  values?: Values;
  errors?: FieldError[];
  notice?: string;
}) {
  const { ctx, year } = props;
  const { t } = ctx;
  const special = year.days.filter((d) => d.status === 'holiday' || d.status === 'makeupWorkday');
  const name = (h: Holiday) => t(`calendar.holiday.${h}`);
  const values = props.values ?? {
    holidays: arrangementLines(
      special
        .filter((d) => d.status === 'holiday')
        .map((d) => ({ date: d.date, ...(d.holiday ? { holiday: d.holiday } : {}) })),
      name,
    ),
    workdays: arrangementLines(
      special
        .filter((d) => d.status === 'makeupWorkday')
        .map((d) => ({ date: d.date, ...(d.holiday ? { holiday: d.holiday } : {}) })),
      name,
    ),
  };
  const errorsOf = (list: string) =>
    (props.errors ?? []).filter((e) => e.path === list || e.path.startsWith(`${list}.`));
  const errorList = (list: 'holidays' | 'workdays' | 'year' | 'version', id: string) => {
    const errors = errorsOf(list);
    return errors.length ? (
      <ul class="field-error" id={id}>
        {errors.map((e) => (
          <li>{problemText(t, e)}</li>
        ))}
      </ul>
    ) : null;
  };
  const weekday = (date: string) =>
    new Intl.DateTimeFormat(ctx.locale, { weekday: 'short', timeZone: 'UTC' }).format(
      new Date(`${date}T00:00:00Z`),
    );
  return (
    <Layout ctx={ctx} title={t('calendar.admin.title')}>
      <Notice text={props.notice} />
      <h1>{t('calendar.admin.title')}</h1>
      <p class="muted">{t('calendar.admin.intro')}</p>
      <form method="get" action="/console/calendar" class="inline">
        <label for="calendar-year">{t('calendar.admin.year')}</label>{' '}
        <input id="calendar-year" name="year" type="number" min="2000" max="2100" value={String(year.year)} />{' '}
        <button type="submit">{t('calendar.admin.show')}</button>
      </form>
      <p class={year.provisional ? 'notice' : 'muted'} data-provisional={String(year.provisional)}>
        {year.provisional
          ? t('calendar.admin.provisional', { year: year.year })
          : props.entered
            ? t('calendar.admin.entered', {
                year: year.year,
                by: props.entered.by,
                at: props.entered.at,
                version: props.entered.version,
              })
            : t('calendar.admin.official', { year: year.year })}
      </p>
      <FormErrors t={t} errors={props.errors} />
      {errorList('version', 'calendar-version-error')}
      {errorList('year', 'calendar-year-error')}
      {props.mayEdit ? (
        <form method="post" action="/console/calendar" class="card" novalidate>
          <Csrf token={ctx.csrf} />
          <input type="hidden" name="year" value={String(year.year)} />
          <input type="hidden" name="version" value={String(props.entered?.version ?? 0)} />
          <p>
            <label for="calendar-holidays">{t('calendar.admin.holidays')}</label>
            <textarea
              id="calendar-holidays"
              name="holidays"
              rows={12}
              aria-invalid={errorsOf('holidays').length ? 'true' : undefined}
              aria-describedby={errorsOf('holidays').length ? 'calendar-holidays-error' : undefined}
            >
              {values.holidays ?? ''}
            </textarea>
          </p>
          {errorList('holidays', 'calendar-holidays-error')}
          <p>
            <label for="calendar-workdays">{t('calendar.admin.workdays')}</label>
            <textarea
              id="calendar-workdays"
              name="workdays"
              rows={4}
              aria-invalid={errorsOf('workdays').length ? 'true' : undefined}
              aria-describedby={errorsOf('workdays').length ? 'calendar-workdays-error' : undefined}
            >
              {values.workdays ?? ''}
            </textarea>
          </p>
          {errorList('workdays', 'calendar-workdays-error')}
          <p>
            <button type="submit">{t('calendar.admin.save', { year: year.year })}</button>
          </p>
        </form>
      ) : (
        <p class="muted">{t('calendar.admin.readOnly')}</p>
      )}
      <h2>{t('calendar.admin.days', { year: year.year })}</h2>
      <table class="responsive" data-calendar-days>
        <tbody>
          {special.map((d) => (
            <tr data-day={d.date} data-status={d.status}>
              <th scope="row">
                {d.date} {weekday(d.date)}
              </th>
              <td>{t(`calendar.status.${d.status}`)}</td>
              <td>
                {d.holiday ? t(`calendar.holiday.${d.holiday}`) : ''}
                {d.inLieu ? ` (${t('calendar.inLieu')})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
