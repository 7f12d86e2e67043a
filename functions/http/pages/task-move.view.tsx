import type { FieldError } from '#shared/domain/input-error.ts';
import type { DueDateMove, Task } from '#shared/domain/work-item.ts';
import { taskItemLabel } from '#shared/lifecycle/mail.tsx';
import { moveStateKey } from '#shared/lifecycle/move-rules.ts';
import type { ViewContext } from '../ui/context.ts';
import { ChoiceError, Csrf, Field, FormErrors, type Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { Notice } from '../ui/parts.tsx';
import { shanghaiDate } from './task.view.tsx';

export interface TaskMovePageProps {
  ctx: ViewContext;
  task: Task;
  move: DueDateMove;
  requesterName: string;
  /** Every request made on this task, oldest first. */
  history: DueDateMove[];
  /** The form is shown only while this approver may decide this (pending) request. */
  decidable: boolean;
  token: string;
  values?: Values;
  errors?: FieldError[];
  notice?: string;
}

/** An approver's page for one due-date move request, from their emailed link: the task, the dates, the reason. */
export function TaskMovePage(props: TaskMovePageProps) {
  const { ctx, task, move } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('task.move.page.title')}>
      <Notice text={props.notice} />
      <h1>{task.enterpriseName}</h1>
      <dl class="card">
        <dt>{t('task.page.title')}</dt>
        <dd>{taskItemLabel(t, task)}</dd>
        <dt>{t('task.move.requestedBy')}</dt>
        <dd>{props.requesterName}</dd>
        <dt>{t('task.move.requestedAt')}</dt>
        <dd>
          <time datetime={move.requestedAt}>{shanghaiDate(move.requestedAt)}</time>
        </dd>
        <dt>{t('task.move.from')}</dt>
        <dd>
          <time datetime={move.from}>{shanghaiDate(move.from)}</time>
        </dd>
        <dt>{t('task.move.to')}</dt>
        <dd>
          <time datetime={move.to}>{shanghaiDate(move.to)}</time>
        </dd>
        <dt>{t('task.move.reasonLabel')}</dt>
        <dd>{move.reason}</dd>
        {move.notes ? (
          <>
            <dt>{t('task.field.notes')}</dt>
            <dd>{move.notes}</dd>
          </>
        ) : null}
        <dt>{t('task.move.title')}</dt>
        <dd>{t(moveStateKey(move))}</dd>
      </dl>
      {props.decidable && task.kind === 'tracking' && task.milestone ? (
        <p data-replans-milestone={task.milestone}>
          {t('task.move.replans', { milestone: t(`milestone.${task.milestone}`), date: move.expectedDate })}
        </p>
      ) : null}
      {props.decidable ? (
        <form method="post" action="/task/move" class="card" novalidate>
          <h2>{t('task.move.page.title')}</h2>
          <FormErrors t={t} errors={props.errors} />
          <Csrf token={ctx.csrf} />
          <input type="hidden" name="t" value={props.token} />
          <fieldset>
            <legend>{t('task.move.decision')}</legend>
            {(['approve', 'refuse'] as const).map((decision) => (
              <label class="choice">
                <input
                  type="radio"
                  name="decision"
                  value={decision}
                  checked={props.values?.decision === decision}
                />{' '}
                {t(`task.move.${decision}`)}
              </label>
            ))}
            <ChoiceError t={t} errors={props.errors} name="decision" />
          </fieldset>
          <Field
            t={t}
            values={props.values}
            errors={props.errors}
            name="comment"
            multiline
            label={t('task.move.comment')}
          />
          <p>
            <button type="submit">{t('task.move.submit')}</button>
          </p>
        </form>
      ) : null}
      {props.history.length > 1 ? (
        <section>
          <h2>{t('task.move.history')}</h2>
          <ol>
            {props.history.map((m) => (
              <li>
                {t('task.move.historyLine', {
                  at: shanghaiDate(m.requestedAt),
                  from: shanghaiDate(m.from),
                  to: shanghaiDate(m.to),
                  state: t(`task.move.state.${m.status}`),
                  reason: m.reason,
                })}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </Layout>
  );
}
