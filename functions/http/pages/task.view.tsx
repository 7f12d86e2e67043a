import { DateTime } from 'luxon';
import { ZONE } from '#shared/calendar/working-days.ts';
import type { AuditEvent } from '#shared/domain/audit.ts';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import type { Light } from '#shared/domain/schedule.ts';
import { type MoveSummary, NEED_CATEGORIES, type Task } from '#shared/domain/work-item.ts';
import { fieldMessage, type Translate } from '#shared/i18n/i18n.ts';
import { taskItemLabel } from '#shared/lifecycle/mail.tsx';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, errorFor, Field, FormErrors, Select, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { Notice, Timeline } from '../ui/parts.tsx';

export interface TaskPageProps {
  ctx: ViewContext;
  task: Task;
  enterprise: Enterprise;
  officerName: string;
  light: Light;
  dueDate: string;
  history: AuditEvent[];
  token: string;
  values?: Values;
  errors?: FieldError[];
  notice?: string;
}

/** A stored instant as the date it falls on in Shanghai. */
export const shanghaiDate = (iso: string) =>
  DateTime.fromISO(iso, { zone: ZONE }).toISODate() ?? iso.slice(0, 10);

/** A task's latest request to move its due date, and what became of it. */
export function MoveState(props: { t: Translate; move: MoveSummary }) {
  const { t, move } = props;
  return (
    <section class="card">
      <h2>{t('task.move.title')}</h2>
      <p>
        {t('task.move.summary', {
          from: shanghaiDate(move.from),
          to: shanghaiDate(move.to),
          state: t(`task.move.state.${move.status}`),
        })}
      </p>
      <p class="muted">{t('task.move.reason', { reason: move.reason })}</p>
    </section>
  );
}

/** The officer's page for one task, opened from the emailed link on a phone: what is due, and the report form. */
export function TaskPage(props: TaskPageProps) {
  const { ctx, task, enterprise } = props;
  const { t } = ctx;
  const outcomes =
    task.kind === 'visit'
      ? (['visit', 'progress', 'blocker'] as const)
      : (['milestone', 'progress', 'blocker'] as const);
  const chosen = props.values?.outcome;
  const common = { t, values: props.values, errors: props.errors };
  return (
    <Layout ctx={ctx} title={t('task.page.title')}>
      <Notice text={props.notice} />
      <h1>{enterprise.name}</h1>
      {task.status === 'completed' && task.completedAt ? (
        <p class="notice" role="status">
          {t('task.completedOn', { date: shanghaiDate(task.completedAt) })}
        </p>
      ) : null}
      {task.status === 'cancelled' ? (
        <p class="notice" role="status">
          {t('task.cancelled')}
        </p>
      ) : null}
      <dl class="card">
        <dt>{t('task.page.title')}</dt>
        <dd>{taskItemLabel(t, task)}</dd>
        <dt>{t('enterprise.stage')}</dt>
        <dd>{t(`stage.${enterprise.stage}`)}</dd>
        <dt>{t('task.page.due')}</dt>
        <dd>
          <time datetime={task.dueAt}>{props.dueDate}</time>{' '}
          {task.status === 'open' ? (
            <span class={`light ${props.light}`}>{t(`light.${props.light}`)}</span>
          ) : null}
        </dd>
        <dt>{t('task.page.officer')}</dt>
        <dd>{props.officerName}</dd>
      </dl>
      {task.status === 'open' ? (
        <form method="post" action="/task" class="card" novalidate>
          <h2>{t('task.page.report')}</h2>
          <FormErrors t={t} errors={props.errors} />
          <Csrf token={ctx.csrf} />
          <input type="hidden" name="t" value={props.token} />
          <fieldset>
            <legend>{t('task.page.report')}</legend>
            {outcomes.map((o) => (
              <label class="choice">
                <input type="radio" name="outcome" value={o} checked={chosen === o} />{' '}
                {t(`task.outcome.${o}`)}
              </label>
            ))}
            {errorFor(props.errors, 'outcome') ? (
              <p class="field-error">{fieldMessage(t, errorFor(props.errors, 'outcome') as string)}</p>
            ) : null}
          </fieldset>
          {task.kind === 'tracking' ? (
            <fieldset>
              <legend>{t('task.outcome.milestone')}</legend>
              <p class="muted">{t('task.outcome.milestone.hint')}</p>
              <Field {...common} name="milestone.actualDate" type="date" label={t('task.field.actualDate')} />
              <Field
                {...common}
                name="milestone.fundsInPlace"
                inputmode="numeric"
                label={t('task.field.fundsInPlace')}
              />
              <Field {...common} name="milestone.notes" multiline label={t('task.field.notes')} />
            </fieldset>
          ) : (
            <fieldset>
              <legend>{t('task.outcome.visit')}</legend>
              {task.notBefore ? <p class="muted">{t('visit.notBefore', { date: task.notBefore })}</p> : null}
              <Field {...common} name="visit.visitDate" type="date" label={t('task.field.visitDate')} />
              <Field {...common} name="visit.notes" multiline label={t('task.field.notes')} />
              <Field
                {...common}
                name="visit.fundsInPlace"
                inputmode="numeric"
                label={t('task.field.fundsInPlace')}
              />
            </fieldset>
          )}
          <fieldset>
            <legend>{t('task.outcome.progress')}</legend>
            <p class="muted">{t('task.outcome.progress.hint')}</p>
            <Field
              {...common}
              name="progress.expectedDate"
              type="date"
              label={t('task.field.expectedDate')}
            />
            <Field {...common} name="progress.reason" label={t('task.field.reason')} />
          </fieldset>
          <fieldset>
            <legend>{t('task.outcome.blocker')}</legend>
            <p class="muted">{t('task.outcome.blocker.hint')}</p>
            <Select
              {...common}
              name="blocker.category"
              label={t('task.field.category')}
              options={NEED_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
            />
            <Field {...common} name="blocker.title" label={t('task.field.title')} />
            <Field {...common} name="blocker.description" multiline label={t('task.field.description')} />
          </fieldset>
          <p>
            <button type="submit">{t('task.submit')}</button>
          </p>
        </form>
      ) : null}
      {/* A request left pending when the task closed is moot: not shown as awaiting approval. */}
      {task.move && (task.status === 'open' || task.move.status !== 'pending') ? (
        <MoveState t={t} move={task.move} />
      ) : null}
      <h2>{t('task.page.history')}</h2>
      <Timeline t={t} events={props.history} />
    </Layout>
  );
}
