import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { remindStep } from '#shared/lifecycle/flow/remind-step.ts';
import { ensureOpenTask } from '#shared/lifecycle/open.ts';
import { sendDueTaskReminders } from '#shared/lifecycle/remind.ts';
import { createNeed } from '#shared/needs/create.ts';
import { needRemindStep } from '#shared/needs/flow/remind-step.ts';
import { CONTINUE_AFTER_CYCLES } from '#shared/workflows/loop.ts';
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
 * A need's reminder step that finds its execution old enough to continue as new (its cycles, or its age) still sends
 * what is due at that moment first: the new execution plans from then on, so a reminder due just then would never
 * go. A task's reminders do not hang on its execution at all: the sweep sends them.
 */
let db: Awaited<ReturnType<typeof freshDb>>;
let zone: Zone;
// Wed 25 Nov 2026, 10:00 in Shanghai (office hours: staff mail goes at once).
const clock = manualClock('2026-11-25T02:00:00Z');
let mailer = recordingMailer();
const deps = () => storeDeps({ db, clock, mailer });

beforeAll(async () => {
  db = await freshDb();
  zone = await makeZone(deps());
});
afterAll(async () => db.drop());

describe('continuing as new', () => {
  it('continues as new at the age limit while the task reminder due at that moment goes by the sweep', async () => {
    const e = await registerEnterprise(deps(), registration(zone, { name: '续跑提醒有限公司' }), system);
    const { task } = (await ensureOpenTask(deps(), e.id, system))!;
    // The working day after its due date, past the morning's reminder window: the overdue reminder and the head's
    // escalation are due.
    const dueDate = deps().calendar.localDate(new Date(task.dueAt));
    const dayAfter = deps().calendar.addWorkingDays(dueDate, 1);
    clock.set(`${dayAfter}T06:00:00Z`); // 14:00 Shanghai
    mailer = recordingMailer();
    const result = await remindStep(deps(), {
      enterpriseId: e.id,
      generation: 1,
      startedAt: '2026-11-25T02:00:00.000Z',
      cycles: CONTINUE_AFTER_CYCLES,
      taskId: task.id,
    });
    expect(result).toMatchObject({ open: true, continueAsNew: true });
    expect(mailer.sent).toEqual([]);
    expect(await sendDueTaskReminders(deps(), [task])).toEqual({ sent: 2 });
    expect(mailer.sent.map((m) => m.subject.match(/^【(.+?)】/)?.[1]).sort()).toEqual(['督办', '逾期']);
    // Recorded: the next run sends nothing again.
    expect(await sendDueTaskReminders(deps(), [task])).toEqual({ sent: 0 });
  });

  it('sends the need reminder due at that moment, then continues as new', async () => {
    clock.set('2026-11-25T02:00:00Z');
    const e = await registerEnterprise(deps(), registration(zone, { name: '续跑诉求有限公司' }), system);
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
    // Sign-for was due at close of business the next working day; a day later it is late.
    clock.set(new Date(new Date(need.dueAt!).getTime() + 20 * 3600_000).toISOString());
    mailer = recordingMailer();
    const result = await needRemindStep(deps(), {
      enterpriseId: e.id,
      needId: need.id,
      status: need.status,
      generation: 1,
      startedAt: '2026-11-25T02:00:00.000Z',
      cycles: CONTINUE_AFTER_CYCLES,
    });
    expect(result).toMatchObject({ open: true, continueAsNew: true });
    expect(mailer.sent.some((m) => m.subject.includes(need.ref))).toBe(true);
  });
});
