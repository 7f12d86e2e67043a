import { z } from 'zod';
import { can } from '#shared/auth/permissions.ts';
import { INDICATOR_KEYS, type IndicatorKey } from '#shared/domain/indicators.ts';
import { loadScoreboard } from '#shared/scoreboard/scoreboard.ts';
import { route } from '../lib/route.ts';
import { publicJson } from './public.ts';

const Indicator = z.enum(INDICATOR_KEYS as [IndicatorKey, ...IndicatorKey[]]);
const Month = z.object({
  month: z.string(),
  amount: z.number(),
  cumulative: z.number(),
  late: z.number(),
  expected: z.number().nullable(),
  rate: z.number().nullable(),
  schedule: z.enum(['ahead', 'behind', 'noTarget']),
});
const IndicatorOut = z.object({
  key: Indicator,
  unit: z.enum(['wan', 'usdWan', 'count']),
  target: z.number().nullable(),
  achieved: z.number(),
  late: z.number(),
  share: z.number().nullable(),
  firstHalf: z.number(),
  halfway: z.enum(['passed', 'failed', 'pending', 'noTarget']),
  atMonth: Month,
  months: z.array(Month),
});
const Line = z.object({
  id: z.string(),
  name: z.string(),
  nameEn: z.string().optional(),
  indicators: z.array(IndicatorOut),
});
export const ScoreboardOut = z
  .object({
    year: z.number(),
    atMonth: z.string(),
    usdRate: z.number().optional(),
    departments: z.array(Line),
    zone: Line.optional(),
    ranking: z.object({ indicator: Indicator, ids: z.array(z.string()) }),
  })
  .meta({ id: 'Scoreboard' });

/**
 * The scoreboard's indicators for a year (`year`, `month` for 序时进度, `rank` to rank by): every department's and the
 * zone's for a manager, the head's own department's for a head — the same figures as the page and its export.
 */
export const scoreboardFigures = route({
  method: 'GET',
  path: '/api/v1/figures/scoreboard',
  access: 'scoreboard.view',
  handler: async (event, context) => {
    const me = context.principal.staff;
    const only = can(me, 'departments.any') ? undefined : me.departmentId;
    const board = await loadScoreboard(context.deps, event.queryStringParameters ?? {}, only);
    return publicJson(ScoreboardOut, { ...board, zone: board.scoped ? undefined : board.zone });
  },
});
