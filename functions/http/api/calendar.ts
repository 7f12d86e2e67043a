import { z } from 'zod';
import { HOLIDAYS } from '#shared/calendar/holidays.ts';
import { calendarYear } from '#shared/calendar/year.ts';
import { parseInput } from '#shared/domain/input-error.ts';
import { translator } from '#shared/i18n/i18n.ts';
import { route } from '../lib/route.ts';
import { publicJson } from './public.ts';

/** `?year=`: four digits, 2000 to 2100 (the dates anyone may enter). */
export const CalendarQuery = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/, 'calendar.year')
    .transform(Number)
    .refine((year) => year >= 2000 && year <= 2100, 'calendar.year'),
});

export const CalendarOut = z
  .object({
    year: z.number().int(),
    provisional: z.boolean().meta({
      description:
        'No State Council arrangement is entered for the year: its holidays are the statutory ones the 全国年节及纪念日放假办法 fixes, with the next working day off for one on a weekend, and no make-up workdays',
    }),
    days: z.array(
      z.object({
        date: z.iso.date(),
        status: z.enum(['workday', 'weekend', 'holiday', 'makeupWorkday']),
        holiday: z.enum(HOLIDAYS).optional(),
        name: z.object({ 'zh-CN': z.string(), en: z.string() }).optional(),
        inLieu: z
          .boolean()
          .optional()
          .meta({ description: 'A weekday off in lieu of a holiday on a weekend' }),
      }),
    ),
  })
  .meta({ id: 'CalendarYear' });

const zh = translator('zh-CN');
const en = translator('en');

/**
 * The working-day calendar of a year, day by day, for anyone (no sign-in): the same for every caller, so both
 * languages' names are in it and it may be cached publicly for an hour (a year entered on the console shows within the hour).
 */
export const calendarApi = route({
  method: 'GET',
  path: '/api/v1/calendar',
  access: 'public',
  handler: async (event, context) => {
    const { year } = parseInput(CalendarQuery, event.queryStringParameters ?? {});
    const { days, ...rest } = calendarYear(context.deps.calendar, year);
    const named = days.map((day) =>
      day.holiday
        ? {
            ...day,
            name: {
              'zh-CN': zh(`calendar.holiday.${day.holiday}`),
              en: en(`calendar.holiday.${day.holiday}`),
            },
          }
        : day,
    );
    const res = publicJson(CalendarOut, { ...rest, days: named });
    return { ...res, headers: { ...res.headers, 'cache-control': 'public, max-age=3600' } };
  },
});
