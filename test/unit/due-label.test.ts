import { describe, expect, it } from 'vitest';
import { dueLabel } from '#shared/calendar/due-label.ts';
import { createCalendar } from '#shared/calendar/working-days.ts';
import { openingClocks } from '#shared/needs/rules.ts';

const cal = createCalendar();

/** Issue 16: an urgent need's clocks run in working hours, so its due instant is printed with its time. */
describe('dueLabel: a due instant as people read it (Asia/Shanghai)', () => {
  it('is the date alone at close of business, as whole working-day clocks end', () => {
    expect(dueLabel(cal.closeOfBusiness('2026-12-02'))).toBe('2026-12-02');
    expect(dueLabel('2026-12-02T09:30:00.000Z')).toBe('2026-12-02');
  });

  it('is the date and the time otherwise, in Shanghai (never UTC)', () => {
    expect(dueLabel('2026-12-02T03:00:00.000Z')).toBe('2026-12-02 11:00');
    // 01:30 UTC on the 2nd is 09:30 in Shanghai; 17:00 UTC on the 1st is 01:00 on the 2nd.
    expect(dueLabel(new Date('2026-12-02T01:30:00.000Z'))).toBe('2026-12-02 09:30');
    expect(dueLabel('2026-12-01T17:00:00.000Z')).toBe('2026-12-02 01:00');
  });

  it("an urgent need's sign-for and first contact read with their hours; a normal sign-for as a date", () => {
    // Wed 2 Dec 2026, 09:00 Shanghai.
    const now = new Date('2026-12-02T01:00:00.000Z');
    const urgent = openingClocks(cal, now, { category: 'utilities', urgency: 'urgent', nature: 'help' });
    expect(dueLabel(urgent.dueAt as string)).toBe('2026-12-02 11:00');
    expect(dueLabel(urgent.firstContactBy as string)).toBe('2026-12-02 10:00');
    const normal = openingClocks(cal, now, { category: 'utilities', urgency: 'normal', nature: 'help' });
    expect(dueLabel(normal.dueAt as string)).toBe('2026-12-03');
  });
});
