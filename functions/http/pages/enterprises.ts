import { h } from 'preact';
import { canSeeEnterprise } from '#shared/auth/access.ts';
import { ALL_STAFF, HEADS_AND_MANAGERS } from '#shared/auth/principal.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { getEnterpriseFile } from '#shared/store/enterprises.ts';
import { listDepartments, listStaff } from '#shared/store/organisation.ts';
import { EnterpriseFormPage } from '#shared/views/enterprise-form.tsx';
import { EnterprisePage } from '#shared/views/enterprise-page.tsx';
import { formBody, unflatten } from '../lib/body.ts';
import { HttpError } from '../lib/errors.ts';
import { html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';

export const newEnterpriseForm = route({
  method: 'GET',
  path: '/console/enterprises/new',
  access: HEADS_AND_MANAGERS,
  handler: async (_event, context) => {
    const [departments, staff] = await Promise.all([
      listDepartments(context.deps.db),
      listStaff(context.deps.db),
    ]);
    return html(h(EnterpriseFormPage, { ctx: context.view, departments, staff }));
  },
});

export const registerEnterpriseForm = route({
  method: 'POST',
  path: '/console/enterprises',
  access: HEADS_AND_MANAGERS,
  handler: async (event, context) => {
    const form = formBody(event);
    try {
      const enterprise = await registerEnterprise(context.deps, unflatten(form, ['contractedInvestment']), {
        actor: { kind: 'staff', id: context.principal!.staff.id },
        channel: 'web',
      });
      return redirect(`/console/enterprises/${enterprise.id}?registered=1`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const [departments, staff] = await Promise.all([
        listDepartments(context.deps.db),
        listStaff(context.deps.db),
      ]);
      return html(
        h(EnterpriseFormPage, { ctx: context.view, departments, staff, values: form, errors: error.fields }),
        400,
      );
    }
  },
});

export const enterprisePage = route({
  method: 'GET',
  path: '/console/enterprises/{id}',
  access: ALL_STAFF,
  handler: async (event, context) => {
    const id = event.pathParameters?.id ?? '';
    const file = /^[0-9A-Z]{26}$/.test(id) ? await getEnterpriseFile(context.deps.db, id) : undefined;
    if (!file) throw new HttpError(404, 'error.notFound');
    if (!canSeeEnterprise(context.principal!, file.enterprise)) throw new HttpError(403, 'error.forbidden');
    const names = new Map((await listStaff(context.deps.db)).map((s) => [s.id, s.name]));
    const notice = event.queryStringParameters?.registered ? context.t('enterprise.registered') : undefined;
    return html(h(EnterprisePage, { ctx: context.view, file, names, notice }));
  },
});
