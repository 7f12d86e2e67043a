import { h } from 'preact';
import { CalendarPage } from '#functions/http/pages/calendar.view.tsx';
import { calendarYear } from '#shared/calendar/year.ts';
import { enterArrangement } from '#shared/calendar-admin/enter.ts';
import { missingArrangementYear } from '#shared/calendar-admin/reminder.ts';
import { InputError } from '#shared/domain/input-error.ts';
import { getArrangement } from '#shared/store/calendar.ts';
import { listStaff } from '#shared/store/organisation.ts';
import { formBody } from '../lib/body.ts';
import { html, redirect } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import type { StaffContext } from '../lib/types.ts';
import { shanghaiTime } from '../ui/parts.tsx';

const PATH = '/console/calendar';

/** The year asked for; else the one missing its arrangement; else next year. */
function yearOf(context: StaffContext, asked: string | undefined): number {
  const year = Number(asked);
  if (Number.isInteger(year) && year >= 2000 && year <= 2100) return year;
  const now = context.deps.clock.now();
  return (
    missingArrangementYear(context.deps.calendar, now) ??
    Number(context.deps.calendar.localDate(now).slice(0, 4)) + 1
  );
}

async function pageProps(context: StaffContext, year: number) {
  const [record, staff] = await Promise.all([
    getArrangement(context.deps.db, year),
    listStaff(context.deps.db),
  ]);
  return {
    ctx: context.view,
    year: calendarYear(context.deps.calendar, year),
    entered: record
      ? {
          by: staff.find((s) => s.id === record.enteredBy)?.name ?? record.enteredBy,
          at: shanghaiTime(record.enteredAt),
          version: record.version,
        }
      : undefined,
    mayEdit: true,
  };
}

/** A year's days as the calendar has them, and the form that enters its official arrangement (managers). */
export const calendarPage = route({
  method: 'GET',
  path: PATH,
  access: 'calendar.set',
  handler: async (event, context) => {
    const query = event.queryStringParameters ?? {};
    const year = yearOf(context, query.year);
    const notice = query.saved
      ? context.t('calendar.admin.saved', { year, count: Number(query.moved ?? 0) })
      : undefined;
    return html(h(CalendarPage, { ...(await pageProps(context, year)), notice }));
  },
});

/** A manager enters a year's arrangement (CSRF-checked like every console form); any bad line: nothing stored. */
export const calendarSave = route({
  method: 'POST',
  path: PATH,
  access: 'calendar.set',
  handler: async (event, context) => {
    const form = formBody(event);
    const by = { actor: { kind: 'staff' as const, id: context.principal.staff.id }, channel: 'web' as const };
    try {
      const { record, moved } = await enterArrangement(context.deps, form, by);
      return redirect(`${PATH}?year=${record.year}&saved=1&moved=${moved.length}`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const year = yearOf(context, form.year);
      return html(
        h(CalendarPage, { ...(await pageProps(context, year)), values: form, errors: error.fields }),
        400,
      );
    }
  },
});
