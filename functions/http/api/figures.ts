import { needFigures } from '#shared/needs/figures.ts';
import { getRouting, setRouting } from '#shared/needs/routing.ts';
import { jsonBody } from '../lib/body.ts';
import { json } from '../lib/respond.ts';
import { route } from '../lib/route.ts';

/** Needs figures per department and officer (sign-for and answer on time, satisfaction, days to resolve). */
export const needsFigures = route({
  method: 'GET',
  path: '/api/v1/figures/needs',
  access: 'need.figures',
  handler: async (_event, context) => json(await needFigures(context.deps)),
});

/** The needs routing table (category → department), read by heads and managers, set by managers. */
export const needsRouting = route({
  method: 'GET',
  path: '/api/v1/settings/need-routing',
  access: 'need.routing.view',
  handler: async (_event, context) => json(await getRouting(context.deps)),
});

export const setNeedsRouting = route({
  method: 'PUT',
  path: '/api/v1/settings/need-routing',
  access: 'need.routing.set',
  handler: async (event, context) => {
    const principal = context.principal;
    const by = {
      actor: { kind: 'staff' as const, id: principal.staff.id },
      channel: principal.via === 'token' ? ('api' as const) : ('web' as const),
    };
    return json(await setRouting(context.deps, jsonBody(event), by));
  },
});
