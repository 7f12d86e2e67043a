import { describe, expect, it } from 'vitest';
import { createCalendar } from '#shared/calendar/working-days.ts';
import { trackingDueAt, trafficLight, workingDaysOverdue } from '#shared/domain/schedule.ts';

const cal = createCalendar();
const at = (iso: string) => new Date(iso);

describe('due dates and traffic lights', () => {
  it('is due at close of business on the planned date', () => {
    expect(trackingDueAt(cal, 'registered', '2026-12-01', at('2026-11-27T02:00:00Z')).toISOString()).toBe(
      '2026-12-01T09:30:00.000Z',
    );
  });

  it('moves a planned date that falls in a holiday to the next working day', () => {
    expect(trackingDueAt(cal, 'registered', '2026-10-03', at('2026-09-01T02:00:00Z')).toISOString()).toBe(
      '2026-10-08T09:30:00.000Z',
    );
  });

  it('without a planned date, allows the milestone’s default working days', () => {
    // registered: 10 working days from Tue 29 Sep 2026: 30 Sep, Oct 8, 9, 10 (make-up Saturday), 12–16, 19
    expect(trackingDueAt(cal, 'registered', undefined, at('2026-09-29T02:00:00Z')).toISOString()).toBe(
      '2026-10-19T09:30:00.000Z',
    );
  });

  it('is green, then yellow within two working days, then red once overdue', () => {
    const due = at('2026-12-04T09:30:00Z'); // Fri 4 Dec close of business
    expect(trafficLight(cal, due, at('2026-11-30T02:00:00Z'))).toBe('green'); // Mon
    expect(trafficLight(cal, due, at('2026-12-02T02:00:00Z'))).toBe('yellow'); // Wed: due within 2 working days
    expect(trafficLight(cal, due, at('2026-12-04T09:00:00Z'))).toBe('yellow');
    expect(trafficLight(cal, due, at('2026-12-04T10:00:00Z'))).toBe('red');
  });

  it('counts working days overdue, not calendar days', () => {
    const due = at('2026-09-30T09:30:00Z');
    expect(workingDaysOverdue(cal, due, at('2026-09-30T08:00:00Z'))).toBe(0);
    expect(workingDaysOverdue(cal, due, at('2026-10-05T08:00:00Z'))).toBe(0); // holiday week
    expect(workingDaysOverdue(cal, due, at('2026-10-08T08:00:00Z'))).toBe(1);
    expect(workingDaysOverdue(cal, due, at('2026-10-10T08:00:00Z'))).toBe(3); // make-up Saturday counts
  });
});
