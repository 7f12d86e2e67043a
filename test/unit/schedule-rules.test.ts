import { describe, expect, it } from 'vitest';
import { createCalendar } from '#shared/calendar/working-days.ts';
import {
  DEFAULT_MILESTONE_WORKING_DAYS,
  trackingDueAt,
  trafficLight,
  workingDaysOverdue,
} from '#shared/domain/schedule.ts';
import { MILESTONES } from '#shared/domain/stage.ts';

const cal = createCalendar();
const at = (iso: string) => new Date(iso);
/** Close of business (17:30 Shanghai) on a date. */
const cob = (date: string) => at(`${date}T09:30:00.000Z`);

describe('trafficLight', () => {
  it('is still yellow at the exact due instant, and red a millisecond later', () => {
    const due = cob('2026-12-04');
    expect(trafficLight(cal, due, due)).toBe('yellow');
    expect(trafficLight(cal, due, new Date(due.getTime() + 1))).toBe('red');
  });

  it('counts the yellow window in working days, over a weekend', () => {
    const due = cob('2026-11-30'); // Mon
    expect(trafficLight(cal, due, at('2026-11-25T02:00:00Z'))).toBe('green'); // Wed: window ends Fri
    expect(trafficLight(cal, due, at('2026-11-26T02:00:00Z'))).toBe('yellow'); // Thu: Fri, Mon
    expect(trafficLight(cal, due, at('2026-11-27T02:00:00Z'))).toBe('yellow'); // Fri
  });

  it('counts the make-up Saturday and skips the Spring Festival', () => {
    const due = cob('2026-02-24'); // Tue, first working day after the holiday
    expect(trafficLight(cal, due, at('2026-02-12T02:00:00Z'))).toBe('green'); // Thu: window 13, 14 Feb
    expect(trafficLight(cal, due, at('2026-02-13T02:00:00Z'))).toBe('yellow'); // Fri: 14 Feb, 24 Feb
    expect(trafficLight(cal, due, at('2026-02-18T02:00:00Z'))).toBe('yellow'); // in the holiday
  });

  it('takes today in Shanghai: 01:00 on Thursday there is still Wednesday in UTC', () => {
    const due = cob('2026-11-30'); // Mon
    expect(trafficLight(cal, due, at('2026-11-25T15:00:00Z'))).toBe('green'); // Wed 23:00 Shanghai
    expect(trafficLight(cal, due, at('2026-11-25T17:00:00Z'))).toBe('yellow'); // Thu 01:00 Shanghai
  });

  it('with a window of 0 is yellow only for what is due by close of business today', () => {
    const now = at('2026-12-02T02:00:00Z'); // Wed 10:00
    expect(trafficLight(cal, cob('2026-12-02'), now, 0)).toBe('yellow');
    expect(trafficLight(cal, cob('2026-12-03'), now, 0)).toBe('green');
  });

  it('widens with a larger window', () => {
    const now = at('2026-11-30T02:00:00Z'); // Mon
    expect(trafficLight(cal, cob('2026-12-07'), now, 5)).toBe('yellow'); // next Mon = 5 working days
    expect(trafficLight(cal, cob('2026-12-08'), now, 5)).toBe('green');
  });
});

describe('workingDaysOverdue', () => {
  it('is 0 up to and including the due instant', () => {
    const due = cob('2026-11-27');
    expect(workingDaysOverdue(cal, due, at('2026-11-20T02:00:00Z'))).toBe(0);
    expect(workingDaysOverdue(cal, due, due)).toBe(0);
  });

  it('is 0 later on the due day itself (past close of business, same local date)', () => {
    expect(workingDaysOverdue(cal, cob('2026-11-27'), at('2026-11-27T14:00:00Z'))).toBe(0); // 22:00 Shanghai
  });

  it('does not count the weekend', () => {
    const due = cob('2026-11-27'); // Fri
    expect(workingDaysOverdue(cal, due, at('2026-11-29T02:00:00Z'))).toBe(0); // Sun
    expect(workingDaysOverdue(cal, due, at('2026-11-30T02:00:00Z'))).toBe(1); // Mon
  });

  it('counts the make-up Saturday but not the Spring Festival', () => {
    const due = cob('2026-02-13'); // Fri
    expect(workingDaysOverdue(cal, due, at('2026-02-14T02:00:00Z'))).toBe(1); // make-up Saturday
    expect(workingDaysOverdue(cal, due, at('2026-02-20T02:00:00Z'))).toBe(1); // holiday
    expect(workingDaysOverdue(cal, due, at('2026-02-24T02:00:00Z'))).toBe(2);
    expect(workingDaysOverdue(cal, due, at('2026-02-28T02:00:00Z'))).toBe(6); // 24–27, and Sat 28
  });

  it('counts by the Shanghai date of now', () => {
    const due = cob('2026-11-30'); // Mon
    expect(workingDaysOverdue(cal, due, at('2026-11-30T15:59:00Z'))).toBe(0); // 23:59 Mon
    expect(workingDaysOverdue(cal, due, at('2026-11-30T16:00:00Z'))).toBe(1); // 00:00 Tue
  });
});

describe('trackingDueAt', () => {
  it('keeps a planned date on a make-up Saturday: it is a working day', () => {
    expect(trackingDueAt(cal, 'siteSecured', '2026-02-14', at('2026-01-05T02:00:00Z'))).toEqual(
      cob('2026-02-14'),
    );
  });

  it('moves a planned date in the Spring Festival to the first working day after it', () => {
    expect(trackingDueAt(cal, 'siteSecured', '2026-02-17', at('2026-01-05T02:00:00Z'))).toEqual(
      cob('2026-02-24'),
    );
  });

  it('prefers the planned date to the default allowance, even when it is sooner', () => {
    expect(trackingDueAt(cal, 'operating', '2026-11-30', at('2026-11-27T02:00:00Z'))).toEqual(
      cob('2026-11-30'),
    );
  });

  it('counts the default allowance from the Shanghai date of opening', () => {
    // 2026-11-26T17:00Z is Fri 27 Nov in Shanghai; registered allows 10 working days → Fri 11 Dec.
    expect(trackingDueAt(cal, 'registered', undefined, at('2026-11-26T17:00:00Z'))).toEqual(
      cob('2026-12-11'),
    );
  });

  it('allows each milestone its own default number of working days', () => {
    const opened = at('2026-03-02T02:00:00Z');
    for (const milestone of MILESTONES) {
      const due = trackingDueAt(cal, milestone, undefined, opened);
      expect(cal.workingDaysBetween('2026-03-02', cal.localDate(due)), milestone).toBe(
        DEFAULT_MILESTONE_WORKING_DAYS[milestone],
      );
      expect(cal.localTime(due)).toBe('17:30');
    }
  });
});
