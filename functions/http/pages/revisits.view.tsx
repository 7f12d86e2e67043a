import { dueLabel } from '#shared/calendar/due-label.ts';
import type { RevisitList } from '#shared/needs/revisit-list.ts';
import type { ViewContext } from '../ui/context.ts';
import { Layout } from '../ui/layout.tsx';

/** `/console/revisits`: the needs awaiting their return visit, earliest due first, each linked to its page. */
export function RevisitsPage(props: { ctx: ViewContext; list: RevisitList; limit?: string }) {
  const { ctx, list } = props;
  const { t } = ctx;
  const nextHref = list.next
    ? `/console/revisits?${new URLSearchParams({ ...(props.limit ? { limit: props.limit } : {}), cursor: list.next })}`
    : undefined;
  const rating = (r: RevisitList['rows'][number]['rating']) =>
    r === 'satisfied' || r === 'basicallySatisfied' || r === 'unsatisfied'
      ? t(`rate.${r}`)
      : t('revisits.notRated');
  return (
    <Layout ctx={ctx} title={t('revisits.title')}>
      <h1>{t('revisits.title')}</h1>
      <p class="muted">{t('revisits.intro')}</p>
      {list.rows.length === 0 ? (
        <p data-empty>{t('revisits.empty')}</p>
      ) : (
        <table class="responsive">
          <thead>
            <tr>
              <th>{t('board.light')}</th>
              <th>{t('revisits.due')}</th>
              <th>{t('need.ref')}</th>
              <th>{t('board.item')}</th>
              <th>{t('board.enterprise')}</th>
              <th>{t('board.owner')}</th>
              <th>{t('revisits.rating')}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((r) => (
              <tr data-light={r.light} data-item={r.id}>
                <td>
                  <span class={`light ${r.light}`}>{t(`light.${r.light}`)}</span>
                </td>
                <td>
                  <time datetime={r.dueAt}>{dueLabel(r.dueAt)}</time>
                </td>
                <td>{r.ref}</td>
                <td>
                  <a href={r.href}>{r.title}</a>
                </td>
                <td>
                  <a href={`/console/enterprises/${r.enterpriseId}`}>{r.enterpriseName}</a>
                </td>
                <td>{r.ownerName}</td>
                <td>{rating(r.rating)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextHref ? (
        <p>
          <a href={nextHref}>{t('console.next')}</a>
        </p>
      ) : null}
    </Layout>
  );
}
