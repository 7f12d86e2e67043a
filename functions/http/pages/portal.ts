import { h } from 'preact';
import { InputError } from '#shared/domain/input-error.ts';
import { createNeed } from '#shared/needs/create.ts';
import { enterpriseFromPortalLink } from '#shared/needs/portal.ts';
import { getEnterpriseFile } from '#shared/store/enterprises.ts';
import { listDepartments } from '#shared/store/organisation.ts';
import { PortalPage } from '#shared/views/portal-page.tsx';
import { formBody } from '../lib/body.ts';
import { HttpError } from '../lib/errors.ts';
import { refusedLink } from '../lib/refused.ts';
import { html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import type { AppContext } from '../lib/types.ts';

async function portal(
  context: AppContext,
  enterpriseId: string,
  token: string,
  extra: { values?: Record<string, string>; errors?: InputError['fields']; notice?: string } = {},
) {
  const [file, departments] = await Promise.all([
    getEnterpriseFile(context.deps.db, enterpriseId),
    listDepartments(context.deps.db),
  ]);
  if (!file) throw new HttpError(404, 'error.notFound');
  const history = new Map(file.needs.map((n) => [n.id, file.timeline.filter((e) => e.subject.id === n.id)]));
  return h(PortalPage, {
    ctx: context.view,
    enterprise: file.enterprise,
    token,
    needs: [...file.needs].reverse(),
    history,
    departments: new Map(departments.map((d) => [d.id, d.name])),
    ...extra,
  });
}

/** The enterprise's portal, from its personal link: only that enterprise's needs, ever. */
export const portalPage = route({
  method: 'GET',
  path: '/portal',
  access: 'public',
  handler: async (event, context) => {
    const token = event.queryStringParameters?.t ?? '';
    const found = await enterpriseFromPortalLink(context.deps, token);
    if ('refused' in found) return refusedLink(context, found.refused);
    const ref = event.queryStringParameters?.ref;
    const notice = ref ? context.t('portal.submitted', { ref }) : undefined;
    return html(await portal(context, found.enterprise.id, token, { notice }));
  },
});

/** A need from the portal form: stored (with its reference number) before anything else happens. */
export const portalSubmit = route({
  method: 'POST',
  path: '/portal',
  access: 'public',
  handler: async (event, context) => {
    const form = formBody(event);
    const token = form.t ?? '';
    const found = await enterpriseFromPortalLink(context.deps, token);
    if ('refused' in found) return refusedLink(context, found.refused);
    const { t: _t, _csrf, ...fields } = form;
    const input = Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== ''));
    try {
      const need = await createNeed(context.deps, found.enterprise, input, {
        actor: { kind: 'enterprise', id: found.enterprise.id },
        channel: 'portal',
      });
      return redirect(`/portal?${new URLSearchParams({ t: token, ref: need.ref })}`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return html(
        await portal(context, found.enterprise.id, token, { values: form, errors: error.fields }),
        400,
      );
    }
  },
});
