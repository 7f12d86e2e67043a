import { describe, expect, it } from 'vitest';
import { dueLabel } from '#shared/calendar/due-label.ts';
import { parseOfficeHours, seasonsText, windowsOn, windowsText } from '#shared/calendar/office-hours.ts';
import { createCalendar } from '#shared/calendar/working-days.ts';

/** Summer hours as many cities keep them: 1 May to 30 September, afternoons 14:30–18:00. */
const parsed = parseOfficeHours('09:00-12:00 13:30-17:30', '05-01 09-30 09:00-12:00 14:30-18:00');
if (!parsed.hours) throw new Error('the summer hours should parse');
const hours = parsed.hours;
const cal = createCalendar(undefined, hours);
const local = (dateTime: string) => new Date(`${dateTime}+08:00`);
const iso = (at: Date) => at.toISOString();

describe('seasonal office hours', () => {
  it('reads the form: standard windows, one season a line, and writes it back the same', () => {
    expect(hours).toEqual({
      standard: [
        { start: 540, end: 720 },
        { start: 810, end: 1050 },
      ],
      seasons: [
        {
          from: '05-01',
          to: '09-30',
          windows: [
            { start: 540, end: 720 },
            { start: 870, end: 1080 },
          ],
        },
      ],
    });
    expect(windowsText(hours.standard)).toBe('09:00-12:00 13:30-17:30');
    expect(seasonsText(hours.seasons)).toBe('05-01 09-30 09:00-12:00 14:30-18:00');
    expect(windowsOn(hours, '2027-04-30')).toBe(hours.standard);
    expect(windowsOn(hours, '2027-05-01')).toBe(hours.seasons[0]?.windows);
    expect(windowsOn(hours, '2027-09-30')).toBe(hours.seasons[0]?.windows);
    expect(windowsOn(hours, '2027-10-08')).toBe(hours.standard);
  });

  it('refuses what it cannot use, each problem on its field or line', () => {
    expect(parseOfficeHours('09:00-12:00 11:30-17:30', '').problems).toEqual([
      { path: 'standard', message: 'officeHours.windows' },
    ]);
    expect(parseOfficeHours('17:30-09:00', '').problems).toEqual([
      { path: 'standard', message: 'officeHours.windows' },
    ]);
    expect(
      parseOfficeHours(
        '09:00-17:00',
        '05-01 09-30 09:00-12:00\n02-30 03-01 09:00-12:00\n\n09-01 10-31 08:00-12:00\n06-01 06-30 9:00-1200',
      ).problems,
    ).toEqual([
      { path: 'seasons.2', message: 'officeHours.season' },
      { path: 'seasons.4', message: 'officeHours.overlap' },
      { path: 'seasons.5', message: 'officeHours.windows' },
    ]);
    // A winter season over the new year is one season.
    const winter = parseOfficeHours('09:00-17:00', '11-01 03-31 09:00-12:00 13:00-17:00');
    expect(winter.problems).toEqual([]);
    expect(winter.hours && windowsOn(winter.hours, '2027-01-15')).toEqual([
      { start: 540, end: 720 },
      { start: 780, end: 1020 },
    ]);
  });

  it('opens and closes by the season of each date', () => {
    // Thursday 2027-04-29 (standard) and Thursday 2027-05-06 (summer).
    expect(cal.isOfficeTime(local('2027-04-29T14:00:00'))).toBe(true);
    expect(cal.isOfficeTime(local('2027-05-06T14:00:00'))).toBe(false);
    expect(cal.isOfficeTime(local('2027-05-06T17:45:00'))).toBe(true);
    expect(cal.isOfficeTime(local('2027-04-29T17:45:00'))).toBe(false);
    expect(iso(cal.nextOfficeTime(local('2027-05-06T12:30:00')))).toBe(iso(local('2027-05-06T14:30:00')));
    expect(iso(cal.closeOfBusiness('2027-04-30'))).toBe(iso(local('2027-04-30T17:30:00')));
    expect(iso(cal.closeOfBusiness('2027-05-06'))).toBe(iso(local('2027-05-06T18:00:00')));
    expect(iso(cal.closeOfBusiness('2027-10-08'))).toBe(iso(local('2027-10-08T17:30:00')));
  });

  it('adds working hours across the season boundary, day by day', () => {
    // 2026: Wednesday 30 September is the last summer day (two hours left at 16:00: to 18:00), 1–7 October the
    // holidays, Thursday 8 October standard: the third hour ends at 10:00.
    const c2026 = createCalendar(undefined, hours);
    expect(iso(c2026.addWorkingHours(local('2026-09-30T16:00:00'), 3))).toBe(
      iso(local('2026-10-08T10:00:00')),
    );
    expect(iso(createCalendar().addWorkingHours(local('2026-09-30T16:00:00'), 3))).toBe(
      iso(local('2026-10-08T10:30:00')),
    );
    // Summer afternoons are 3.5 hours: 6.5 working hours a day.
    expect(iso(c2026.addWorkingHours(local('2026-09-29T09:00:00'), 6.5))).toBe(
      iso(local('2026-09-29T18:00:00')),
    );
    expect(iso(c2026.addWorkingHours(local('2026-09-29T09:00:00'), 7))).toBe(
      iso(local('2026-09-30T09:30:00')),
    );
    // Into summer: Thursday 30 April 2026 16:30 (standard, an hour left) + 2 hours; 1–5 May off; Wed 6 May summer.
    expect(iso(c2026.addWorkingHours(local('2026-04-30T16:30:00'), 2))).toBe(
      iso(local('2026-05-06T10:00:00')),
    );
    expect(iso(c2026.addWorkingHours(local('2026-05-06T11:00:00'), 1.5))).toBe(
      iso(local('2026-05-06T15:00:00')),
    );
  });

  it('prints a due instant as a date when it is the close of business of its own day', () => {
    expect(dueLabel(cal.closeOfBusiness('2027-05-06'), cal)).toBe('2027-05-06');
    expect(dueLabel(local('2027-05-06T17:30:00'), cal)).toBe('2027-05-06 17:30');
    expect(dueLabel(cal.closeOfBusiness('2027-04-29'), cal)).toBe('2027-04-29');
    expect(dueLabel(local('2027-04-29T18:00:00'), cal)).toBe('2027-04-29 18:00');
    // Without a calendar, the process's (the standard hours until one is set).
    expect(dueLabel(local('2027-05-06T17:30:00'))).toBe('2027-05-06');
  });
});
