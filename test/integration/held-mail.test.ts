import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOf } from '#shared/domain/organisation.ts';
import { reassignOfficer } from '#shared/enterprises/manage.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { taskReminderMail } from '#shared/lifecycle/mail.tsx';
import { tellOfficer } from '#shared/lifecycle/notify.ts';
import { ensureOpenTask } from '#shared/lifecycle/open.ts';
import type { Mail } from '#shared/mail/mailer.ts';
import { sendQueuedMail, sendToStaff } from '#shared/mail/office-hours.ts';
import { createNeed } from '#shared/needs/create.ts';
import { explainNeed } from '#shared/needs/explain.ts';
import { announcePhase } from '#shared/needs/flow/notify.ts';
import { recipientOf } from '#shared/notify/channel.ts';
import type { Db } from '#shared/store/db.ts';
import { droppedMail, queuedCount } from '#shared/store/mail-queue.ts';
import { closeTaskItem } from '#shared/store/tasks.ts';
import { transact } from '#shared/store/write.ts';
import { freshDb } from '../support/db.ts';
import {
  makeZone,
  manualClock,
  recordingMailer,
  registration,
  storeDeps,
  system,
  type Zone,
} from '../support/fixtures.ts';

/**
 * Staff mail made outside office hours waits for the next office hour. A mail whose need or task moved on meanwhile
 * (closed, answered, completed, handed to someone else) is dropped then, not sent, and the drop is kept with why.
 */
let db: Awaited<ReturnType<typeof freshDb>>;
let zone: Zone;
// Mon 30 Nov 2026, 22:00 in Shanghai: after hours; the mail waits for Tue 1 Dec, 09:00.
const NIGHT = '2026-11-30T14:00:00Z';
const MORNING = '2026-12-01T01:05:00Z';
const clock = manualClock(NIGHT);
let mailer = recordingMailer();
const deps = () => storeDeps({ db, clock, mailer });

beforeAll(async () => {
  db = await freshDb();
  zone = await makeZone(deps());
});
afterAll(async () => db.drop());

/** A signed enterprise and a need it raised (no routing set: the coordinator, the zone's manager, owns it). */
async function needOf(name: string) {
  clock.set(NIGHT);
  const e = await registerEnterprise(deps(), registration(zone, { name }), system);
  const need = await createNeed(
    deps(),
    e,
    {
      category: 'utilities',
      title: '厂房双回路供电',
      description: '请协调供电公司。',
      contactName: '沈一鸣',
      contactPhone: '13800138001',
    },
    system,
  );
  return { e, need };
}

/** Flush the queue on the next office morning, with a fresh record of what was sent and of each table call. */
async function morning() {
  clock.set(MORNING);
  mailer = recordingMailer();
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const recording: Db = {
    table: db.table,
    doc: {
      send: (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        calls.push({ name: command.constructor.name, input: command.input });
        return db.doc.send(command as never);
      },
    } as unknown as Db['doc'],
  };
  const result = await sendQueuedMail(storeDeps({ db: recording, clock, mailer }));
  return { result, sent: mailer.sent, calls };
}

const sentTo = (sent: Mail[], email: string) => sent.filter((m) => m.to.map(emailOf).includes(email));

