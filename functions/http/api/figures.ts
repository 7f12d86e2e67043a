import { HEADS_AND_MANAGERS } from '#shared/auth/principal.ts';
import { needFigures } from '#shared/needs/figures.ts';
import { json } from '../lib/respond.ts';
import { route } from '../lib/route.ts';

/** Needs figures per department and officer (sign-for and answer on time, satisfaction, days to resolve). */
export const needsFigures = route({
  method: 'GET',
  path: '/api/v1/figures/needs',
  access: HEADS_AND_MANAGERS,
  handler: async (_event, context) => json(await needFigures(context.deps)),
});
