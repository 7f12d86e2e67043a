import type { FieldError } from '#shared/domain/input-error.ts';
import type { NeedPart } from '#shared/domain/need-part.ts';
import type { Department } from '#shared/domain/organisation.ts';
import type { Need } from '#shared/domain/work-item.ts';
import type { ViewContext } from '../ui/context.ts';
import { Csrf, Field, Select, type Values } from '../ui/form.tsx';
import { departmentName, shanghaiTime } from '../ui/parts.tsx';

/**
 * The need page's 主办/协办 section: the lead department, each part asked of another department with its status,
 * due date and answer; the lead's form to ask a department (and to withdraw an open part); the assisting owner's form
 * to answer their part. Forms post to `/need` (actions askPart, answerPart, withdrawPart).
 */
export function NeedParts(props: {
  ctx: ViewContext;
  need: Need;
  parts: NeedPart[];
  departments: Department[];
  token: string;
  /** The lead may ask and withdraw (the owner, while the need is signed for or committed). */
  lead: boolean;
  /** The open parts the viewer answers for. */
  answers: string[];
  values?: Values;
  errors?: FieldError[];
}) {
  const { ctx, need } = props;
  const { t } = ctx;
  const names = new Map(props.departments.map((d) => [d.id, departmentName(ctx, d)]));
  const common = { t, values: props.values, errors: props.errors };
  if (!props.parts.length && !props.lead) return null;
  const hidden = (action: string, partId?: string) => (
    <>
      <Csrf token={ctx.csrf} />
      <input type="hidden" name="t" value={props.token} />
      <input type="hidden" name="action" value={action} />
      {partId ? <input type="hidden" name="partId" value={partId} /> : null}
    </>
  );
  return (
    <section class="card" id="parts">
      <h2>{t('need.parts.title')}</h2>
      <p>{t('need.parts.lead', { department: names.get(need.ownerDepartmentId ?? '') ?? '—' })}</p>
      {props.parts.length ? (
        <ul>
          {props.parts.map((p) => (
            <li>
              <strong>{names.get(p.departmentId) ?? '—'}</strong> · {p.part} ·{' '}
              {t('need.parts.due', { due: p.dueDate })} · {t(`need.parts.status.${p.status}`)}
              {p.answer ? (
                <p>
                  {t('need.parts.answer')}：{p.answer}{' '}
                  <small>
                    {t('need.parts.answeredAt', {
                      at: p.answeredAt ? shanghaiTime(p.answeredAt) : '',
                      late: p.onTime === false ? t('need.parts.late') : '',
                    })}
                  </small>
                </p>
              ) : null}
              {props.answers.includes(p.id) ? (
                <form method="post" action="/need" novalidate>
                  {hidden('answerPart', p.id)}
                  <Field {...common} name="partAnswer" label={t('need.parts.answer')} multiline required />
                  <button type="submit">{t('need.parts.answerAction')}</button>
                </form>
              ) : null}
              {props.lead && p.status === 'open' ? (
                <form method="post" action="/need" novalidate>
                  {hidden('withdrawPart', p.id)}
                  <button type="submit">{t('need.parts.withdraw')}</button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {props.lead ? (
        <form method="post" action="/need" novalidate>
          <h3>{t('need.parts.ask')}</h3>
          {hidden('askPart')}
          <Select
            {...common}
            name="departmentId"
            label={t('need.parts.department')}
            options={props.departments
              .filter((d) => d.id !== need.ownerDepartmentId)
              .map((d) => ({ value: d.id, label: departmentName(ctx, d) }))}
          />
          <Field {...common} name="part" label={t('need.parts.part')} multiline required />
          <Field {...common} name="dueDate" label={t('need.parts.dueDate')} type="date" required />
          <button type="submit">{t('need.submitAction')}</button>
        </form>
      ) : null}
    </section>
  );
}
