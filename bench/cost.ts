import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '#local/dynamodb.ts';
import { localFunctionArn } from '#local/engine/definitions.ts';
import { LocalStepFunctions } from '#local/engine/engine.ts';
import { localLambdas } from '#local/engine/lambdas.ts';
import { startLocalStack } from '#local/stack.ts';
import { LocalClock } from '#shared/clock/clock.ts';
import { cadenceOf } from '#shared/config/config.ts';
import { countsHorizon } from '#shared/domain/board-counts.ts';
import { plan } from '#shared/domain/cadence.ts';
import { newId } from '#shared/domain/ids.ts';
import { MILESTONES } from '#shared/domain/stage.ts';
import type { Task } from '#shared/domain/work-item.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { reportOnTask } from '#shared/lifecycle/complete.ts';
import { sendDueTaskReminders } from '#shared/lifecycle/remind.ts';
import { resolveNeed, signFor } from '#shared/needs/answer.ts';
import { createNeed } from '#shared/needs/create.ts';
import { rateNeed } from '#shared/needs/rating.ts';
import { revisitNeed } from '#shared/needs/revisit.ts';
import { setRouting } from '#shared/needs/routing.ts';
import { createDepartment, createStaff } from '#shared/organisation/create.ts';
import { openItems, openItemsDueBy } from '#shared/store/board.ts';
import { createDb, type Db } from '#shared/store/db.ts';
import { getEnterprise } from '#shared/store/enterprises.ts';
import { isOutboxWrite } from '#shared/store/outbox.ts';
import { TABLE } from '#shared/store/table.ts';
import {
  closeTaskItem,
  getTaskAndToken,
  notifiedItem,
  openTasksOf,
  setWaitToken,
  taskItem,
} from '#shared/store/tasks.ts';
import { transact, writeItem } from '#shared/store/write.ts';
import { BASELINE_ARN, BASELINE_FUNCTIONS, baselineDefinition } from './baseline.ts';
import { type CapacityMeter, meterCapacity } from './capacity.ts';
import type { Counts } from './prices.ts';

const system = { actor: { kind: 'system' as const }, channel: 'system' as const };
/**
 * Mon 5 Jan 2026, 14:00 in Shanghai. The scenario moves a day at a time, so each day's timers fire when the clock
 * passes them: at 14:00, after the morning's reminder window (09:00–12:00) and in office hours, each reminder goes
 * out on its own day. (From 10:00, a reminder spread past 10:00 fired the next day — on a Saturday it was held for
 * Monday and, with no sweep in the scenario, never sent nor counted.)
 */
const START = new Date('2026-01-05T06:00:00Z');

export interface Phase {
  /** When the item is due, and when the person actually acted (the scenario's timeline, replayed by the baseline). */
  dueAt: string;
  doneAt: string;
}

export interface ScenarioResult {
  /** When the scenario's first item opened: the baseline starts polling then. */
  startedAt: string;
  counts: Counts;
  phases: Phase[];
  notes: Record<string, number>;
}

/** Wrap local Lambda handlers to add up their wall time (the billed-duration stand-in). */
function timed<F extends (...args: never[]) => Promise<unknown>>(
  lambdas: Record<string, F>,
  sum: { ms: number },
): Record<string, F> {
  return Object.fromEntries(
    Object.entries(lambdas).map(([arn, fn]) => [
      arn,
      (async (...args: Parameters<F>) => {
        const t0 = performance.now();
        try {
          return await fn(...args);
        } finally {
          sum.ms += Math.ceil(performance.now() - t0);
        }
      }) as F,
    ]),
  );
}

function snapshot(
  engine: { counters: { transitions: number; invocations: number } },
  meter: CapacityMeter,
  ms: { ms: number },
  emails: { n: number },
) {
  return {
    transitions: engine.counters.transitions,
    invocations: engine.counters.invocations,
    lambdaMs: ms.ms,
    readUnits: meter.read,
    writeUnits: meter.write,
    emails: emails.n,
  };
}
const minus = (a: Counts, b: Counts): Counts => ({
  transitions: a.transitions - b.transitions,
  invocations: a.invocations - b.invocations,
  lambdaMs: a.lambdaMs - b.lambdaMs,
  readUnits: a.readUnits - b.readUnits,
  writeUnits: a.writeUnits - b.writeUnits,
  emails: a.emails - b.emails,
});

