import { type OfficeHours, seasonsText, windowsText } from '#shared/calendar/office-hours.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import { isMessageKey } from '#shared/i18n/i18n.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, FormErrors, type Values } from '../ui/form.tsx';

/**
 * The settings page's office hours: the usual windows and the seasons (summer hours) as text, with the link to the
 * holiday arrangements. Managers edit; heads read. A rejected form comes back as typed, each problem by its field.
 */
export function OfficeHoursSection(props: {
  ctx: ViewContext;
  hours: OfficeHours;
  editable: boolean;
  errors?: FieldError[];
  values?: Values;
}) {
  const { ctx } = props;
  const { t } = ctx;
  const values = props.values ?? {
    standard: windowsText(props.hours.standard),
    seasons: seasonsText(props.hours.seasons),
  };
  const problems = (field: 'standard' | 'seasons') =>
    (props.errors ?? []).filter((e) => e.path === field || e.path.startsWith(`${field}.`));
  const problemList = (field: 'standard' | 'seasons') => {
    const list = problems(field);
    return list.length ? (
      <ul class="field-error" id={`office-hours-${field}-error`}>
        {list.map((e) => {
          const text = t(isMessageKey(e.message) ? e.message : 'field.invalid');
          const line = e.path.split('.')[1];
          return <li>{line ? t('calendar.admin.line', { line, message: text }) : text}</li>;
        })}
      </ul>
    ) : null;
  };
  const field = (name: 'standard' | 'seasons', rows: number) => (
    <p>
      <label for={`office-hours-${name}`}>{t(`settings.officeHours.${name}`)}</label>
      <textarea
        id={`office-hours-${name}`}
        name={name}
        rows={rows}
        readonly={!props.editable}
        aria-invalid={problems(name).length ? 'true' : undefined}
        aria-describedby={problems(name).length ? `office-hours-${name}-error` : undefined}
      >
        {values[name] ?? ''}
      </textarea>
    </p>
  );
  return (
    <section class="card" id="office-hours" data-office-hours>
      <h2>{t('settings.officeHours.title')}</h2>
      <p class="muted">{t('settings.officeHours.intro')}</p>
      {props.editable ? (
        <form method="post" action="/console/settings/office-hours" novalidate>
          <Csrf token={ctx.csrf} />
          <FormErrors t={t} errors={props.errors} />
          {field('standard', 1)}
          {problemList('standard')}
          {field('seasons', 3)}
          {problemList('seasons')}
          <p>
            <button type="submit">{t('settings.officeHours.save')}</button>
          </p>
        </form>
      ) : (
        <>
          {field('standard', 1)}
          {field('seasons', 3)}
        </>
      )}
      {ctx.can('calendar.set') ? (
        <p>
          <a href="/console/calendar">{t('settings.officeHours.calendar')}</a>
        </p>
      ) : null}
    </section>
  );
}
