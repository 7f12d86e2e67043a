import { can } from '#shared/auth/permissions.ts';
import { getApprovalRouting, setApprovalRouting } from '#shared/lifecycle/approval-routing.ts';
import { getClocks, setClocks } from '#shared/needs/clocks.ts';
import { needFigures } from '#shared/needs/figures.ts';
import { getRouting, setRouting } from '#shared/needs/routing.ts';
import { jsonBody } from '../lib/body.ts';
import { route } from '../lib/route.ts';
import type { StaffContext } from '../lib/types.ts';
import { publicJson } from './public.ts';
import { ApprovalRoutingSchema, NeedClocksSchema, NeedFiguresOut, RoutingTableSchema } from './schemas.ts';

/** Who changes a setting through the API: the signed-in person, by token (`api`) or from a page's script (`web`). */
const apiBy = (context: StaffContext) => ({
  actor: { kind: 'staff' as const, id: context.principal.staff.id },
  channel: context.principal.via === 'token' ? ('api' as const) : ('web' as const),
});

/** Needs figures per department and officer (sign-for and answer on time, satisfaction, days to resolve). */
export const needsFigures = route({
  method: 'GET',
  path: '/api/v1/figures/needs',
  access: 'need.figures',
  // A head reads their department's figures (and its people's); a manager the zone's.
  handler: async (_event, context) => {
    const me = context.principal.staff;
    const only = can(me, 'departments.any') ? undefined : me.departmentId;
    return publicJson(NeedFiguresOut, await needFigures(context.deps, only));
  },
});

/** The needs routing table (category → department), read by heads and managers, set by managers. */
export const needsRouting = route({
  method: 'GET',
  path: '/api/v1/settings/need-routing',
  access: 'need.routing.view',
  handler: async (_event, context) => publicJson(RoutingTableSchema, await getRouting(context.deps)),
});

export const setNeedsRouting = route({
  method: 'PUT',
  path: '/api/v1/settings/need-routing',
  access: 'need.routing.set',
  handler: async (event, context) => {
    return publicJson(RoutingTableSchema, await setRouting(context.deps, jsonBody(event), apiBy(context)));
  },
});

/** The approvals routing table (approval → department), read by heads and managers, set by managers. */
export const approvalsRouting = route({
  method: 'GET',
  path: '/api/v1/settings/approval-routing',
  access: 'need.routing.view',
  handler: async (_event, context) =>
    publicJson(ApprovalRoutingSchema, await getApprovalRouting(context.deps)),
});

export const setApprovalsRouting = route({
  method: 'PUT',
  path: '/api/v1/settings/approval-routing',
  access: 'need.routing.set',
  handler: async (event, context) => {
    return publicJson(
      ApprovalRoutingSchema,
      await setApprovalRouting(context.deps, jsonBody(event), apiBy(context)),
    );
  },
});

/** The needs clock table (nature × urgency: first contact, sign-for, resolution), read by heads and managers, set by managers. */
export const needClocksApi = route({
  method: 'GET',
  path: '/api/v1/settings/need-clocks',
  access: 'need.clocks.view',
  handler: async (_event, context) => publicJson(NeedClocksSchema, await getClocks(context.deps)),
});

export const setNeedClocksApi = route({
  method: 'PUT',
  path: '/api/v1/settings/need-clocks',
  access: 'need.clocks.set',
  handler: async (event, context) => {
    return publicJson(NeedClocksSchema, await setClocks(context.deps, jsonBody(event), apiBy(context)));
  },
});
