import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDigests } from '#shared/digest/digest.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { metricTotals } from '#shared/metrics/metrics.ts';
import { queuedCount } from '#shared/store/mail-queue.ts';
import { Client, outbox, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;

// Fri 27 Nov 2026, 17:45 in Shanghai: just after office hours, before a weekend.
const START = new Date('2026-11-27T09:45:00Z');

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
}, 60_000);
afterAll(async () => stack.drop());

const mailsTo = async (email: string, subject: string) =>
  (await outbox(stack.url)).filter((m) => m.to.includes(email) && m.subject.includes(subject));

async function advanceTo(iso: string) {
  const ms = Date.parse(iso) - stack.clock.now().getTime();
  stack.clock.advance(`PT${Math.ceil(ms / 1000)}S`);
  await stack.engine.idle();
  await stack.sweep();
  await stack.engine.idle();
}

describe('office hours and the daily digest', () => {
  it('holds staff mail made after hours until the next working morning, then sends it', async () => {
    await registerEnterprise(stack.deps, registration(zone, { name: '周末前签约有限公司' }), system);
    await stack.engine.idle();
    await stack.sweep();
    expect(await mailsTo(zone.officer.email, '周末前签约')).toEqual([]);
    expect(await queuedCount(stack.deps.db)).toBeGreaterThan(0);
    // Saturday: still held.
    await advanceTo('2026-11-28T02:00:00Z');
    expect(await mailsTo(zone.officer.email, '周末前签约')).toEqual([]);
    // Monday 09:05: out.
    await advanceTo('2026-11-30T01:05:00Z');
    expect(await mailsTo(zone.officer.email, '周末前签约')).toHaveLength(1);
    expect(await queuedCount(stack.deps.db)).toBe(0);
    expect(metricTotals().MailQueued).toBeGreaterThan(0);
  });

  it('sends one digest a working day to an officer who chose it, instead of single reminders, and the head the red items', async () => {
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    await officer.page('/console/me');
    const bad = await officer.submit('/console/me/digest', { daily: 'yes', at: '22:00' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="f-at-error"');
    expect((await officer.submit('/console/me/digest', { daily: 'yes', at: '10:00' })).status).toBe(303);

    // One item overdue and one due tomorrow.
    const late = await registerEnterprise(
      stack.deps,
      registration(zone, {
        name: '逾期跟踪有限公司',
        signedAt: '2026-10-01',
        planned: { registered: '2026-11-20' },
      }),
      system,
    );
    await registerEnterprise(
      stack.deps,
      registration(zone, {
        name: '明日到期有限公司',
        signedAt: '2026-11-02',
        planned: { registered: '2026-12-01' },
      }),
      system,
    );
    await stack.engine.idle();
    const remindersBefore = (await outbox(stack.url)).filter(
      (m) => m.to.includes(zone.officer.email) && /提醒|逾期/.test(m.subject),
    ).length;

    // Tue 1 Dec: reminders fall due overnight; the head's digest at 09:00, the officer's at 10:00.
    await advanceTo('2026-12-01T01:05:00Z');
    const headDigest = await mailsTo(zone.head.email, '每日汇总');
    expect(headDigest).toHaveLength(1);
    expect(headDigest[0]!.text).toContain('逾期跟踪有限公司');
    expect(headDigest[0]!.text).not.toContain('明日到期有限公司');
    expect(await mailsTo(zone.officer.email, '每日汇总')).toEqual([]);

    await advanceTo('2026-12-01T02:05:00Z');
    const digest = await mailsTo(zone.officer.email, '每日汇总');
    expect(digest).toHaveLength(1);
    expect(digest[0]!.text).toContain('逾期跟踪有限公司');
    expect(digest[0]!.text).toContain('明日到期有限公司');
    expect(digest[0]!.links.some((l) => l.includes('/task?'))).toBe(true);
    // No single reminders meanwhile: they were folded into the digest (and recorded as such).
    const reminders = (await outbox(stack.url)).filter(
      (m) =>
        m.to.includes(zone.officer.email) && /提醒|逾期/.test(m.subject) && !m.subject.includes('每日汇总'),
    ).length;
    expect(reminders).toBe(remindersBefore);
    const { getEnterpriseFile } = await import('#shared/store/enterprises.ts');
    const file = await getEnterpriseFile(stack.deps.db, late.id);
    expect(file!.timeline.some((a) => a.action === 'task.notified' && a.details.via === 'digest')).toBe(true);

    // Later the same day: no second digest.
    await advanceTo('2026-12-01T06:00:00Z');
    expect(await mailsTo(zone.officer.email, '每日汇总')).toHaveLength(1);
  });

  it('leaves a digest the sweep had no time to send at its pace for the next run, not marked as sent', async () => {
    // Wed 2 Dec, 09:05 (the stack's own clock stays put, so its sweep does not run): the head's digest is due again.
    const wednesday = { ...stack.deps, clock: { now: () => new Date('2026-12-02T01:05:00Z') } };
    const before = (await mailsTo(zone.head.email, '每日汇总')).length;
    // A run out of time at its pace sends none of it, and records none as sent.
    expect(await sendDigests(wednesday, async () => false)).toEqual({ sent: 0 });
    expect(await mailsTo(zone.head.email, '每日汇总')).toHaveLength(before);
    // So the next run sends it, once.
    expect(await sendDigests(wednesday)).toMatchObject({ sent: expect.any(Number) });
    expect(await mailsTo(zone.head.email, '2026-12-02 每日汇总')).toHaveLength(1);
    expect(await sendDigests(wednesday)).toEqual({ sent: 0 });
  });
});

describe('the language of staff email', () => {
  it('writes a person’s mail in the language they chose', async () => {
    const officer = new Client(stack.url);
    await signIn(officer, zone.otherOfficer.email);
    await officer.page('/console/me');
    expect((await officer.submit('/console/me/locale', { locale: 'fr' })).status).toBe(400);
    expect((await officer.submit('/console/me/locale', { locale: 'en' })).status).toBe(303);
    await registerEnterprise(
      stack.deps,
      registration(zone, { name: 'English Mail Ltd', serviceOfficerId: zone.otherOfficer.id }),
      system,
    );
    await stack.engine.idle();
    await stack.sweep();
    const [mail] = await mailsTo(zone.otherOfficer.email, 'English Mail Ltd');
    expect(mail?.subject).toMatch(/^\[Aftercare\] New task/);
    expect(mail?.text).not.toMatch(/[\u4e00-\u9fff]{4}/); // no Chinese sentence, only names
  });
});

describe('the language of enterprise email', () => {
  it('writes each contact’s mail in their language, and opens their portal in it', async () => {
    await registerEnterprise(
      stack.deps,
      registration(zone, {
        name: '双语联系人有限公司',
        contacts: [
          { name: '沈一鸣', phone: '13800138001', email: 'shen@bilingual.example.cn' },
          { name: 'Anna Berg', phone: '13800138002', email: 'anna@bilingual.example.cn', locale: 'en' },
        ],
      }),
      system,
    );
    const zh = await mailsTo('shen@bilingual.example.cn', '双语联系人有限公司');
    const en = await mailsTo('anna@bilingual.example.cn', '双语联系人有限公司');
    expect(zh[0]?.subject).toMatch(/^【安商服务】/);
    expect(en[0]?.subject).toMatch(/^\[Aftercare\]/);
    const portal = new URL(en[0]!.links[0]!);
    const page = await new Client(stack.url).page(`${portal.pathname}${portal.search}`);
    expect(page).toContain('<html lang="en">');
  });
});
