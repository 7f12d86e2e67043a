import { DateTime } from 'luxon';
import type { Calendar, CalendarDay } from './working-days.ts';

/** A year of the calendar, day by day; `provisional` when no official arrangement covers it (see `Calendar`). */
export interface CalendarYear {
  year: number;
  provisional: boolean;
  days: CalendarDay[];
}

export function calendarYear(calendar: Calendar, year: number): CalendarYear {
  const days: CalendarDay[] = [];
  const end = DateTime.utc(year, 12, 31);
  for (let d = DateTime.utc(year, 1, 1); d <= end; d = d.plus({ days: 1 }))
    days.push(calendar.day(d.toISODate() as string));
  return { year, provisional: calendar.provisional(year), days };
}
