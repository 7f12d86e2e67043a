import type { ViewContext } from '../ui/context.ts';

/** Managers, from 1 November while next year is provisional: its arrangement is missing — with the page to enter it. */
export function CalendarBanner(props: { ctx: ViewContext; year: number }) {
  const { t } = props.ctx;
  return (
    <p class="notice" role="status" data-calendar-missing={props.year}>
      {t('calendar.banner', { year: props.year })}{' '}
      <a href={`/console/calendar?year=${props.year}`}>{t('calendar.banner.link', { year: props.year })}</a>
    </p>
  );
}
