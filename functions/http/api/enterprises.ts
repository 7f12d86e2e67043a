import { registerEnterprise } from '#shared/enterprises/register.ts';
import { jsonBody } from '../lib/body.ts';
import { visibleEnterprise } from '../lib/enterprise-access.ts';
import { route } from '../lib/route.ts';
import { publicJson } from './public.ts';
import { EnterpriseOut } from './schemas.ts';

export const createEnterprise = route({
  method: 'POST',
  path: '/api/v1/enterprises',
  access: 'enterprise.register',
  handler: async (event, context) => {
    const principal = context.principal;
    const enterprise = await registerEnterprise(context.deps, jsonBody(event), {
      actor: { kind: 'staff', id: principal.staff.id },
      channel: principal.via === 'token' ? 'api' : 'web',
    });
    return publicJson(EnterpriseOut, enterprise, 201);
  },
});

export const readEnterprise = route({
  method: 'GET',
  path: '/api/v1/enterprises/{id}',
  access: 'enterprise.view',
  handler: async (event, context) => {
    return publicJson(EnterpriseOut, await visibleEnterprise(context, event.pathParameters?.id));
  },
});
