import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from '#local/stack.ts';
import { loadBoard } from '#shared/board/board.ts';
import { cadenceOf } from '#shared/config/config.ts';
import { schedule, spreadSeconds } from '#shared/domain/cadence.ts';
import type { Department, Staff } from '#shared/domain/organisation.ts';
import { MILESTONES } from '#shared/domain/stage.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { reportOnTask } from '#shared/lifecycle/complete.ts';
import { sendDueTaskReminders } from '#shared/lifecycle/remind.ts';
import { createNeed } from '#shared/needs/create.ts';
import { createDepartment, createStaff } from '#shared/organisation/create.ts';
import { SEND_BUDGET_MS, sweepSendRate } from '#shared/schedules/sweep.ts';
import { createDb, type Db } from '#shared/store/db.ts';
import { getEnterprise } from '#shared/store/enterprises.ts';
import { partitionOwner, watchPartitions } from '#shared/store/partition-units.ts';
import { openTasksOf } from '#shared/store/tasks.ts';

/**
 * A province-scale working day, counted rather than timed (issue 18 item 4): 50 zones × 1,000 enterprises in one
 * deployment (50,000 lifecycles, 5,000 staff, 4 needs per enterprise a year). Two parts:
 *
 * 1. Profiles, measured: each kind of event of the day is run through the app's own code on the local stack (a table
 *    holding the province's 5,000 staff), and every DynamoDB call it makes is recorded — which partition of the table
 *    or of an index it reads or writes, and how many units (DynamoDB's own figures, `ReturnConsumedCapacity`; an
 *    index write is the item's size, as DynamoDB bills it) — and every message sent.
 * 2. The day, scheduled: how many of each event happen in each second of the working day, from the app's own
 *    cadence (every task reminder due today is sent by the first sweep run after its holder's moment in the window
 *    after the cadence hour, at the sweep's pace; a need's by its workflow's timeout, at its moment) and the reference
 *    rates (completions, needs, board views spread at random over office hours; the sweep every 15 minutes).
 *
 * A partition key is "shared" when it names no particular item (`ZONE`, the zone-wide open-items key, `MAILQ`…):
 * every event's units on it add up within a second. A key naming an enterprise, a department's or a person's items
 * (an id in it) is counted at the most one event puts on one such key. The peaks are per key, per second.
 */

const ULID = /[0-9A-HJKMNP-TV-Z]{26}/g;
const classOf = (key: string) => key.replace(ULID, '*');
const isShared = (key: string) => !classOf(key).includes('*');

interface Units {
  read: number;
  write: number;
}
/** One event's units per key class (shared keys: per event on average; others: the most on any one key). */
type Profile = { keys: Map<string, Units>; sends: number };

/** What a profile run touched: shared keys by name, the others by their actual key (summed over the run). */
type Recorder = {
  on: boolean;
  keys: Map<string, Units>;
  sends: number;
};

const addTo = (m: Map<string, Units>, k: string, u: Partial<Units>) => {
  const v = m.get(k) ?? { read: 0, write: 0 };
  v.read += u.read ?? 0;
  v.write += u.write ?? 0;
  m.set(k, v);
};

/** Record every call's partitions and units on `db` into `rec` while `rec.on` (`look` reads items back, unrecorded). */
function record(db: Db, look: Db, rec: Recorder): void {
  watchPartitions(
    db,
    look,
    () => rec.on,
    (touched) => {
      for (const [k, u] of touched) addTo(rec.keys, k, u);
    },
  );
}

/**
 * Run `event` `n` times (or once, for `n` events at once) while recording: a shared key's units per event (the
 * run's total over `n`); for the other keys, by class (`ENT#*`…), the most any one of them got in the run — the
 * samples are of different enterprises and people, so that is what one event puts on one key.
 */
