import { h } from 'preact';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { reportFunds } from '#shared/funds/report.ts';
import { enterpriseFromPortalLink } from '#shared/needs/portal.ts';
import { fundsReportsOf } from '#shared/store/funds-reports.ts';
import { formBody } from '../lib/body.ts';
import { isMultipart, multipartBody } from '../lib/multipart.ts';
import { refusedLink } from '../lib/refused.ts';
import { html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import type { AppContext } from '../lib/types.ts';
import { formInput } from './funds.ts';
import { FundsPortalPage } from './funds-portal.view.tsx';

async function page(
  context: AppContext,
  enterprise: Enterprise,
  token: string,
  extra: { notice?: string; values?: Record<string, string>; errors?: InputError['fields'] } = {},
) {
  const reports = await fundsReportsOf(context.deps.db, enterprise.id);
  return h(FundsPortalPage, { ctx: context.view, enterprise, token, reports, ...extra });
}

/** The enterprise's funds reports and the form, from its portal link (only its own, ever). */
export const portalFundsPage = route({
  method: 'GET',
  path: '/portal/funds',
  access: 'public',
  handler: async (event, context) => {
    const token = event.queryStringParameters?.t ?? '';
    const found = await enterpriseFromPortalLink(context.deps, token);
    if ('refused' in found) return refusedLink(context, found.refused);
    const notice = event.queryStringParameters?.done ? context.t('funds.submitted') : undefined;
    return html(await page(context, found.enterprise, token, { notice }));
  },
});

/** A report from the enterprise's contacts (the portal link is who they are): checked whole, stored pending. */
export const portalFundsSubmit = route({
  method: 'POST',
  path: '/portal/funds',
  access: 'public',
  handler: async (event, context) => {
    const { fields, files } = isMultipart(event)
      ? await multipartBody(event)
      : { fields: formBody(event), files: [] };
    const token = fields.t ?? '';
    const found = await enterpriseFromPortalLink(context.deps, token);
    if ('refused' in found) return refusedLink(context, found.refused);
    try {
      await reportFunds(
        context.deps,
        found.enterprise,
        formInput(fields),
        { actor: { kind: 'enterprise', id: found.enterprise.id }, channel: 'portal' },
        files,
      );
      return redirect(`/portal/funds?${new URLSearchParams({ t: token, done: '1' })}`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return html(
        await page(context, found.enterprise, token, { values: fields, errors: error.fields }),
        400,
      );
    }
  },
});
