import { z } from 'zod';

/** A working window within a day, in minutes after local midnight. */
export interface Window {
  start: number;
  end: number;
}

/** Office hours: 09:00–12:00 and 13:30–17:30, Asia/Shanghai (seven working hours a day). */
export const OFFICE_HOURS: Window[] = [
  { start: 9 * 60, end: 12 * 60 },
  { start: 13 * 60 + 30, end: 17 * 60 + 30 },
];

const MonthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
const WindowSchema = z.object({
  start: z.number().int().min(0).max(1440),
  end: z.number().int().min(0).max(1440),
});
const Windows = z.array(WindowSchema).min(1).max(3);

/**
 * A season's office hours, every year from one month-day to another, both included (e.g. summer hours 05-01 to
 * 09-30; a season may run over the new year: 11-01 to 03-31).
 */
export const Season = z.object({ from: MonthDay, to: MonthDay, windows: Windows });
export type Season = z.infer<typeof Season>;

/** The office hours the settings keep: the standard windows, and the seasons that replace them on their dates. */
export const OfficeHours = z.object({ standard: Windows, seasons: z.array(Season).max(4) });
export type OfficeHours = z.infer<typeof OfficeHours>;

export const STANDARD_OFFICE_HOURS: OfficeHours = { standard: OFFICE_HOURS, seasons: [] };

const inSeason = (season: Season, monthDay: string) =>
  season.from <= season.to
    ? monthDay >= season.from && monthDay <= season.to
    : monthDay >= season.from || monthDay <= season.to;

/** The windows of a date (YYYY-MM-DD, local): its season's, else the standard ones. */
export function windowsOn(hours: OfficeHours, date: string): Window[] {
  const monthDay = date.slice(5, 10);
  return hours.seasons.find((s) => inSeason(s, monthDay))?.windows ?? hours.standard;
}

/** One problem with the office hours as typed: the field (`standard`, or `seasons.<line>`), a message key. */
export interface OfficeHoursProblem {
  path: string;
  message: 'officeHours.windows' | 'officeHours.season' | 'officeHours.overlap';
}

const TIME = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/;
const minutes = (text: string) => {
  const m = TIME.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
};
const hhmm = (n: number) =>
  `${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;

/** "09:00-12:00 13:30-17:30": windows in order, each starting before it ends, none overlapping the one before. */
function parseWindows(text: string): Window[] | undefined {
  const parts = text
    .trim()
    .split(/[\s,，;；]+/)
    .filter(Boolean);
  if (!parts.length || parts.length > 3) return undefined;
  const windows: Window[] = [];
  for (const part of parts) {
    const [a = '', b = '', ...more] = part.split(/[-–~～至]/);
    const start = minutes(a);
    const end = minutes(b);
    if (more.length || start === undefined || end === undefined || start >= end) return undefined;
    const previous = windows[windows.length - 1];
    if (previous && start < previous.end) return undefined;
    windows.push({ start, end });
  }
  return windows;
}

const REAL_MONTH_DAYS = new Set(
  Array.from({ length: 366 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(5, 10)),
);

/**
 * The office hours form: the standard windows ("09:00-12:00 13:30-17:30") and one season a line ("05-01 09-30
 * 09:00-12:00 14:30-18:00": from, to, its windows). No date may be in two seasons. Returns the hours, or every
 * problem found (nothing is stored then).
 */
export function parseOfficeHours(
  standardText: string,
  seasonsText: string,
): { hours: OfficeHours; problems: [] } | { hours?: undefined; problems: OfficeHoursProblem[] } {
  const problems: OfficeHoursProblem[] = [];
  const standard = parseWindows(standardText);
  if (!standard) problems.push({ path: 'standard', message: 'officeHours.windows' });
  const seasons: Season[] = [];
  seasonsText.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '') return;
    const path = `seasons.${index + 1}`;
    const [from = '', to = '', ...rest] = raw.trim().split(/\s+/);
    const windows = parseWindows(rest.join(' '));
    if (!REAL_MONTH_DAYS.has(from) || !REAL_MONTH_DAYS.has(to)) {
      problems.push({ path, message: 'officeHours.season' });
      return;
    }
    if (!windows) {
      problems.push({ path, message: 'officeHours.windows' });
      return;
    }
    const season = { from, to, windows };
    if ([...REAL_MONTH_DAYS].some((d) => inSeason(season, d) && seasons.some((s) => inSeason(s, d)))) {
      problems.push({ path, message: 'officeHours.overlap' });
      return;
    }
    seasons.push(season);
  });
  if (problems.length || !standard) return { problems };
  const parsed = OfficeHours.safeParse({ standard, seasons });
  if (!parsed.success) return { problems: [{ path: 'seasons', message: 'officeHours.season' }] };
  return { hours: parsed.data, problems: [] };
}

/** The form's text for windows ("09:00-12:00 13:30-17:30"). */
export const windowsText = (windows: readonly Window[]) =>
  windows.map((w) => `${hhmm(w.start)}-${hhmm(w.end)}`).join(' ');

/** The form's text for the seasons, one a line. */
export const seasonsText = (seasons: readonly Season[]) =>
  seasons.map((s) => `${s.from} ${s.to} ${windowsText(s.windows)}`).join('\n');

/** The time of day a window set closes, HH:mm (17:30). */
export const closingTime = (windows: readonly Window[]) => hhmm((windows[windows.length - 1] as Window).end);
