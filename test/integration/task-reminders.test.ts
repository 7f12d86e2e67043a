import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pauseEnterprise, resumeEnterprise } from '#shared/enterprises/manage.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { openStep } from '#shared/lifecycle/flow/open-step.ts';
import { ensureOpenTask } from '#shared/lifecycle/open.ts';
import { sendDueTaskReminders } from '#shared/lifecycle/remind.ts';
import type { Pace } from '#shared/pace.ts';
import { sweep } from '#shared/schedules/sweep.ts';
import { getTask } from '#shared/store/tasks.ts';
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
 * The lifecycle's reminders and escalations go by the sweep (issue 18: a wait with a reminder timeout cost three
 * transitions and two step invocations a reminder): the wait itself times out only at the execution's age limit.
 */
let db: Awaited<ReturnType<typeof freshDb>>;
let zone: Zone;
// Wed 25 Nov 2026, 10:00 in Shanghai.
const clock = manualClock('2026-11-25T02:00:00Z');
let mailer = recordingMailer();
const deps = () => storeDeps({ db, clock, mailer });
/** The kinds of mail sent about this enterprise (the sweep also reminds about the other tests' tasks). */
const kinds = (name = '') =>
  mailer.sent
    .filter((m) => m.subject.includes(name))
    .map((m) => m.subject.match(/^【(.+?)】/)?.[1])
    .sort();

beforeAll(async () => {
  db = await freshDb();
  zone = await makeZone(deps());
});
afterAll(async () => db.drop());

/** A registered enterprise's open task, and the day after its due date at 14:00 (overdue, head escalation due). */
async function lateTask(name: string) {
  clock.set('2026-11-25T02:00:00Z');
  const e = await registerEnterprise(deps(), registration(zone, { name }), system);
  const { task } = (await ensureOpenTask(deps(), e.id, system))!;
  const dayAfter = deps().calendar.addWorkingDays(deps().calendar.localDate(new Date(task.dueAt)), 1);
  clock.set(`${dayAfter}T06:00:00Z`);
  mailer = recordingMailer();
  return { e, task };
}

