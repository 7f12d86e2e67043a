import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordMailFeedback } from '#shared/mail/feedback.ts';
import { listUndeliverable } from '#shared/store/undeliverable.ts';
import { Client, signIn } from '../support/client.ts';
import { makeZone, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

let stack: Awaited<ReturnType<typeof testStack>>;
let zone: Zone;

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-12-02T02:00:00Z') });
  zone = await makeZone(stack.deps);
}, 60_000);
afterAll(async () => stack.drop());

const bounce = (email: string) =>
  JSON.stringify({
    eventType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bouncedRecipients: [{ emailAddress: email }],
      timestamp: '2026-12-02T01:30:00.000Z',
    },
    mail: {},
  });

describe('mail that cannot be delivered', () => {
  it('is shown to managers on the board, in Shanghai time, once per address however often SES reports it', async () => {
    const marked = await recordMailFeedback(stack.deps, [
      bounce(zone.officer.email),
      bounce(zone.officer.email),
      'not json',
      JSON.stringify({
        eventType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: 'c@ent.example.cn' }] },
      }),
    ]);
    expect(marked).toBe(3);
    expect((await listUndeliverable(stack.deps.db)).map((u) => [u.email, u.reason])).toEqual([
      ['c@ent.example.cn', 'complaint'],
      [zone.officer.email, 'bounce'],
    ]);

    const manager = new Client(stack.url);
    await signIn(manager, zone.manager.email);
    const board = await manager.page('/console');
    expect(board).toContain('data-undeliverable="2"');
    expect(board).toContain(`${zone.officer.email} — 退信 (2026-12-02 09:30)`);
    expect(board).toContain('c@ent.example.cn — 被标为垃圾邮件');

    // …and on the people page, beside the person whose address it is.
    const people = await manager.page('/console/staff');
    expect(people).toContain(`data-undeliverable="${zone.officer.email}"`);
    expect(people).toContain('邮件无法送达，请核对邮箱');

    // Officers see their own board without it.
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    expect(await officer.page('/console')).not.toContain('data-undeliverable');
  }, 60_000);
});
