import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOfficeHours } from '#shared/calendar-admin/office-hours.ts';
import { Client, signIn } from '../support/client.ts';
import { makeZone, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/** Issue 17 item 5: office hours by season, kept with the settings and followed by the calendar's hour arithmetic. */
let stack: Awaited<ReturnType<typeof testStack>>;
let zone: Zone;

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-12-02T02:00:00Z') });
  zone = await makeZone(stack.deps);
}, 60_000);
afterAll(async () => stack.drop());

describe('seasonal office hours on the settings page', () => {
  it('shows the standard hours, refuses what it cannot use, and stores summer hours the calendar follows', async () => {
    const manager = new Client(stack.url);
    await signIn(manager, zone.manager.email);
    const page = await manager.page('/console/settings');
    expect(page).toContain('data-office-hours');
    expect(page).toContain('09:00-12:00 13:30-17:30');
    expect(stack.deps.calendar.closeOfBusiness('2027-06-01').toISOString()).toBe('2027-06-01T09:30:00.000Z');

    const bad = await manager.submit('/console/settings/office-hours', {
      standard: '09:00-12:00 13:30-17:30',
      seasons: '05-01 09-30 09:00-12:00 14:30-18:00\n06-01 06-30 08:00-12:00',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('第 2 行：与上面某一季的日期重叠');
    expect((await getOfficeHours(stack.deps)).seasons).toEqual([]);

    await manager.page('/console/settings');
    const saved = await manager.submit('/console/settings/office-hours', {
      standard: '09:00-12:00 13:30-17:30',
      seasons: '05-01 09-30 09:00-12:00 14:30-18:00',
    });
    expect(saved.status).toBe(303);
    expect((await getOfficeHours(stack.deps)).seasons).toHaveLength(1);
    // This process re-read them at once: summer closes at 18:00, the rest of the year at 17:30.
    expect(stack.deps.calendar.closeOfBusiness('2027-06-01').toISOString()).toBe('2027-06-01T10:00:00.000Z');
    expect(stack.deps.calendar.closeOfBusiness('2027-10-08').toISOString()).toBe('2027-10-08T09:30:00.000Z');
    expect(await manager.page('/console/settings?saved=officeHours')).toContain(
      '05-01 09-30 09:00-12:00 14:30-18:00',
    );

    const head = new Client(stack.url);
    await signIn(head, zone.head.email);
    expect(await head.page('/console/settings')).toContain('readonly');
    const refused = await head.submit('/console/settings/office-hours', {
      standard: '08:00-16:00',
      seasons: '',
    });
    expect(refused.status).toBe(403);
  });
});
