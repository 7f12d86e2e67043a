import { h } from 'preact';
import { EnterprisePage } from '#functions/http/pages/enterprise.view.tsx';
import { EnterpriseFormPage } from '#functions/http/pages/enterprise-form.view.tsx';
import { can, inReach } from '#shared/auth/permissions.ts';
import type { Deps } from '#shared/deps.ts';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { exitProject, reviveProject } from '#shared/enterprises/exit.ts';
import {
  changePlannedDates,
  closeEnterprise,
  pauseEnterprise,
  reassignOfficer,
  restartLifecycle,
  resumeEnterprise,
} from '#shared/enterprises/manage.ts';
import { changeProfile } from '#shared/enterprises/profile.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { createNeed } from '#shared/needs/create.ts';
import { needHandleLink } from '#shared/needs/links.ts';
import { revokePortalLinks, sendPortalLinks } from '#shared/needs/portal.ts';
import type { By } from '#shared/organisation/create.ts';
import { listIntegrations } from '#shared/store/credentials.ts';
import { getEnterprise, getEnterpriseFile } from '#shared/store/enterprises.ts';
import { listDepartments, listStaff } from '#shared/store/organisation.ts';
import { formBody, unflatten } from '../lib/body.ts';
import { visibleEnterprise } from '../lib/enterprise-access.ts';
import { HttpError } from '../lib/errors.ts';
import { limitNewNeed } from '../lib/need-limits.ts';
import { html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import type { HttpEvent, StaffContext } from '../lib/types.ts';
import { departmentName } from '../ui/parts.tsx';
import { profileFromForm } from './enterprise-profile.view.tsx';

/** The departments and people a registration may name: a head's own department and its people, a manager's all. */
async function registrationChoices(context: StaffContext) {
  const me = context.principal.staff;
  const [departments, staff] = await Promise.all([
    listDepartments(context.deps.db),
    listStaff(context.deps.db),
  ]);
  return {
    departments: departments.filter((d) => inReach(me, d.id)),
    staff: staff.filter((s) => inReach(me, s.departmentId)),
  };
}

export const newEnterpriseForm = route({
  method: 'GET',
  path: '/console/enterprises/new',
  access: 'enterprise.register',
  handler: async (_event, context) =>
    html(h(EnterpriseFormPage, { ctx: context.view, ...(await registrationChoices(context)) })),
});

export const registerEnterpriseForm = route({
  method: 'POST',
  path: '/console/enterprises',
  access: 'enterprise.register',
  handler: async (event, context) => {
    const form = formBody(event);
    try {
      const input = { ...unflatten(form, ['contractedInvestment']), profile: profileFromForm(form) };
      const enterprise = await registerEnterprise(context.deps, input, {
        actor: { kind: 'staff', id: context.principal.staff.id },
        channel: 'web',
      });
      return redirect(`/console/enterprises/${enterprise.id}?registered=1`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const choices = await registrationChoices(context);
      return html(
        h(EnterpriseFormPage, { ctx: context.view, ...choices, values: form, errors: error.fields }),
        400,
      );
    }
  },
});

async function enterpriseView(
  context: StaffContext,
  id: string,
  extra: { notice?: string; errors?: FieldError[]; values?: Record<string, string> } = {},
) {
  const file = /^[0-9A-Z]{26}$/.test(id) ? await getEnterpriseFile(context.deps.db, id) : undefined;
  if (!file) throw new HttpError(404, 'error.notFound');
  const me = context.principal.staff;
  if (!can(me, 'enterprise.view', file.enterprise)) throw new HttpError(403, 'error.forbidden');
  const [staff, integrations, departments] = await Promise.all([
    listStaff(context.deps.db),
    listIntegrations(context.deps.db),
    listDepartments(context.deps.db),
  ]);
  // The timeline names who acted: a person, or an integration account as itself (issue 14 item 5).
  const names = new Map([
    ...staff.map((s) => [s.id, s.name] as const),
    ...integrations.map((i) => [i.id, context.t('integrations.actor', { name: i.name })] as const),
  ]);
  // Whom the enterprise may be reassigned to: for a head, the people of their department.
  const manage = can(me, 'enterprise.manage', file.enterprise)
    ? { staff: staff.filter((s) => can(me, 'work.assignTo', s)) }
    : undefined;
  const form = { errors: extra.errors, values: extra.values };
  const today = context.deps.calendar.localDate(context.deps.clock.now());
  // Each need's page, with the viewer's own link, for its owner and the heads and managers over it (a manager merges
  // a duplicate or makes the return visit there).
  const needLinks = new Map(
    file.needs
      .filter(
        (n) => n.ownerId === me.id || can(me, 'board.person', { departmentId: n.ownerDepartmentId ?? '' }),
      )
      .map((n) => [n.id, needHandleLink(context.deps, n, me.id)] as const),
  );
  return h(EnterprisePage, {
    needLinks,
    ctx: context.view,
    file,
    names,
    departments: new Map(departments.map((d) => [d.id, departmentName(context.view, d)])),
    today,
    notice: extra.notice,
    manage,
    form,
    profileEditable: can(me, 'enterprise.profile', file.enterprise),
  });
}

export const enterprisePage = route({
  method: 'GET',
  path: '/console/enterprises/{id}',
  access: 'enterprise.view',
  handler: async (event, context) => {
    const q = event.queryStringParameters ?? {};
    const notice = q.registered
      ? context.t('enterprise.registered')
      : q.done
        ? context.t('manage.done')
        : undefined;
    return html(await enterpriseView(context, event.pathParameters?.id ?? '', { notice }));
  },
});

const ACTIONS = {
  reassign: (deps: Deps, id: string, form: Record<string, unknown>, by: By) =>
    reassignOfficer(deps, id, form, by),
  plan: (deps: Deps, id: string, form: Record<string, unknown>, by: By) =>
    changePlannedDates(deps, id, form, by),
  pause: (deps: Deps, id: string, form: Record<string, unknown>, by: By) =>
    pauseEnterprise(deps, id, form, by),
  resume: (deps: Deps, id: string, _form: Record<string, unknown>, by: By) => resumeEnterprise(deps, id, by),
  close: (deps: Deps, id: string, form: Record<string, unknown>, by: By) =>
    closeEnterprise(deps, id, form, by),
  restart: (deps: Deps, id: string, _form: Record<string, unknown>, by: By) => restartLifecycle(deps, id, by),
  'portal-resend': async (deps: Deps, id: string, _form: Record<string, unknown>, by: By) => {
    const enterprise = await getEnterprise(deps.db, id);
    if (enterprise) await sendPortalLinks(deps, enterprise, by);
  },
  'portal-revoke': (deps: Deps, id: string, _form: Record<string, unknown>, by: By) =>
    revokePortalLinks(deps, id, by),
  // 终止/退出 and 盘活: their forms' fields are `exit.*` / `revive.*` (errors are shown next to those fields only).
  exit: (deps: Deps, id: string, form: Record<string, unknown>, by: By) =>
    prefixErrors('exit', () => exitProject(deps, id, form.exit ?? {}, by)),
  revive: (deps: Deps, id: string, form: Record<string, unknown>, by: By) =>
    prefixErrors('revive', () => reviveProject(deps, id, form.revive ?? {}, by)),
};

/** The action each of them takes on the enterprise (`can()`), where it is not `enterprise.manage`. */
const PERMISSIONS: Partial<Record<keyof typeof ACTIONS, 'enterprise.exit' | 'enterprise.revive'>> = {
  exit: 'enterprise.exit',
  revive: 'enterprise.revive',
};

/** Field errors of a form whose fields are named `<prefix>.<field>`, named as the form names them. */
async function prefixErrors<T>(prefix: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(error.fields.map((f) => ({ ...f, path: `${prefix}.${f.path}` })));
  }
}

/** A manager's (or the department head's) action on one enterprise's lifecycle. */
export const enterpriseAction = route({
  method: 'POST',
  path: '/console/enterprises/{id}/{action}',
  access: 'enterprise.manage',
  handler: async (event, context) => {
    // Only the table's own names (never `__proto__`, `constructor`, … from the object's prototype).
    const name = event.pathParameters?.action ?? '';
    const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name as keyof typeof ACTIONS] : undefined;
    if (!action) throw new HttpError(404, 'error.notFound');
    const permission = PERMISSIONS[name as keyof typeof ACTIONS] ?? 'enterprise.manage';
    return postOnEnterprise(event, context, permission, (enterprise, form, by) =>
      action(context.deps, enterprise.id, form, by),
    );
  },
});