/**
 * The standard scenarios on the local stack: one enterprise signed to operating (each stage with its reminders and
 * a head escalation before the officer reports), then aftercare visits; and one need (signed for the next day,
 * answered within a week, rated). Counts what AWS would bill: transitions, invocations, read/write units, emails.
 */
export async function aftercareScenarios(
  dynamoEndpoint: string,
  shape: { stages: number; visits: number },
  progress: (line: string) => void,
): Promise<{
  lifecycle: ScenarioResult;
  need: ScenarioResult;
  sweep: Counts;
  tableBytes: number;
  /** The functions' own log bytes per workflow invocation, at this process's LOG_LEVEL (the deployed one). */
  appLogBytesPerInvocation: number;
  /** The bytes of this enterprise's items the sweep's board counts read in a run, on average. */
  boardCountsBytesPerRun: number;
}> {
  const table = `bench-cost-${Date.now()}`;
  const stack = await startLocalStack({
    port: 0,
    dynamoEndpoint,
    table,
    dataDir: mkdtempSync(join(tmpdir(), 'aftercare-bench-')),
    seed: false,
    clockStart: START,
    // The sweep costs the zone the same whatever its size: measured once, below, not per lifecycle.
    schedules: false,
  });
  try {
    const deps = stack.deps;
    const meter = meterCapacity(deps.db, (input) => !isOutboxWrite(input));
    // The benchmark's own looks at the table (which task is open now, the enterprise for its need) go through a
    // client of their own, not metered: on AWS nobody makes them, so they are no part of the bill.
    const look = createDb({ table, region: 'local', endpoint: dynamoEndpoint });
    const ms = { ms: 0 };
    stack.engine.register(
      timed(
        localLambdas(async () => deps),
        ms,
      ),
    );
    const emails = { n: 0 };
    const send = deps.mailer.send.bind(deps.mailer);
    deps.mailer = {
      send: (m) => {
        emails.n += m.to.length;
        return send(m);
      },
    };

    const dept = await createDepartment(deps, { name: '招商一局' }, system);
    const person = (role: 'officer' | 'departmentHead' | 'manager', name: string) =>
      createStaff(deps, { name, email: `${role}@bench.example.cn`, role, departmentId: dept.id }, system);
    const [head, officer] = [await person('departmentHead', '王芳'), await person('officer', '陈静')];
    const manager = await person('manager', '陈志远');
    // Permits needs go to 招商一局, whose head owns them; the manager (the coordinator) makes the return visit.
    await setRouting(deps, { permits: dept.id }, system);
    // What the sweep's board counts read of this enterprise each run: its open items due soon or overdue (their
    // bytes, as a Query bills them), averaged over the scenario's days.
    const window = { days: 0, bytes: 0 };
    const day = async () => {
      stack.clock.advance('P1D');
      await stack.engine.idle(120_000);
      const now = stack.clock.now();
      const due = await openItems(
        look,
        { kind: 'zone' },
        { dueBefore: countsHorizon(deps.calendar, now), limit: 200 },
      );
      window.days++;
      window.bytes += due.items.reduce((n, item) => n + itemBytes(item), 0);
      // The sweep's reminders (every 15 minutes; at 14:00 today's are all due): from the rows its board counts read
      // anyway (read here through the benchmark's own client, as that query is billed to the sweep's line), sent
      // inside the sweep's invocation, so its time is counted and no invocation of its own.
      const listed = await openItemsDueBy(look, countsHorizon(deps.calendar, now));
      const t0 = performance.now();
      await sendDueTaskReminders(
        deps,
        listed.flatMap((i) => (i.task ? [i.task] : [])),
      );
      ms.ms += Math.ceil(performance.now() - t0);
      await stack.engine.idle(120_000);
    };
    const today = () => deps.calendar.localDate(stack.clock.now());

    // What the steps log (Powertools writes one JSON line per entry to stdout or stderr), over both scenarios.
    const logged = countLogBytes();

    // The lifecycle.
    const before = snapshot(stack.engine, meter, ms, emails);
    const planned: Record<string, string> = {};
    const milestones = MILESTONES;
    milestones.slice(0, shape.stages).forEach((m, i) => {
      planned[m] = deps.calendar.addWorkingDays(today(), 25 * (i + 1));
    });
    const e = await registerEnterprise(
      deps,
      {
        name: '基准测试科技有限公司',
        investor: '基准集团',
        industryChain: '集成电路',
        contractedInvestment: 100_000,
        signedAt: today(),
        lead: { departmentId: dept.id, staffId: head.id },
        serviceOfficerId: officer.id,
        contacts: [{ name: '联系人', phone: '13800138000', email: 'contact@bench.example.cn' }],
        planned,
      },
      system,
    );
    await stack.engine.idle();
    const phases: Phase[] = [];
    const complete = async (task: Task, report: Record<string, unknown>) => {
      phases.push({ dueAt: task.dueAt, doneAt: stack.clock.now().toISOString() });
      await reportOnTask(deps, { enterpriseId: e.id, taskId: task.id }, report, { channel: 'email-link' });
      await stack.engine.idle();
    };
    for (let s = 0; s < shape.stages; s++) {
      let [task] = await openTasksOf(look, e.id);
      // Until the head has been told: then the officer reports the milestone.
      while (!task?.notified.some((k) => k.startsWith('head:'))) {
        await day();
        [task] = await openTasksOf(look, e.id);
      }
      await complete(task, { outcome: 'milestone', actualDate: today() });
      progress(`lifecycle: stage ${s + 1}/${shape.stages} reached on ${today()}`);
      // Site secured: the approvals run in parallel, each granted on its due date (after its reminders).
      let approvals = (await openTasksOf(look, e.id)).filter((t) => t.kind === 'approval');
      while (approvals.length) {
        for (const a of approvals)
          if (today() >= deps.calendar.localDate(new Date(a.dueAt)))
            await complete(a, { outcome: 'approved', approvedDate: today() });
        approvals = (await openTasksOf(look, e.id)).filter((t) => t.kind === 'approval');
        if (approvals.length) await day();
        else progress(`lifecycle: approvals granted by ${today()}`);
      }
    }
    for (let v = 0; v < shape.visits; v++) {
      let [task] = await openTasksOf(look, e.id);
      while (task && today() < deps.calendar.localDate(new Date(task.dueAt))) {
        await day();
        [task] = await openTasksOf(look, e.id);
      }
      if (task) await complete(task, { outcome: 'visit', visitDate: today(), notes: '回访正常。' });
      progress(`lifecycle: visit ${v + 1}/${shape.visits} on ${today()}`);
    }
    const lifecycle: ScenarioResult = {
      startedAt: START.toISOString(),
      counts: minus(snapshot(stack.engine, meter, ms, emails), before),
      phases,
      notes: { days: Math.round((stack.clock.now().getTime() - START.getTime()) / 86_400_000) },
    };

    // One need: signed for the next working day, answered within a week, rated satisfied.
    const needBefore = snapshot(stack.engine, meter, ms, emails);
    const needStartedAt = stack.clock.now().toISOString();
    const enterprise = (await getEnterprise(look, e.id))!;
    const need = await createNeed(
      deps,
      enterprise,
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
    const ids = { enterpriseId: e.id, needId: need.id };
    const needPhases: Phase[] = [];
    const step = async (act: () => Promise<unknown>, dueAt: string | undefined) => {
      needPhases.push({
        dueAt: dueAt ?? stack.clock.now().toISOString(),
        doneAt: stack.clock.now().toISOString(),
      });
      await act();
      await stack.engine.idle();
    };
    await day();
    // The owner acts (an action through someone else's link is refused).
    const by = {
      actor: { kind: 'staff' as const, id: need.ownerId ?? head.id },
      channel: 'email-link' as const,
    };
    const signed = need.dueAt;
    await step(
      () => signFor(deps, ids, { committedDate: deps.calendar.addWorkingDays(today(), 5) }, by),
      signed,
    );
    for (let i = 0; i < 5; i++) await day();
    await step(() => resolveNeed(deps, ids, { answer: '已协调办理。' }, by), stack.clock.now().toISOString());
    await day();
    await step(
      () =>
        rateNeed(
          deps,
          ids,
          { rating: 'satisfied' },
          { actor: { kind: 'enterprise', id: e.id }, channel: 'portal' },
        ),
      stack.clock.now().toISOString(),
    );
    await day();
    // The coordinator's return visit (回访) ends it.
    await step(
      () =>
        revisitNeed(
          deps,
          ids,
          { resolved: 'yes', satisfied: 'yes' },
          { actor: { kind: 'staff', id: manager.id }, channel: 'email-link' },
        ),
      stack.clock.now().toISOString(),
    );
    const needResult: ScenarioResult = {
      startedAt: needStartedAt,
      counts: minus(snapshot(stack.engine, meter, ms, emails), needBefore),
      phases: needPhases,
      notes: {},
    };
    progress('need: submitted, signed for, answered, rated, return-visited');
    const appLogBytesPerInvocation =
      logged.stop() / Math.max(1, lifecycle.counts.invocations + needResult.counts.invocations);
    // What the zone stores: every item the scenario left (the enterprise, its tasks, need, audit, counters…).
    const tableBytes = await storedBytes(look, stack.clock.now());
    // One sweep run (queued mail, digests, the overdue gauge) on this zone: it runs every 15 minutes, so a typical
    // run is measured — after one that does what is done once (the scenario's leftovers, the once-a-year mail that
    // next year's holidays are missing), which would otherwise be counted 35,040 times a year.
    await stack.sweep();
    const sweepBefore = snapshot(stack.engine, meter, ms, emails);
    const t0 = performance.now();
    await stack.sweep();
    const sweepRun = minus(snapshot(stack.engine, meter, ms, emails), sweepBefore);
    sweepRun.invocations = 1;
    sweepRun.lambdaMs = Math.ceil(performance.now() - t0);
    return {
      lifecycle,
      need: needResult,
      sweep: sweepRun,
      tableBytes,
      appLogBytesPerInvocation,
      boardCountsBytesPerRun: window.bytes / Math.max(1, window.days),
    };
  } finally {
    await stack.stop();
  }
}

/**
 * Counts the bytes of the log lines this process writes from now until `stop()` (the logger's JSON lines only, not
 * the benchmark's own progress lines), still writing them.
 */
function countLogBytes(): { stop: () => number } {
  let bytes = 0;
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  streams.forEach((stream, n) => {
    const original = originals[n] as typeof stream.write;
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (text.startsWith('{')) bytes += Buffer.byteLength(text);
      return original.call(stream, chunk, ...rest);
    }) as typeof stream.write;
  });
  return {
    stop: () => {
      streams.forEach((stream, n) => {
        stream.write = originals[n] as typeof stream.write;
      });
      return bytes;
    },
  };
}

