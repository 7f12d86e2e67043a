import type { Need } from '#shared/domain/work-item.ts';
import type { Translate } from '#shared/i18n/i18n.ts';
import { complexityOf, natureOf } from '#shared/needs/rules.ts';
import { shanghaiTime } from './parts.tsx';

/** The mark an urgent need carries wherever staff see it (need page, board). */
export function UrgentBadge(props: { t: Translate; need: Pick<Need, 'urgency'> }) {
  return props.need.urgency === 'urgent' ? (
    <strong class="badge urgent" data-urgent="true">
      {props.t('need.urgentBadge')}
    </strong>
  ) : null;
}

/** One need's facts, as the enterprise and the staff both see them. */
export function NeedSummary(props: {
  t: Translate;
  need: Need;
  ownerDepartment?: string;
  /** Who in that department handles it (the enterprise sees its owner by name). */
  ownerName?: string | undefined;
  token?: string;
}) {
  const { t, need } = props;
  return (
    <dl>
      <dt>{t('need.ref')}</dt>
      <dd>
        {need.ref} <UrgentBadge t={t} need={need} />
      </dd>
      <dt>{t('need.category')}</dt>
      <dd>{t(`category.${need.category}`)}</dd>
      <dt>{t('need.nature')}</dt>
      <dd data-nature={natureOf(need)}>{t(`need.nature.${natureOf(need)}`)}</dd>
      <dt>{t('need.urgency')}</dt>
      <dd data-urgency={need.urgency}>{t(`need.urgency.${need.urgency}`)}</dd>
      {need.complexity ? (
        <>
          <dt>{t('need.complexity')}</dt>
          <dd>{t(`need.complexity.${complexityOf(need)}`)}</dd>
        </>
      ) : null}
      {need.firstContactBy ? (
        <>
          <dt>{need.firstContactAt ? t('need.firstContactAt') : t('need.firstContactBy')}</dt>
          <dd data-first-contact={need.firstContactAt ? 'done' : 'owed'}>
            {shanghaiTime(need.firstContactAt ?? need.firstContactBy)}
          </dd>
        </>
      ) : null}
      <dt>{t('need.status')}</dt>
      <dd data-status={need.status}>{t(`need.status.${need.status}`)}</dd>
      <dt>{t('need.owner')}</dt>
      <dd>{`${props.ownerDepartment ?? '—'}${props.ownerName ? ` · ${props.ownerName}` : ''}`}</dd>
      <dt>{t('need.committedDate')}</dt>
      <dd>{need.committedDate ?? '—'}</dd>
      {need.rating ? (
        <>
          <dt>{t('need.rating')}</dt>
          <dd data-rating={need.rating}>{t(`rate.${need.rating}`)}</dd>
        </>
      ) : null}
      {need.attachments.length && props.token ? (
        <>
          <dt>{t('need.attachments')}</dt>
          <dd>
            <ul>
              {need.attachments.map((a) => (
                <li>
                  <a
                    href={`/attachments?${new URLSearchParams({ t: props.token as string, n: need.id, a: a.id })}`}
                  >
                    {a.name}
                  </a>{' '}
                  ({Math.ceil(a.size / 1024)} KB)
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
      {need.answer ? (
        <>
          <dt>{t('need.answer')}</dt>
          <dd>{need.answer}</dd>
        </>
      ) : null}
      {(need.previousAnswers ?? []).map((p) => (
        <>
          <dt>{t('need.previousAnswer')}</dt>
          <dd data-superseded>
            <del>{p.answer}</del>
            {p.ratingComment ? (
              <p class="muted">{t('need.previousAnswer.comment', { comment: p.ratingComment })}</p>
            ) : null}
          </dd>
        </>
      ))}
    </dl>
  );
}
