import { registerEnterprise } from '#shared/enterprises/register.ts';
import { jsonBody } from '../lib/body.ts';
import { visibleEnterprise } from '../lib/enterprise-access.ts';
import { json } from '../lib/respond.ts';
import { route } from '../lib/route.ts';

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
    return json(enterprise, 201);
  },
});

export const readEnterprise = route({
  method: 'GET',
  path: '/api/v1/enterprises/{id}',
  access: 'enterprise.view',
  handler: async (event, context) => {
    return json(await visibleEnterprise(context, event.pathParameters?.id));
  },
});
