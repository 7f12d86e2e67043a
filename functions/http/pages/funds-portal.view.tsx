import type { Enterprise } from '#shared/domain/enterprise.ts';
import type { FundsReport } from '#shared/domain/funds-report.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import type { ViewContext } from '../ui/context.ts';
import type { Values } from '../ui/form.tsx';
import { Layout } from '../ui/layout.tsx';
import { Notice, shanghaiTime } from '../ui/parts.tsx';
import { FundsForm, FundsTable } from './funds-parts.view.tsx';

/** `/portal/funds`: the enterprise reports funds in place with its evidence, and sees what became of its reports. */
export function FundsPortalPage(props: {
  ctx: ViewContext;
  enterprise: Enterprise;
  token: string;
  reports: FundsReport[];
  notice?: string;
  values?: Values;
  errors?: FieldError[];
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('funds.report.title')}>
      <Notice text={props.notice} />
      <h1>{props.enterprise.name}</h1>
      <p>
        <a href={`/portal?${new URLSearchParams({ t: props.token })}`}>{t('funds.portal.back')}</a>
      </p>
      <h2>{t('funds.report.title')}</h2>
      <FundsForm
        ctx={ctx}
        enterprise={props.enterprise}
        action="/portal/funds"
        hidden={{ t: props.token }}
        values={props.values}
        errors={props.errors}
      />
      <h2>{t('funds.reports')}</h2>
      <FundsTable t={t} locale={ctx.locale} reports={[...props.reports].reverse()} time={shanghaiTime} />
    </Layout>
  );
}