describe('task reminders sent by the sweep', () => {
  it('waits for the officer with no reminder timeout, only until the wake that heals a lost release', async () => {
    clock.set('2026-11-25T02:00:00Z');
    const e = await registerEnterprise(deps(), registration(zone, { name: '长等有限公司' }), system);
    const out = (await openStep(deps(), {
      phase: 'Signed',
      startedAt: clock.now().toISOString(),
      state: { enterpriseId: e.id, generation: 1, phase: 'Signed' },
    })) as { go: string; waitSeconds: number; taskId: string };
    expect(out.go).toBe('wait');
    // The close of business of the day the managers' escalation is due: no reminder wakes it before.
    const task = (await getTask(db, e.id, out.taskId))!;
    const cal = deps().calendar;
    const managersDay = cal.addWorkingDays(cal.localDate(new Date(task.dueAt)), 3);
    expect(clock.now().getTime() + out.waitSeconds * 1000).toBe(cal.closeOfBusiness(managersDay).getTime());
  });

  it('sends what the cadence says is due, once, from the sweep’s one query of the items due soon or overdue', async () => {
    const { task } = await lateTask('扫送提醒有限公司');
    const first = await sweep(deps());
    expect(first).toMatchObject({ skipped: false });
    // The officer's reminder may share a message with their other tasks' (the earlier tests').
    expect(mailer.sent.filter((m) => m.text.includes('【逾期】扫送提醒有限公司'))).toHaveLength(1);
    expect(kinds('扫送提醒')).toContain('督办');
    expect((await getTask(db, task.enterpriseId, task.id))?.notified).toEqual(
      expect.arrayContaining([expect.stringMatching(/^overdue:/), expect.stringMatching(/^head:/)]),
    );
    // The next run, 15 minutes later, finds it recorded.
    clock.set(new Date(clock.now().getTime() + 15 * 60_000).toISOString());
    mailer.sent.length = 0;
    await sweep(deps());
    expect(mailer.sent.filter((m) => m.subject.includes('扫送提醒'))).toEqual([]);
  });

  it('leaves what it had no time for at its pace unrecorded, and the next run sends it', async () => {
    const { task } = await lateTask('限速提醒有限公司');
    const refused: Pace = async () => false;
    expect(await sendDueTaskReminders(deps(), [task], refused)).toEqual({ sent: 0 });
    expect(mailer.sent).toEqual([]);
    expect((await getTask(db, task.enterpriseId, task.id))?.notified).toEqual([]);
    expect(await sendDueTaskReminders(deps(), [task])).toEqual({ sent: 2 });
    expect(kinds()).toEqual(['督办', '逾期']);
  });

  it('sends nothing for a paused enterprise, and what is due once it is resumed', async () => {
    const { e, task } = await lateTask('暂停提醒有限公司');
    const by = { actor: { kind: 'staff' as const, id: zone.manager.id }, channel: 'web' as const };
    await pauseEnterprise(deps(), e.id, { reason: '企业调整计划' }, by);
    expect(await sendDueTaskReminders(deps(), [task])).toEqual({ sent: 0 });
    expect(mailer.sent).toEqual([]);
    await resumeEnterprise(deps(), e.id, by);
    expect(await sendDueTaskReminders(deps(), [task])).toEqual({ sent: 2 });
  });

  it('goes by the task as it is now, not the index copy it was listed with', async () => {
    const { task } = await lateTask('旧副本有限公司');
    expect(await sendDueTaskReminders(deps(), [task])).toEqual({ sent: 2 });
    // The copy the run listed still says nothing was sent.
    expect(await sendDueTaskReminders(deps(), [task])).toEqual({ sent: 0 });
    expect(kinds()).toEqual(['督办', '逾期']);
  });

  it('sends a person the run’s reminders in one message, a line and a link each; escalations on their own', async () => {
    clock.set('2026-11-25T02:00:00Z');
    const tasks = [];
    for (const name of ['合并一号有限公司', '合并二号有限公司']) {
      const e = await registerEnterprise(deps(), registration(zone, { name }), system);
      tasks.push((await ensureOpenTask(deps(), e.id, system))!.task);
    }
    const dueDate = deps().calendar.localDate(new Date(tasks[0]!.dueAt));
    clock.set(`${deps().calendar.addWorkingDays(dueDate, 1)}T06:00:00Z`);
    mailer = recordingMailer();
    expect(await sendDueTaskReminders(deps(), tasks)).toEqual({ sent: 4 });
    const toOfficer = mailer.sent.filter((m) => m.subject.startsWith('【提醒】2 项任务'));
    expect(toOfficer).toHaveLength(1);
    const [batch] = toOfficer;
    expect(batch!.text).toContain('【逾期】合并一号有限公司');
    expect(batch!.text).toContain('【逾期】合并二号有限公司');
    expect(batch!.links.filter((l) => l.includes('/task?'))).toHaveLength(2);
    expect(mailer.sent.filter((m) => m.subject.startsWith('【督办】'))).toHaveLength(2);
    expect(mailer.sent).toHaveLength(3);
    for (const t of tasks)
      expect((await getTask(db, t.enterpriseId, t.id))?.notified.some((k) => k.startsWith('overdue:'))).toBe(
        true,
      );
  });

  it('lists at most 30 reminders in one email: a person with more gets one message per 30', async () => {
    clock.set('2026-11-25T02:00:00Z');
    const tasks = [];
    for (let i = 0; i < 31; i++) {
      const e = await registerEnterprise(deps(), registration(zone, { name: `批量${i}号有限公司` }), system);
      tasks.push((await ensureOpenTask(deps(), e.id, system))!.task);
    }
    const dueDate = deps().calendar.localDate(new Date(tasks[0]!.dueAt));
    clock.set(`${deps().calendar.addWorkingDays(dueDate, 1)}T06:00:00Z`);
    mailer = recordingMailer();
    await sendDueTaskReminders(deps(), tasks);
    const batches = mailer.sent.filter((m) => /^【提醒】\d+ 项任务/.test(m.subject));
    expect(batches.map((m) => m.subject)).toEqual(['【提醒】30 项任务需要您办理']);
    // The 31st goes alone, as a single reminder does.
    expect(mailer.sent.filter((m) => m.subject.startsWith('【逾期】批量'))).toHaveLength(1);
  });

  it('skips a task whose reminder fails, and still reminds the others', async () => {
    const { task } = await lateTask('出错提醒有限公司');
    const { task: other } = await lateTask('照常提醒有限公司');
    const failing = {
      ...deps(),
      db: {
        ...db,
        doc: {
          send: (command: { input?: { Key?: { SK?: string } } }) =>
            command.input?.Key?.SK?.includes(task.id)
              ? Promise.reject(new Error('boom'))
              : db.doc.send(command as never),
        },
      },
    } as unknown as ReturnType<typeof deps>;
    expect(await sendDueTaskReminders(failing, [task, other])).toEqual({ sent: 2 });
    expect(mailer.sent.some((m) => m.text.includes('照常提醒有限公司'))).toBe(true);
    expect(mailer.sent.some((m) => m.text.includes('出错提醒有限公司'))).toBe(false);
  });

  it('sends a reminder whose day passed unsent never beside today’s: one a day (escalations whenever due)', async () => {
    const { task } = await lateTask('隔日补发有限公司');
    // The next working day at 09:00, before its moment in the window: yesterday's overdue reminder was never sent.
    const cal = deps().calendar;
    const next = cal.addWorkingDays(cal.localDate(clock.now()), 1);
    clock.set(`${next}T01:00:00Z`);
    expect(await sendDueTaskReminders(deps(), [task])).toEqual({ sent: 1 });
    expect(kinds('隔日补发')).toEqual(['督办']);
    // That afternoon, today's: one 【逾期】.
    clock.set(`${next}T06:00:00Z`);
    mailer = recordingMailer();
    const now = (await getTask(db, task.enterpriseId, task.id))!;
    expect(await sendDueTaskReminders(deps(), [now])).toEqual({ sent: 1 });
    expect(kinds('隔日补发')).toEqual(['逾期']);
  });

  it('counts an open task item that does not parse, and reminds the rest', async () => {
    const { task } = await lateTask('坏项旁边有限公司');
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          PK: 'ENT#01JB0000000000000000BROKEN',
          SK: 'TASK#01JB0000000000000000BROKEN',
          type: 'Task',
          GSI1PK: 'OPEN',
          GSI1SK: `${task.dueAt}#01JB0000000000000000BROKEN`,
          GSI2PK: `DEPT#${task.departmentId}#OPEN`,
          GSI3PK: `STAFF#${task.officerId}#OPEN`,
        },
      }),
    );
    const result = await sweep(deps());
    expect(result).toMatchObject({ skipped: false });
    expect(mailer.sent.some((m) => m.subject.includes('坏项旁边有限公司'))).toBe(true);
  });
});