/** An item's size as DynamoDB bills it, near enough: its attributes' names and values (UTF-8), and 100 bytes. */
const itemBytes = (item: object) => Buffer.byteLength(JSON.stringify(item)) + 100;

/**
 * The table's size as DynamoDB bills it, near enough: each item's attributes, names and values (UTF-8), and 100
 * bytes of overhead, once in the table and once more in each index it is in (every index projects all attributes);
 * but the local outbox, and items whose time to live ran out by `now` (DynamoDB deletes them; DynamoDB Local keeps them).
 */
async function storedBytes(db: Db, now: Date): Promise<number> {
  const expired = (item: Record<string, unknown>) => {
    const at = item[TABLE.ttlAttribute];
    return typeof at === 'number' && at * 1000 <= now.getTime();
  };
  let bytes = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(new ScanCommand({ TableName: db.table, ExclusiveStartKey }));
    for (const item of page.Items ?? []) {
      if (isOutboxWrite({ Item: item }) || expired(item)) continue;
      const copies = 1 + TABLE.indexes.filter((i) => item[i.partitionKey] !== undefined).length;
      bytes += copies * itemBytes(item);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return bytes;
}

/**
 * The same timeline on the polling pattern of AWS's human-task-reminder sample: for each phase, a Parallel state
 * whose one branch waits for the person (task token) while the other wakes every `pollMinutes`, reads the task
 * from DynamoDB and sends the reminders due. Same engine, same table layout, same reminder rules.
 */
export async function pollingBaseline(
  dynamoEndpoint: string,
  scenario: Pick<ScenarioResult, 'phases' | 'startedAt'>,
  pollMinutes: number,
  progress: (line: string) => void,
): Promise<Counts> {
  const { phases } = scenario;
  const table = `bench-baseline-${Date.now()}`;
  await ensureTable(dynamoEndpoint, table);
  const db: Db = createDb({ table, region: 'local', endpoint: dynamoEndpoint });
  const meter = meterCapacity(db);
  // Only the workflow engine's own bookkeeping goes through this one (not billed on AWS, so not metered).
  const engineDb = createDb({ table, region: 'local', endpoint: dynamoEndpoint });
  const engine = new LocalStepFunctions({
    db: engineDb,
    clock: new LocalClock(START.getTime() - Date.now()),
    machines: { [BASELINE_ARN]: baselineDefinition(pollMinutes) },
    lifecycleArn: BASELINE_ARN,
    needFlowArn: BASELINE_ARN,
    waitTimeOverrides: { WaitToPoll: 1 },
  });
  let now = Date.parse(scenario.startedAt);
  const ms = { ms: 0 };
  let emails = 0;
  const { createCalendar } = await import('#shared/calendar/working-days.ts');
  const calendar = createCalendar();
  const cadence = cadenceOf({
    REMIND_BEFORE_WORKING_DAYS: 2,
    ESCALATE_HEAD_AFTER_WORKING_DAYS: 1,
    ESCALATE_MANAGERS_AFTER_WORKING_DAYS: 3,
    REMIND_SPREAD_MINUTES: 180,
  } as never);
  const enterpriseId = newId(now);
  const tokens = new Map<string, string>();
  let polls = 0;
  engine.register(
    timed(
      {
        // Open the phase's task and keep the token on it, as the sample's first state does.
        [localFunctionArn(BASELINE_FUNCTIONS.open)]: async (e: unknown): Promise<unknown> => {
          const { phase, token } = e as { phase: number; token: string };
          const p = phases[phase] as Phase;
          const task: Task = {
            id: newId(now),
            enterpriseId,
            enterpriseName: '基准测试科技有限公司',
            industryChain: '集成电路',
            stage: 'signed',
            kind: 'tracking',
            milestone: 'registered',
            status: 'open',
            officerId: enterpriseId,
            departmentId: enterpriseId,
            dueAt: p.dueAt,
            openedAt: new Date(now).toISOString(),
            notified: [],
            version: 1,
          };
          await transact(db, [taskItem(db, task)]);
          await setWaitToken(db, enterpriseId, task.id, token);
          tokens.set(String(phase), task.id);
          return {};
        },
        // Wake up, read the task, send what is due; the person acts at the scenario's time.
        [localFunctionArn(BASELINE_FUNCTIONS.poll)]: async (e: unknown): Promise<unknown> => {
          const { phase } = e as { phase: number };
          const p = phases[phase] as Phase;
          now += pollMinutes * 60_000;
          polls++;
          if (polls % 2000 === 0)
            progress(`baseline: ${polls} polls, at ${new Date(now).toISOString().slice(0, 10)}`);
          // The branches start together; on AWS the first wait is 15 minutes, so the task is written by then.
          while (!tokens.has(String(phase))) await new Promise((r) => setTimeout(r, 1));
          const taskId = tokens.get(String(phase)) as string;
          const read = await getTaskAndToken(db, enterpriseId, taskId);
          if (!read) return { phase, done: false };
          const { task } = read;
          if (now >= Date.parse(p.doneAt)) {
            await writeItem(
              db,
              closeTaskItem(db, task, { status: 'completed', at: new Date(now).toISOString() }),
            );
            await engine.sendTaskSuccess(String(read.waitToken), {});
            return { phase, done: true };
          }
          const due = plan(calendar, cadence, task, new Date(now));
          for (const n of due.send) {
            emails++;
            await writeItem(db, notifiedItem(db, task, n.key));
          }
          return { phase, done: false };
        },
        [localFunctionArn(BASELINE_FUNCTIONS.next)]: async (e: unknown): Promise<unknown> => {
          const { phase } = e as { phase: number };
          return { phase: phase + 1, finished: phase + 1 >= phases.length };
        },
      },
      ms,
    ),
  );
  const before = engine.counters.transitions;
  await engine.startExecution(BASELINE_ARN, `baseline-${enterpriseId}`, { phase: 0 });
  while (engine.runningCount > 0) await new Promise((r) => setTimeout(r, 50));
  const counts: Counts = {
    transitions: engine.counters.transitions - before,
    invocations: engine.counters.invocations,
    lambdaMs: ms.ms,
    readUnits: meter.read,
    writeUnits: meter.write,
    emails,
  };
  engine.stop();
  progress(`baseline: ${polls} polls in all`);
  return counts;
}