/**
 * A console form posted about one enterprise: check who may, run it, then back to the enterprise page — or the
 * page again with the field errors and what was typed.
 */
async function postOnEnterprise(
  event: HttpEvent,
  context: StaffContext,
  permission: 'enterprise.manage' | 'enterprise.exit' | 'enterprise.revive' | 'need.onBehalf',
  run: (enterprise: Enterprise, form: Record<string, unknown>, by: By) => Promise<unknown>,
) {
  const enterprise = await visibleEnterprise(context, event.pathParameters?.id, permission);
  const form = formBody(event);
  try {
    await run(enterprise, unflatten(form), {
      actor: { kind: 'staff', id: context.principal.staff.id },
      channel: 'web',
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return html(await enterpriseView(context, enterprise.id, { errors: error.fields, values: form }), 400);
  }
  return redirect(`/console/enterprises/${enterprise.id}?done=1`);
}

/** The project's 台账 details, kept by its officer, whoever brought it in, and the heads and managers over it. */
export const enterpriseProfile = route({
  method: 'POST',
  path: '/console/enterprises/{id}/profile',
  access: 'enterprise.view',
  handler: async (event, context) => {
    const enterprise = await visibleEnterprise(context, event.pathParameters?.id);
    if (!can(context.principal.staff, 'enterprise.profile', enterprise))
      throw new HttpError(403, 'error.forbidden');
    const form = formBody(event);
    // The page's form always sends its text fields and the origin select (blank or not): a request with no profile
    // field at all is not from it, and must not wipe the details as if each had been cleared.
    if (!Object.keys(form).some((name) => name.startsWith('profile.')))
      throw new HttpError(400, 'field.invalid');
    try {
      await prefixErrors('profile', () =>
        changeProfile(context.deps, enterprise.id, profileFromForm(form), {
          actor: { kind: 'staff', id: context.principal.staff.id },
          channel: 'web',
        }),
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return html(await enterpriseView(context, enterprise.id, { errors: error.fields, values: form }), 400);
    }
    return redirect(`/console/enterprises/${enterprise.id}?done=1`);
  },
});

/** Any staff member who can see the enterprise can open a need on its behalf (e.g. after a visit or a call). */
export const needOnBehalf = route({
  method: 'POST',
  path: '/console/enterprises/{id}/need',
  access: 'need.onBehalf',
  handler: (event, context) =>
    postOnEnterprise(event, context, 'need.onBehalf', async (enterprise, form, by) => {
      await limitNewNeed(event, context, enterprise.id);
      return createNeed(context.deps, enterprise, form, by);
    }),
});
