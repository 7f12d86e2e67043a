import type { Need } from '#shared/domain/work-item.ts';
import type { Translate } from '#shared/i18n/i18n.ts';

/** One need's facts, as the enterprise and the staff both see them. */
export function NeedSummary(props: { t: Translate; need: Need; ownerDepartment?: string; token?: string }) {
  const { t, need } = props;
  return (
    <dl>
      <dt>{t('need.ref')}</dt>
      <dd>{need.ref}</dd>
      <dt>{t('need.category')}</dt>
      <dd>{t(`category.${need.category}`)}</dd>
      <dt>{t('need.status')}</dt>
      <dd data-status={need.status}>{t(`need.status.${need.status}`)}</dd>
      <dt>{t('need.owner')}</dt>
      <dd>{props.ownerDepartment ?? '—'}</dd>
      <dt>{t('need.committedDate')}</dt>
      <dd>{need.committedDate ?? '—'}</dd>
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
    </dl>
  );
}
