import type { Enterprise } from '#shared/domain/enterprise.ts';
import type { FundsReport } from '#shared/domain/funds-report.ts';
import type { ViewContext } from '../ui/context.ts';
import { shanghaiTime } from '../ui/parts.tsx';
import { fundsReportHref } from './funds.view.tsx';
import { FundsTable } from './funds-parts.view.tsx';

/** On the enterprise page: the link to report funds (with evidence) and the reports so far. */
export function FundsReportsSection(props: {
  ctx: ViewContext;
  enterprise: Pick<Enterprise, 'id'>;
  /** Its reports, oldest first (the enterprise's file). */
  reports: FundsReport[];
  names: Map<string, string>;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <section data-funds-reports>
      <h2>{t('funds.reports')}</h2>
      <p>
        <a href={`/console/funds/new?${new URLSearchParams({ e: props.enterprise.id })}`}>
          {t('funds.report.link')}
        </a>
      </p>
      <FundsTable
        t={t}
        locale={ctx.locale}
        reports={[...props.reports].reverse()}
        href={fundsReportHref}
        names={props.names}
        time={shanghaiTime}
      />
    </section>
  );
}
