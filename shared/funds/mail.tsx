import type { Deps } from '../deps.ts';
import type { FundsReport } from '../domain/funds-report.ts';
import { type Locale, translator } from '../i18n/i18n.ts';
import type { Mail } from '../mail/mailer.ts';
import { composeMail } from '../mail/shell.tsx';
import type { Address } from '../notify/channel.ts';

/** A report's page in the console (where its verifier decides and its staff reporter reads the outcome). */
export const fundsReportUrl = (
  deps: Pick<Deps, 'config'>,
  report: Pick<FundsReport, 'enterpriseId' | 'id'>,
) => new URL(`/console/funds/${report.enterpriseId}/${report.id}`, deps.config.BASE_URL).toString();

function vars(locale: Locale, report: FundsReport) {
  const t = translator(locale);
  return {
    enterprise: report.enterpriseName,
    kind: t(`funds.kind.${report.kind}`),
    amount: report.amount.toLocaleString(locale),
    date: report.evidenceDate,
    late: report.late ? ` · ${t('funds.lateTag')}` : '',
    reason: report.reason ?? '',
  };
}

/** To a verifier: a report awaits their verification. */
export function fundsToVerifyMail(p: {
  locale?: Locale;
  to: Address;
  name: string;
  report: FundsReport;
  url: string;
}): Mail {
  const locale = p.locale ?? 'zh-CN';
  const t = translator(locale);
  const v = { ...vars(locale, p.report), name: p.name };
  return composeMail({
    to: [p.to],
    subject: t('mail.funds.verify.subject', v),
    body: t('mail.funds.verify.body', v),
    links: [{ url: p.url }],
    footer: t('mail.footer'),
  });
}

/** To the reporter (a staff member, or the enterprise's contacts): the report was rejected, and why. */
export function fundsRejectedMail(p: {
  locale?: Locale;
  to: Address[];
  report: FundsReport;
  url?: string;
}): Mail {
  const locale = p.locale ?? 'zh-CN';
  const t = translator(locale);
  const v = vars(locale, p.report);
  return composeMail({
    to: p.to,
    subject: t('mail.funds.rejected.subject', v),
    body: t('mail.funds.rejected.body', v),
    links: p.url ? [{ url: p.url }] : [],
    footer: t('mail.footer'),
  });
}
