import { describe, expect, it } from 'vitest';
import { readsCalendar } from '#functions/lib/step-handler.ts';
import { STEP_IDS } from '#functions/registry.ts';
import { liveCalendar } from '#shared/calendar/live.ts';
import { refreshCalendar, withFreshCalendar } from '#shared/calendar/refresh.ts';
import { createCalendar } from '#shared/calendar/working-days.ts';
import type { Deps } from '#shared/deps.ts';

describe('where the calendar is brought up to date', () => {
  it('before the steps that count working days, never before those whose role may not read it', () => {
    const reading = STEP_IDS.filter((id) => readsCalendar(id)).sort();
    expect(reading).toEqual(['NeedOpenStep', 'NeedRemindStep', 'OpenStep', 'RemindStep']);
  });

  it('before a handler gets its adapters (a plain calendar is left as it is)', async () => {
    let loads = 0;
    const calendar = liveCalendar(async () => {
      loads++;
      return { arrangements: [] };
    });
    const deps = { calendar } as unknown as Deps;
    const get = withFreshCalendar(async () => deps);
    expect(await get()).toBe(deps);
    await get();
    expect(loads).toBe(1);
    await expect(refreshCalendar({ calendar: createCalendar() })).resolves.toBeUndefined();
  });
});
