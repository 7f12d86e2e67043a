import { z } from 'zod';
import {
  type ArrangementProblem,
  arrangementProblems,
  parseArrangementLines,
  type YearArrangement,
} from '../calendar/arrangement.ts';
import { HOLIDAYS, type Holiday } from '../calendar/holidays.ts';
import { isLive } from '../calendar/live.ts';
import { calendarChanged, refreshCalendar } from '../calendar/refresh.ts';
import type { Calendar } from '../calendar/working-days.ts';
import type { Deps } from '../deps.ts';
import { ConflictError } from '../domain/errors.ts';
import { InputError } from '../domain/input-error.ts';
import { LOCALES, translator } from '../i18n/i18n.ts';
import type { By } from '../organisation/create.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { type ArrangementRecord, arrangementChange, getArrangement } from '../store/calendar.ts';
import { transact } from '../store/write.ts';
import { type MovedItem, moveOpenDueDates } from './move.ts';

/** Every name a holiday goes by on the form: its key, and its words in each language (also lower-cased). */
export const HOLIDAY_NAMES: ReadonlyMap<string, Holiday> = new Map(
  HOLIDAYS.flatMap((h) => [
    [h, h] as const,
    ...LOCALES.flatMap((l) => {
      const word = translator(l)(`calendar.holiday.${h}`);
      return [[word, h] as const, [word.toLowerCase(), h] as const];
    }),
    // The short names people type: 清明 for 清明节, 端午 for 端午节 …
    ...LOCALES.flatMap((l) => {
      const word = translator(l)(`calendar.holiday.${h}`);
      return word.endsWith('节') ? [[word.slice(0, -1), h] as const] : [];
    }),
  ]),
);

/** The form: the year, its days off and make-up workdays as lines, and the version the manager saw (0: none). */
export const ArrangementForm = z.object({
  year: z.coerce
    .number({ error: 'calendar.year' })
    .int('calendar.year')
    .min(2000, 'calendar.year')
    .max(2100, 'calendar.year'),
  holidays: z.string().max(8000).default(''),
  workdays: z.string().max(4000).default(''),
  version: z.coerce.number().int().min(0).default(0),
});

/** A problem as a field error: `holidays.3` (its line), or `holidays.2027-02-08` (a date the law names). */
const fieldOf = (p: ArrangementProblem, lines: Record<'holidays' | 'workdays', number[]>) => ({
  path:
    p.line > 0 ? `${p.list}.${lines[p.list][p.line - 1] ?? p.line}` : p.date ? `${p.list}.${p.date}` : p.list,
  message: p.message,
});

export interface Entered {
  record: ArrangementRecord;
  moved: MovedItem[];
}

/**
 * A manager enters a year's official arrangement: every line read and checked before anything is stored (a problem
 * on any line: nothing stored); then the year replaced whole — a versioned conditional write over the version the
 * manager saw, with its audit event, in one transaction — and the calendar of this process re-read, so the year is
 * official at once (other processes within a minute). Then the open due dates computed in working days move and
 * their owners are told (`moveOpenDueDates`).
 */
export async function enterArrangement(deps: Deps, input: unknown, by: By): Promise<Entered> {
  const parsedForm = ArrangementForm.safeParse(input);
  if (!parsedForm.success) throw InputError.field('year', 'calendar.year');
  const form = parsedForm.data;
  // A past year's days are history: what was counted in them stays as it was counted.
  if (form.year < Number(deps.calendar.localDate(deps.clock.now()).slice(0, 4)))
    throw InputError.field('year', 'calendar.admin.pastYear');
  const holidays = parseArrangementLines('holidays', form.holidays, HOLIDAY_NAMES);
  const workdays = parseArrangementLines('workdays', form.workdays, HOLIDAY_NAMES);
  const lines = { holidays: holidays.lines, workdays: workdays.lines };
  const arrangement: YearArrangement = { year: form.year, holidays: holidays.days, workdays: workdays.days };
  const readProblems = [...holidays.problems, ...workdays.problems];
  // A line that cannot be read is reported on its line; only a readable arrangement is checked as a whole.
  if (readProblems.length)
    throw new InputError(readProblems.map((p) => ({ path: `${p.list}.${p.line}`, message: p.message })));
  const problems = arrangementProblems(arrangement);
  if (problems.length) throw new InputError(problems.map((p) => fieldOf(p, lines)));

  const before = await getArrangement(deps.db, form.year);
  if ((before?.version ?? 0) !== form.version) throw InputError.field('version', 'calendar.admin.conflict');
  const now = deps.clock.now();
  // The calendars a stored due date was computed with — as it was, and as the year was before any entry (so saving
  // again finishes an entry interrupted half-way): the due dates they computed are the ones that move.
  await refreshCalendar(deps);
  const old = before ? beforeCalendars(deps, form.year) : beforeCalendars(deps, undefined);
  const record = { ...arrangement, enteredAt: now.toISOString(), enteredBy: by.actor.id ?? by.actor.kind };
  try {
    await transact(deps.db, [
      arrangementChange(deps.db, before, record),
      auditItem(
        deps.db,
        newAudit(now, {
          ...by,
          action: 'calendar.arranged',
          subject: { kind: 'calendar', id: String(form.year) },
          details: {
            year: form.year,
            holidays: arrangement.holidays,
            workdays: arrangement.workdays,
            previous: before
              ? { version: before.version, holidays: before.holidays, workdays: before.workdays }
              : null,
          },
        }),
      ),
    ]);
  } catch (error) {
    if (error instanceof ConflictError) throw InputError.field('version', 'calendar.admin.conflict');
    throw error;
  }
  calendarChanged(deps);
  await refreshCalendar(deps);
  const moved = await moveOpenDueDates(deps, old, form.year, by);
  return { record: { ...record, version: (before?.version ?? 0) + 1 }, moved };
}

/** The calendar as this process has it now, frozen, and — for a year entered before — that year as it was unentered. */
function beforeCalendars(deps: Pick<Deps, 'calendar'>, year: number | undefined): Calendar[] {
  if (!isLive(deps.calendar)) return [deps.calendar];
  return year === undefined
    ? [deps.calendar.current()]
    : [deps.calendar.current(), deps.calendar.without(year)];
}