describe('a staff mail held overnight', () => {
  it('is dropped, not sent, when its need was closed before the morning, and the drop is recorded', async () => {
    const { e, need } = await needOf('夜间关闭有限公司');
    expect(need.ownerId).toBe(zone.manager.id);
    await announcePhase(deps(), need, 'signFor');
    const held = await queuedCount(db);
    expect(held).toBeGreaterThan(0);

    // The owner closes it that night, as outside the zone's remit.
    const closed = await explainNeed(
      deps(),
      { enterpriseId: e.id, needId: need.id },
      { explanation: '属于上级部门职权。' },
      { actor: { kind: 'staff', id: zone.manager.id }, channel: 'web' },
    );
    expect(closed.kind).toBe('done');

    const { result, sent, calls } = await morning();
    expect(sentTo(sent, zone.manager.email).filter((m) => m.subject.includes(need.ref))).toEqual([]);
    expect(result.dropped).toBe(1);
    // What the mail is about is read cheaply: one GetItem of a few attributes per held mail, never a scan.
    const reads = calls.filter((c) => c.name === 'GetCommand');
    expect(reads).toHaveLength(held);
    for (const read of reads) expect(read.input.ProjectionExpression).toBeTruthy();
    expect(calls.map((c) => c.name)).not.toContain('ScanCommand');
    expect(await queuedCount(db)).toBe(0);
    const [drop] = await droppedMail(db);
    expect(drop).toMatchObject({
      reason: 'status',
      at: MORNING.replace('Z', '.000Z'),
      mail: {
        subject: expect.stringContaining(need.ref),
        about: {
          kind: 'need',
          enterpriseId: e.id,
          id: need.id,
          status: 'routed',
          ownerId: zone.manager.id,
        },
      },
    });
  });

  it('goes out in the morning when its need is still where it was', async () => {
    const { need } = await needOf('夜间未动有限公司');
    await announcePhase(deps(), need, 'signFor');
    const before = (await droppedMail(db)).length;

    const { result, sent } = await morning();
    const mine = sentTo(sent, zone.manager.email).filter((m) => m.subject.includes(need.ref));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.about).toMatchObject({ kind: 'need', id: need.id, status: 'routed' });
    expect(result.dropped ?? 0).toBe(0);
    expect((await droppedMail(db)).length).toBe(before);
    expect(await queuedCount(db)).toBe(0);
  });

  it('about a task: dropped once the task is completed, and once another officer holds it', async () => {
    clock.set(NIGHT);
    const done = await registerEnterprise(deps(), registration(zone, { name: '夜间完成有限公司' }), system);
    const { task: doneTask } = (await ensureOpenTask(deps(), done.id, system))!;
    await tellOfficer(deps(), doneTask, zone.officer);
    await transact(db, [closeTaskItem(db, doneTask, { status: 'completed', at: clock.now().toISOString() })]);

    const moved = await registerEnterprise(deps(), registration(zone, { name: '夜间换人有限公司' }), system);
    const { task: movedTask } = (await ensureOpenTask(deps(), moved.id, system))!;
    await tellOfficer(deps(), movedTask, zone.officer);
    // Reassigned that night: the new officer is told (held too), the old officer's mail no longer stands.
    await reassignOfficer(deps(), moved.id, { serviceOfficerId: zone.otherOfficer.id }, system);
    const before = (await droppedMail(db)).length;

    const { result, sent } = await morning();
    expect(sentTo(sent, zone.officer.email).filter((m) => m.subject.includes('夜间'))).toEqual([]);
    const toNew = sentTo(sent, zone.otherOfficer.email).filter((m) => m.subject.includes('夜间换人'));
    expect(toNew).toHaveLength(1);
    expect(toNew[0]?.about).toEqual({
      kind: 'task',
      enterpriseId: moved.id,
      id: movedTask.id,
      officerId: zone.otherOfficer.id,
    });
    expect(result.dropped).toBe(2);
    const drops = (await droppedMail(db)).slice(0, (await droppedMail(db)).length - before);
    expect(drops.map((d) => [d.mail.about?.id, d.reason]).sort()).toEqual(
      [
        [doneTask.id, 'closed'],
        [movedTask.id, 'officer'],
      ].sort(),
    );
  });

  it('a reminder superseded by a newer one held with it is dropped; the newest and the task’s own mail go out', async () => {
    clock.set(NIGHT);
    const e = await registerEnterprise(deps(), registration(zone, { name: '夜间两次提醒有限公司' }), system);
    const { task } = (await ensureOpenTask(deps(), e.id, system))!;
    await tellOfficer(deps(), task, zone.officer);
    // Two reminders left for one morning (a sweep outage, a clock moved ahead): the due one, then the overdue one.
    const reminder = (kind: 'due' | 'overdue', to = zone.officer) =>
      taskReminderMail({
        locale: 'zh-CN',
        to: recipientOf(to),
        name: to.name,
        enterprise: e.name,
        task,
        due: '2026-11-30',
        url: 'https://zone.example.cn/t',
        kind,
        days: kind === 'overdue' ? 1 : 0,
      });
    await sendToStaff(deps(), reminder('due'));
    clock.set('2026-11-30T14:30:00Z');
    await sendToStaff(deps(), reminder('overdue'));
    // The same reminder to someone else is not superseded by the officer's.
    await sendToStaff(deps(), reminder('due', zone.head));
    const before = (await droppedMail(db)).length;

    const { result, sent } = await morning();
    const toOfficer = sentTo(sent, zone.officer.email).filter((m) => m.about?.id === task.id);
    expect(toOfficer).toHaveLength(2);
    expect(toOfficer.map((m) => (m.about?.kind === 'task' ? m.about.reminder : undefined))).toEqual([
      undefined,
      1,
    ]);
    expect(toOfficer[1]?.subject).toBe(reminder('overdue').subject);
    expect(sentTo(sent, zone.head.email).filter((m) => m.about?.id === task.id)).toHaveLength(1);
    expect(result.dropped).toBe(1);
    const drops = (await droppedMail(db)).slice(0, (await droppedMail(db)).length - before);
    expect(drops.map((d) => [d.mail.subject, d.reason])).toEqual([[reminder('due').subject, 'superseded']]);
  });

  it('about nothing (a sign-in link, a digest) always goes out', async () => {
    clock.set(NIGHT);
    await sendToStaff(deps(), {
      to: ['plain@zone.example.cn'],
      subject: '无关',
      text: '',
      html: '',
      links: [],
    });
    const { result, sent } = await morning();
    expect(sentTo(sent, 'plain@zone.example.cn').map((m) => m.subject)).toEqual(['无关']);
    expect(result).toMatchObject({ failed: 0 });
    expect(result.dropped ?? 0).toBe(0);
  });

  it('goes out at the sweep’s pace: when the run is out of time the rest stays queued, unclaimed, for the next', async () => {
    clock.set(NIGHT);
    for (let i = 0; i < 5; i++)
      await sendToStaff(deps(), {
        to: [`paced${i}@zone.example.cn`],
        subject: `积压 ${i}`,
        text: '',
        html: '',
        links: [],
      });
    expect(await queuedCount(db)).toBe(5);
    clock.set(MORNING);
    mailer = recordingMailer();
    // A pace that gives two tokens and then says the run is out of time; each mail asks for one per recipient.
    let tokens = 2;
    const asked: (number | undefined)[] = [];
    const first = await sendQueuedMail(deps(), async (n) => {
      asked.push(n);
      return tokens-- > 0;
    });
    expect(asked).toEqual([1, 1, 1]);
    expect(first).toEqual({ sent: 2, failed: 0 });
    expect(mailer.sent).toHaveLength(2);
    expect(await queuedCount(db)).toBe(3);
    // Nothing was left claimed: the next run (with time) sends the rest at once, each mail once.
    const next = await sendQueuedMail(deps());
    expect(next).toEqual({ sent: 3, failed: 0 });
    expect(mailer.sent.map((m) => m.subject).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `积压 ${i}`));
    expect(await queuedCount(db)).toBe(0);
  });
});