async function profile(
  rec: Recorder,
  n: number,
  event: (i: number) => Promise<unknown>,
  runs = n,
): Promise<Profile> {
  rec.keys = new Map();
  rec.sends = 0;
  rec.on = true;
  for (let i = 0; i < runs; i++) await event(i);
  rec.on = false;
  const keys = new Map<string, Units>();
  for (const [k, u] of rec.keys) {
    if (isShared(k)) keys.set(k, { read: u.read / n, write: u.write / n });
    else {
      const c = classOf(k);
      const v = keys.get(c) ?? { read: 0, write: 0 };
      keys.set(c, { read: Math.max(v.read, u.read), write: Math.max(v.write, u.write) });
    }
  }
  return { keys, sends: rec.sends / n };
}

/** A small deterministic random source (the day's spread is the same every run). */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ProvinceDay {
  zones: number;
  enterprises: number;
  staff: number;
  events: { [k: string]: number };
  peakKeyWcuPerSecond: number;
  peakKeyRcuPerSecond: number;
  peakSendsPerSecond: number;
  /** The account's sending rate the deployment is configured with (MAIL_SEND_RATE); the peak must stay within it. */
  sendRatePerSecond: number;
  /** Messages the 09:00 sweep sends (digests, and staff mail held overnight), at its pace. */
  sweepSendsAt0900: number;
  /** The hottest keys: class, and its peak units in one second. */
  hottest: { key: string; rcu: number; wcu: number }[];
  /** When in the day the peaks fall (Asia/Shanghai). */
  peakAt: { wcu: string; rcu: string; sends: string };
}

/** Mon 7 Dec 2026, 08:30 in Shanghai: a working day. */
const DAY_START = new Date('2026-12-07T00:30:00Z');
const OFFICE = { from: Date.parse('2026-12-07T01:00:00Z'), to: Date.parse('2026-12-07T09:30:00Z') };

