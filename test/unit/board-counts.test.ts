import { describe, expect, it } from 'vitest';
import { createCalendar } from '#shared/calendar/working-days.ts';
import { countBoards, countsHorizon, countsOf } from '#shared/domain/board-counts.ts';
import { trafficLight } from '#shared/domain/schedule.ts';

const cal = createCalendar();
// Mon 7 Dec 2026, 10:00 in Shanghai.
const now = new Date('2026-12-07T02:00:00.000Z');
const item = (dueAt: string, departmentId = 'D1', ownerId = 'S1') => ({ dueAt, departmentId, ownerId });

describe('the boards’ counts (what the sweep keeps for every board)', () => {
  it('counts by the board’s own lights: overdue red, due within two working days yellow, the rest not', () => {
    const horizon = countsHorizon(cal, now);
    // Wed 9 Dec, 17:30 in Shanghai: the yellow window's end, as trafficLight has it.
    expect(horizon).toBe('2026-12-09T09:30:00.000Z');
    expect(trafficLight(cal, new Date(horizon), now)).toBe('yellow');
    expect(trafficLight(cal, new Date(Date.parse(horizon) + 1), now)).toBe('green');
    const counts = countBoards(cal, now, [
      item('2026-12-01T09:30:00.000Z'),
      item('2026-12-07T01:00:00.000Z', 'D1', 'S2'),
      item('2026-12-08T09:30:00.000Z', 'D2', 'S3'),
      item(horizon, 'D2', 'S3'),
      item('2026-12-10T09:30:00.000Z', 'D2', 'S3'),
    ]);
    expect(counts.at).toBe(now.toISOString());
    expect(counts.zone).toEqual({ overdue: 2, dueSoon: 2 });
    expect(countsOf(counts, { kind: 'zone' })).toEqual({ overdue: 2, dueSoon: 2 });
    expect(countsOf(counts, { kind: 'department', id: 'D1' })).toEqual({ overdue: 2, dueSoon: 0 });
    expect(countsOf(counts, { kind: 'department', id: 'D2' })).toEqual({ overdue: 0, dueSoon: 2 });
    expect(countsOf(counts, { kind: 'officer', id: 'S1' })).toEqual({ overdue: 1, dueSoon: 0 });
    expect(countsOf(counts, { kind: 'officer', id: 'S3' })).toEqual({ overdue: 0, dueSoon: 2 });
    // A board with nothing overdue or due soon counts nothing.
    expect(countsOf(counts, { kind: 'officer', id: 'nobody' })).toEqual({ overdue: 0, dueSoon: 0 });
  });
});
