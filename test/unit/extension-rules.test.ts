import { describe, expect, it } from 'vitest';
import { createCalendar } from '#shared/calendar/working-days.ts';
import type { Need } from '#shared/domain/work-item.ts';
import { DEFAULT_CLOCKS } from '#shared/needs/clocks.ts';
import { extensionLimit, extensionRefusal } from '#shared/needs/rules.ts';

const cal = createCalendar();
type Asked = Parameters<typeof extensionRefusal>[2];
// A permits need asking for help: its own clock is 10 working days (the category's, under the table's 15).
const need: Asked = {
  category: 'permits',
  nature: 'help',
  urgency: 'normal',
  resolveBy: '2026-12-04',
};
const today = '2026-11-20';

/** Issue 16: 12345 rules give at most the original time limit again, and usually once. */
describe('extensionRefusal: how far, and how often, a need may be given more time', () => {
  it('allows up to resolveBy plus the need’s own resolution clock, in working days', () => {
    const limit = cal.addWorkingDays('2026-12-04', 10);
    expect(extensionLimit(cal, DEFAULT_CLOCKS, need, today)).toBe(limit);
    expect(extensionRefusal(cal, DEFAULT_CLOCKS, need, limit, today)).toBeUndefined();
    expect(extensionRefusal(cal, DEFAULT_CLOCKS, need, cal.addWorkingDays(limit, -3), today)).toBeUndefined();
  });

  it('refuses a date beyond that, by the need’s own clock (urgent, complex, the zone’s table)', () => {
    expect(extensionRefusal(cal, DEFAULT_CLOCKS, need, cal.addWorkingDays('2026-12-04', 11), today)).toBe(
      'need.extensionTooFar',
    );
    // An urgent need's clock is 3 working days; a complex one 7.
    const urgent = { ...need, urgency: 'urgent' as const };
    expect(extensionRefusal(cal, DEFAULT_CLOCKS, urgent, cal.addWorkingDays('2026-12-04', 3), today)).toBe(
      undefined,
    );
    expect(extensionRefusal(cal, DEFAULT_CLOCKS, urgent, cal.addWorkingDays('2026-12-04', 4), today)).toBe(
      'need.extensionTooFar',
    );
    const complex = { ...urgent, complexity: 'complex' as const };
    expect(extensionRefusal(cal, DEFAULT_CLOCKS, complex, cal.addWorkingDays('2026-12-04', 7), today)).toBe(
      undefined,
    );
    const table = {
      ...DEFAULT_CLOCKS,
      help: { ...DEFAULT_CLOCKS.help, normal: { ...DEFAULT_CLOCKS.help.normal, resolveSimpleDays: 4 } },
    };
    expect(extensionLimit(cal, table, need, today)).toBe(cal.addWorkingDays('2026-12-04', 4));
  });

  it('counts from the committed date, else today, for a need stored without a time limit', () => {
    const { resolveBy: _, ...older } = need;
    expect(extensionLimit(cal, DEFAULT_CLOCKS, { ...older, committedDate: '2026-12-01' }, today)).toBe(
      cal.addWorkingDays('2026-12-01', 10),
    );
    expect(extensionLimit(cal, DEFAULT_CLOCKS, older, today)).toBe(cal.addWorkingDays(today, 10));
  });

  it('refuses a second extension once one was approved; a refused one may be asked again', () => {
    const extension = (status: 'approved' | 'refused'): NonNullable<Need['extension']> => ({
      to: '2026-12-10',
      reason: '等待专家评审',
      at: '2026-11-25T02:00:00.000Z',
      status,
    });
    const within = cal.addWorkingDays('2026-12-04', 2);
    expect(
      extensionRefusal(cal, DEFAULT_CLOCKS, { ...need, extension: extension('approved') }, within, today),
    ).toBe('need.extensionOnce');
    expect(
      extensionRefusal(cal, DEFAULT_CLOCKS, { ...need, extension: extension('refused') }, within, today),
    ).toBeUndefined();
  });
});
