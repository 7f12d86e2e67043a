import { h } from 'preact';
import {
  LeadFiguresPage,
  LeadFormPage,
  LeadPage,
  type LeadPageProps,
  LeadsPage,
} from '#functions/http/pages/leads.view.tsx';
import { can } from '#shared/auth/permissions.ts';
import type { FieldError } from '#shared/domain/input-error.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { type Lead, LeadQuery, LeadStatus } from '#shared/domain/lead.ts';
import type { Staff } from '#shared/domain/organisation.ts';
import { signProject } from '#shared/enterprises/sign.ts';
import { assessLead, ownAssessment } from '#shared/leads/assess.ts';
import { leadFigures } from '#shared/leads/figures.ts';
import { registerLead } from '#shared/leads/register.ts';
import type { By } from '#shared/organisation/create.ts';
import { getEnterprise } from '#shared/store/enterprises.ts';
import { getLead, type LeadScope, leadHistory, listLeads } from '#shared/store/leads.ts';
import { listDepartments, listStaff } from '#shared/store/organisation.ts';
import { formBody, unflatten } from '../lib/body.ts';
import { visibleEnterprise, visibleLead } from '../lib/enterprise-access.ts';
import { HttpError } from '../lib/errors.ts';
import { html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import type { StaffContext } from '../lib/types.ts';

const _isId = (id: string | undefined): id is string => !!id && /^[0-9A-Z]{26}$/.test(id);

/** Whose leads a person's list shows: a manager the zone's, a head their department's, anyone else their own. */
export function leadScopeOf(me: Staff): LeadScope {
  if (can(me, 'departments.any')) return { kind: 'zone' };
  if (can(me, 'lead.assess', { departmentId: me.departmentId })) {
    return { kind: 'department', departmentId: me.departmentId };
  }
  return { kind: 'registrant', staffId: me.id };
}

const byStaff = (context: StaffContext): By => ({
  actor: { kind: 'staff', id: context.principal.staff.id },
  channel: 'web',
});

export const leadsPage = route({
  method: 'GET',
  path: '/console/leads',
  access: 'lead.view',
  handler: async (event, context) => {
    const q = event.queryStringParameters ?? {};
    const status = LeadStatus.safeParse(q.status);
    const query = LeadQuery.safeParse({ cursor: q.cursor });
    if (!query.success) throw new HttpError(400, 'field.invalid');
    const [page, staff] = await Promise.all([
      listLeads(context.deps.db, leadScopeOf(context.principal.staff), {
        ...(status.success ? { status: status.data } : {}),
        ...(query.data.cursor ? { cursor: query.data.cursor } : {}),
      }),
      listStaff(context.deps.db),
    ]);
    return html(
      h(LeadsPage, {
        ctx: context.view,
        leads: page.items,
        status: status.success ? status.data : undefined,
        next: page.next,
        names: new Map(staff.map((s) => [s.id, s.name])),
      }),
    );
  },
});

export const newLeadForm = route({
  method: 'GET',
  path: '/console/leads/new',
  access: 'lead.register',
  handler: async (_event, context) => html(h(LeadFormPage, { ctx: context.view })),
});

export const registerLeadForm = route({
  method: 'POST',
  path: '/console/leads',
  access: 'lead.register',
  handler: async (event, context) => {
    const form = formBody(event);
    try {
      const lead = await registerLead(
        context.deps,
        unflatten(form, ['expectedInvestment']),
        byStaff(context),
      );
      return redirect(`/console/leads/${lead.id}?registered=1`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return html(h(LeadFormPage, { ctx: context.view, values: form, errors: error.fields }), 400);
    }
  },
});

export const leadFiguresPage = route({
  method: 'GET',
  path: '/console/leads/figures',
  access: 'lead.figures',
  handler: async (_event, context) => {
    const [figures, departments] = await Promise.all([
      leadFigures(context.deps),
      listDepartments(context.deps.db),
    ]);
    return html(h(LeadFiguresPage, { ctx: context.view, figures, departments }));
  },
});

/** A lead's page, with the forms its reader may use (研判 for a head of its department, 签约 while in talks). */
async function leadView(
  context: StaffContext,
  lead: Lead,
  extra: Pick<LeadPageProps, 'notice' | 'form'> = {},
) {
  const me = context.principal.staff;
  const [staff, departments, history, earlier, enterprise] = await Promise.all([
    listStaff(context.deps.db),
    listDepartments(context.deps.db),
    leadHistory(context.deps.db, lead.id),
    lead.duplicateOf ? getLead(context.deps.db, lead.duplicateOf) : undefined,
    lead.enterpriseId ? getEnterprise(context.deps.db, lead.enterpriseId) : undefined,
  ]);
  const assignable = staff.filter((s) => s.active && can(me, 'work.assignTo', s));
  // Nobody assesses a lead they registered, nor names themselves its negotiator (the assessor and 首谈人 are two).
  const mayAssess = lead.status === 'registered' && can(me, 'lead.assess', lead) && !ownAssessment(me, lead);
  const maySign =
    !!enterprise &&
    enterprise.stage === 'negotiating' &&
    enterprise.status === 'active' &&
    can(me, 'enterprise.sign', enterprise);
  // The negotiator signing for themselves keeps the aftercare with them unless someone who may assign work says so.
  const officers = assignable.length ? assignable : staff.filter((s) => s.id === me.id);
  return h(LeadPage, {
    ctx: context.view,
    lead,
    earlier,
    enterprise,
    history,
    names: new Map(staff.map((s) => [s.id, s.name])),
    departments,
    ...(mayAssess ? { negotiators: assignable.filter((s) => s.id !== me.id) } : {}),
    ...(maySign ? { officers } : {}),
    ...extra,
  });
}

export const leadPage = route({
  method: 'GET',
  path: '/console/leads/{id}',
  access: 'lead.view',
  handler: async (event, context) => {
    const lead = await visibleLead(context, event.pathParameters?.id);
    const q = event.queryStringParameters ?? {};
    const notice = q.registered
      ? context.t(lead.duplicateOf ? 'lead.registered.duplicate' : 'lead.registered')
      : q.done
        ? context.t('manage.done')
        : undefined;
    return html(await leadView(context, lead, { notice }));
  },
});

export const assessLeadForm = route({
  method: 'POST',
  path: '/console/leads/{id}/assessment',
  access: 'lead.assess',
  handler: async (event, context) => {
    const lead = await visibleLead(context, event.pathParameters?.id, 'lead.assess');
    const form = formBody(event);
    try {
      const result = await assessLead(context.deps, lead.id, unflatten(form), byStaff(context));
      return redirect(
        result.enterprise
          ? `/console/enterprises/${result.enterprise.id}?done=1`
          : `/console/leads/${lead.id}?done=1`,
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const name = form.decision === 'decline' ? 'decline' : 'accept';
      return html(await leadView(context, lead, { form: { name, values: form, errors: error.fields } }), 400);
    }
  },
});

export const signingForm = route({
  method: 'POST',
  path: '/console/enterprises/{id}/signing',
  access: 'enterprise.sign',
  handler: async (event, context) => {
    const enterprise = await visibleEnterprise(context, event.pathParameters?.id, 'enterprise.sign');
    const form = formBody(event);
    try {
      await signProject(
        context.deps,
        enterprise.id,
        unflatten(form, ['contractedInvestment']),
        byStaff(context),
      );
      return redirect(`/console/enterprises/${enterprise.id}?done=1`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const lead = enterprise.origin ? await getLead(context.deps.db, enterprise.origin.leadId) : undefined;
      if (!lead) throw error;
      const errors: FieldError[] = error.fields;
      return html(await leadView(context, lead, { form: { name: 'sign', values: form, errors } }), 400);
    }
  },
});