export async function provinceDay(
  dynamoEndpoint: string,
  shape: { zones: number; enterprisesPerZone: number; staffPerZone: number; samples: number },
  progress: (line: string) => void,
): Promise<ProvinceDay> {
  const table = `bench-province-${Date.now()}`;
  const stack = await startLocalStack({
    port: 0,
    dynamoEndpoint,
    table,
    dataDir: mkdtempSync(join(tmpdir(), 'aftercare-province-')),
    seed: false,
    clockStart: DAY_START,
    schedules: false,
  });
  try {
    const deps = stack.deps;
    const look = createDb({ table, region: 'local', endpoint: dynamoEndpoint });
    const rec: Recorder = { on: false, keys: new Map(), sends: 0 };
    record(deps.db, look, rec);
    const send = deps.mailer.send.bind(deps.mailer);
    deps.mailer = {
      send: (m) => {
        if (rec.on) rec.sends += m.to.length;
        return send(m);
      },
    };
    const system = { actor: { kind: 'system' as const }, channel: 'system' as const };
    // The province's organisation: five departments a zone, one head each, the rest officers; the managers.
    const staffCount = shape.zones * shape.staffPerZone;
    const departments: Department[] = [];
    for (let d = 0; d < shape.zones * 5; d++)
      departments.push(await createDepartment(deps, { name: `招商局${d + 1}` }, system));
    const people: Staff[] = [];
    let made = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = made++; i < staffCount; i = made++) {
          const role = i < 5 ? 'manager' : i < 5 + departments.length ? 'departmentHead' : 'officer';
          const dept = departments[i < 5 ? 0 : (i - 5) % departments.length]!;
          people.push(
            await createStaff(
              deps,
              { name: `人员${i}`, email: `p${i}@province.example.cn`, role, departmentId: dept.id },
              system,
            ),
          );
        }
      }),
    );
    progress(`province: ${staffCount.toLocaleString('en')} staff in ${departments.length} departments`);
    const officers = people.filter((p) => p.role === 'officer');
    const heads = people.filter((p) => p.role === 'departmentHead');
    const today = () => deps.calendar.localDate(stack.clock.now());

    // Sample enterprises whose first milestone is due today: their reminders fire at the cadence hour.
    const n = shape.samples;
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const officer = officers[i % officers.length]!;
      const head = heads.find((h) => h.departmentId === officer.departmentId) ?? heads[0]!;
      const planned = Object.fromEntries(
        MILESTONES.map((m, k) => [m, deps.calendar.addWorkingDays(today(), k * 25)]),
      );
      const e = await registerEnterprise(
        deps,
        {
          name: `全省样本${i}有限公司`,
          investor: '样本集团',
          industryChain: '集成电路',
          contractedInvestment: 10_000,
          signedAt: deps.calendar.addWorkingDays(today(), -40),
          lead: { departmentId: officer.departmentId, staffId: head.id },
          serviceOfficerId: officer.id,
          contacts: [{ name: '联系人', phone: '13800138000', email: `c${i}@province.example.cn` }],
          planned,
        },
        system,
      );
      ids.push(e.id);
    }
    await stack.engine.idle();

    // 1. Profiles.
    const advanceTo = async (iso: string) => {
      const ms = Date.parse(iso) - stack.clock.now().getTime();
      if (ms > 0) stack.clock.advance(`PT${Math.ceil(ms / 1000)}S`);
      await stack.engine.idle(300_000);
    };
    const cadence = cadenceOf(deps.config);
    const nineAm = Date.parse('2026-12-07T01:00:00Z');
    const windowEnd = nineAm + cadence.spreadMinutes * 60_000;
    const profiles: Record<string, Profile> = {};
    // The morning's reminders (each sample's task is due today, each at its moment after 09:00) and the sweep that
    // runs at 09:00 (heads' digests).
    // (The sweep sends the task reminders, from the rows its board counts read: that query is the sweep's. At the
    // window's last second every sample's moment has come, and it is still office hours: the mail goes at once.)
    await advanceTo(new Date(windowEnd - 1000).toISOString());
    const sampleTasks = (await Promise.all(ids.map((id) => openTasksOf(look, id)))).flat();
    profiles.reminder = await profile(rec, n, () => sendDueTaskReminders(deps, sampleTasks), 1);
    profiles.sweep0900 = await profile(rec, 1, () => stack.sweep());
    // The day's other events in office hours (13:45: after the lunch break, when staff mail would be held and not
    // counted as sent).
    await advanceTo('2026-12-07T05:45:00Z');
    profiles.sweep = await profile(rec, 1, () => stack.sweep());
    const officerOf = async (id: string) => (await getEnterprise(deps.db, id))!;
    profiles.completion = await profile(rec, n, async (i) => {
      const [task] = await openTasksOf(look, ids[i]!);
      if (!task) return;
      await reportOnTask(
        deps,
        { enterpriseId: task.enterpriseId, taskId: task.id },
        { outcome: 'milestone', actualDate: today() },
        { channel: 'email-link' },
      );
      await stack.engine.idle();
    });
    profiles.need = await profile(rec, n, async (i) => {
      const e = await officerOf(ids[i]!);
      await createNeed(
        deps,
        e,
        {
          category: 'permits',
          title: '施工许可',
          description: '请协助办理施工许可。',
          contactName: '联系人',
          contactPhone: '13800138000',
        },
        { actor: { kind: 'enterprise', id: e.id }, channel: 'portal' },
      );
      await stack.engine.idle();
    });
    profiles.board = await profile(rec, n, (i) =>
      loadBoard(deps, { staff: officers[i % officers.length]!, via: 'session' }, {}),
    );
    progress('province: events profiled (reminder, sweep, completion, need, board view)');

    // 2. The day. Reminders: how many of the province's open tasks the cadence reminds today, and in which second
    // (each at its own moment in the window after 09:00), each enterprise's current task due somewhere in the 35
    // working days ahead or up to 5 overdue.
    const enterprises = shape.zones * shape.enterprisesPerZone;
    const day = today();
    const reminderSeconds = new Map<number, number>();
    const remindAt = (at: Date) => {
      const second = Math.floor(at.getTime() / 1000);
      reminderSeconds.set(second, (reminderSeconds.get(second) ?? 0) + 1);
    };
    let reminders = 0;
    for (let i = 0; i < enterprises; i++) {
      const due = deps.calendar.addWorkingDays(today(), (i % 40) - 5);
      const opened = deps.calendar.addWorkingDays(due, -35);
      const task = {
        id: `task-${i}`,
        officerId: officers[i % officers.length]!.id,
        dueAt: deps.calendar.closeOfBusiness(due).toISOString(),
        openedAt: deps.calendar.closeOfBusiness(opened).toISOString(),
      };
      // A task's notifications of the day share its holder's moment (one sweep run sends them).
      const at = schedule(deps.calendar, cadence, task, 10).find(
        (x) => deps.calendar.localDate(x.at) === day,
      );
      if (at) {
        reminders++;
        remindAt(at.at);
      }
    }
    const needsPerDay = Math.round((enterprises * 4) / 250);
    // Enterprises submit from their portal at any hour: a third of the day's needs are taken to come in outside
    // office hours, their staff mail held for the 09:00 sweep (counted whole, enterprise receipts too: the most).
    const needsOvernight = Math.round(needsPerDay / 3);
    const events = {
      reminders,
      needReminders: needsPerDay,
      completions: Math.round(enterprises / 35),
      needs: needsPerDay - needsOvernight,
      needsOvernight,
      boardViews: staffCount * 5,
      sweeps: Math.round((OFFICE.to - OFFICE.from) / 900_000),
    };
    const seconds = new Map<number, { keys: Map<string, Units>; sends: number }>();
    // A key naming a department or a person takes its share of a second's events (spread evenly over them);
    // one naming an enterprise or an item, one event's.
    const population = (cls: string) =>
      ({ department: departments.length, person: staffCount, item: enterprises })[partitionOwner(cls)];
    const put = (second: number, p: Profile, times = 1) => {
      const s = seconds.get(second) ?? { keys: new Map<string, Units>(), sends: 0 };
      for (const [k, u] of p.keys) {
        if (isShared(k)) addTo(s.keys, k, { read: u.read * times, write: u.write * times });
        else {
          const share = Math.max(1, Math.ceil(times / population(k)));
          const v = s.keys.get(k) ?? { read: 0, write: 0 };
          s.keys.set(k, {
            read: Math.max(v.read, u.read * share),
            write: Math.max(v.write, u.write * share),
          });
        }
      }
      s.sends += p.sends * times;
      seconds.set(second, s);
    };
    // The sweep sends what it has at its share of the account's rate (`shared/pace.ts`), second by second, for at
    // most its budget; what a run has no time for goes with the next run.
    const sweepRate = sweepSendRate(deps.config.MAIL_SEND_RATE) || Infinity;
    const perRun = (sweepRate * SEND_BUDGET_MS) / 1000;
    let carried = 0;
    const putSweep = (second: number, p: Profile, heldSends = 0) => {
      put(second, { keys: p.keys, sends: 0 });
      const waiting = p.sends + heldSends + carried;
      const now = Math.min(waiting, perRun);
      carried = waiting - now;
      for (let left = now, s = second; left > 0; left -= sweepRate, s++)
        put(s, { keys: new Map(), sends: Math.min(left, sweepRate) });
    };
    const nineSecond = Math.floor(nineAm / 1000);
    // A need's wait fires at its moment (the need reminders' clocks share the cadence).
    const needSeconds = new Map<number, number>();
    for (let k = 0; k < events.needReminders; k++) {
      const second = nineSecond + spreadSeconds(`need-${k}`, cadence.spreadMinutes);
      needSeconds.set(second, (needSeconds.get(second) ?? 0) + 1);
    }
    for (const [second, count] of needSeconds) put(second, profiles.reminder, count);
    // A task's reminders go by the sweep: each run sends those whose moment came since the run before, after what
    // it sends first (held mail, digests), at its pace — each reminder's reads and writes at the second it goes.
    const taskRemindersBy = (second: number) => {
      let due = 0;
      for (const [at, count] of reminderSeconds)
        if (at <= second) {
          due += count;
          reminderSeconds.delete(at);
        }
      return due;
    };
    // What a run reads once however many it sends (the staff list: the profile's one read over its samples) goes
    // at the run's second; each reminder's writes and its own items' reads at the second its turn at the pace comes
    // (a token at least).
    const reminder = profiles.reminder;
    const shared = [...reminder.keys].filter(([k]) => isShared(k));
    const once = new Map(shared.map(([k, u]) => [k, { read: u.read * n, write: 0 }]));
    const each = new Map([
      ...shared.map(([k, u]) => [k, { read: 0, write: u.write }] as const),
      ...[...reminder.keys].filter(([k]) => !isShared(k)),
    ]);
    const putReminders = (second: number, first: number) => {
      const count = taskRemindersBy(second);
      if (count) put(second, { keys: once, sends: 0 });
      for (let j = 0; j < count; j++)
        put(second + Math.floor((first + j * Math.max(1, reminder.sends)) / sweepRate), {
          keys: each,
          sends: reminder.sends,
        });
    };
    const heldOvernight = events.needsOvernight * profiles.need.sends;
    const sweepSendsAt0900 = profiles.sweep0900.sends + heldOvernight;
    putSweep(nineSecond, profiles.sweep0900, heldOvernight);
    putReminders(nineSecond, profiles.sweep0900.sends + heldOvernight);
    for (let t = OFFICE.from + 900_000; t < OFFICE.to; t += 900_000) {
      putSweep(Math.floor(t / 1000), profiles.sweep);
      putReminders(Math.floor(t / 1000), carried + profiles.sweep.sends);
    }
    const rnd = random(18);
    const spread = (count: number, p: Profile) => {
      for (let i = 0; i < count; i++)
        put(Math.floor((OFFICE.from + rnd() * (OFFICE.to - OFFICE.from)) / 1000), p);
    };
    spread(events.completions, profiles.completion);
    spread(events.needs, profiles.need);
    spread(events.boardViews, profiles.board);

    let peak = { wcu: 0, rcu: 0, sends: 0, wcuAt: 0, rcuAt: 0, sendsAt: 0 };
    const hottest = new Map<string, { rcu: number; wcu: number }>();
    for (const [second, s] of seconds) {
      for (const [k, u] of s.keys) {
        const h = hottest.get(k) ?? { rcu: 0, wcu: 0 };
        hottest.set(k, { rcu: Math.max(h.rcu, u.read), wcu: Math.max(h.wcu, u.write) });
        if (u.write > peak.wcu) peak = { ...peak, wcu: u.write, wcuAt: second };
        if (u.read > peak.rcu) peak = { ...peak, rcu: u.read, rcuAt: second };
      }
      if (s.sends > peak.sends) peak = { ...peak, sends: s.sends, sendsAt: second };
    }
    const local = (second: number) => deps.calendar.localTime(new Date(second * 1000));
    return {
      zones: shape.zones,
      enterprises,
      staff: staffCount,
      events,
      peakKeyWcuPerSecond: Math.round(peak.wcu),
      peakKeyRcuPerSecond: Math.round(peak.rcu),
      peakSendsPerSecond: Math.round(peak.sends),
      sendRatePerSecond: deps.config.MAIL_SEND_RATE,
      sweepSendsAt0900: Math.round(sweepSendsAt0900),
      hottest: [...hottest]
        .map(([key, u]) => ({ key, rcu: Math.round(u.rcu), wcu: Math.round(u.wcu) }))
        .sort((a, b) => Math.max(b.rcu, b.wcu) - Math.max(a.rcu, a.wcu))
        .slice(0, 8),
      peakAt: { wcu: local(peak.wcuAt), rcu: local(peak.rcuAt), sends: local(peak.sendsAt) },
    };
  } finally {
    await stack.stop();
  }
}
