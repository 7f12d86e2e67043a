import { z } from 'zod';
import { byPrincipal } from '#shared/auth/principal.ts';
import { AssessLead, Lead, LeadQuery, NewLead, SignProject } from '#shared/domain/lead.ts';
import { signProject } from '#shared/enterprises/sign.ts';
import { assessLead } from '#shared/leads/assess.ts';
import { leadFigures } from '#shared/leads/figures.ts';
import { registerLead } from '#shared/leads/register.ts';
import { listLeads } from '#shared/store/leads.ts';
import { jsonBody } from '../lib/body.ts';
import { visibleEnterprise, visibleLead } from '../lib/enterprise-access.ts';
import { HttpError } from '../lib/errors.ts';
import { route } from '../lib/route.ts';
import { leadScopeOf } from '../pages/leads.ts';
import { publicJson } from './public.ts';
import { EnterpriseOut } from './schemas.ts';

const _isId = (id: string | undefined): id is string => !!id && /^[0-9A-Z]{26}$/.test(id);

/** A lead as the API shows it: every field it has (a lead holds no secret). */
export const LeadOut = Lead.meta({ id: 'Lead' });
export const NewLeadBody = NewLead.meta({ id: 'NewLead' });
export const AssessLeadBody = AssessLead.meta({ id: 'AssessLead' });
export const SignProjectBody = SignProject.meta({ id: 'SignProject' });
export const LeadListOut = z
  .object({ items: z.array(LeadOut), next: z.string().optional() })
  .meta({ id: 'LeadList' });
export const AssessmentOut = z
  .object({ lead: LeadOut, enterprise: EnterpriseOut.optional() })
  .meta({ id: 'LeadAssessment' });
const FiguresRow = z.object({
  id: z.string(),
  name: z.string(),
  departmentId: z.string().optional(),
  registered: z.number(),
  duplicates: z.number(),
  accepted: z.number(),
  declined: z.number(),
  signed: z.number(),
  contracted: z.number(),
});
export const LeadFiguresOut = z
  .object({ departments: z.array(FiguresRow), people: z.array(FiguresRow) })
  .meta({ id: 'LeadFigures' });

export const createLead = route({
  method: 'POST',
  path: '/api/v1/leads',
  access: 'lead.register',
  handler: async (event, context) => {
    const lead = await registerLead(context.deps, jsonBody(event), byPrincipal(context.principal));
    return publicJson(LeadOut, lead, 201);
  },
});

/** The leads the caller may see (their own; a head's department's; a manager's zone's), newest first. */
export const listLeadsApi = route({
  method: 'GET',
  path: '/api/v1/leads',
  access: 'lead.view',
  handler: async (event, context) => {
    const query = LeadQuery.safeParse(event.queryStringParameters ?? {});
    if (!query.success) throw new HttpError(400, 'field.invalid');
    const page = await listLeads(context.deps.db, leadScopeOf(context.principal.staff), query.data);
    return publicJson(LeadListOut, { items: page.items, ...(page.next ? { next: page.next } : {}) });
  },
});

export const assessLeadApi = route({
  method: 'POST',
  path: '/api/v1/leads/{id}/assessment',
  access: 'lead.assess',
  handler: async (event, context) => {
    const lead = await visibleLead(context, event.pathParameters?.id, 'lead.assess');
    const result = await assessLead(context.deps, lead.id, jsonBody(event), byPrincipal(context.principal));
    return publicJson(AssessmentOut, result);
  },
});

export const signProjectApi = route({
  method: 'POST',
  path: '/api/v1/enterprises/{id}/signing',
  access: 'enterprise.sign',
  handler: async (event, context) => {
    const enterprise = await visibleEnterprise(context, event.pathParameters?.id, 'enterprise.sign');
    const signed = await signProject(
      context.deps,
      enterprise.id,
      jsonBody(event),
      byPrincipal(context.principal),
    );
    return publicJson(EnterpriseOut, signed);
  },
});

/** The cadres' leaderboard: per department and per person. */
export const leadFiguresApi = route({
  method: 'GET',
  path: '/api/v1/figures/leads',
  access: 'lead.figures',
  handler: async (_event, context) => publicJson(LeadFiguresOut, await leadFigures(context.deps)),
});
