import { byPrincipal } from '#shared/auth/principal.ts';
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
    // An integration account's token registers as the integration, not as a person (issue 14 item 5).
    const enterprise = await registerEnterprise(context.deps, jsonBody(event), byPrincipal(principal));
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
