import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLocalStack } from '#local/stack.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import type { Mail } from '#shared/mail/mailer.ts';
import { createDepartment, createStaff } from '#shared/organisation/create.ts';

const system = { actor: { kind: 'system' as const }, channel: 'system' as const };
/** Mon 5 Jan 2026, 10:00 in Shanghai: office hours, so staff mail goes out at once. */
const START = new Date('2026-01-05T02:00:00Z');
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] as number;

async function localStack(dynamoEndpoint: string, name: string) {
  const stack = await startLocalStack({
    port: 0,
    dynamoEndpoint,
    table: `bench-${name}-${Date.now()}`,
    dataDir: mkdtempSync(join(tmpdir(), 'aftercare-bench-')),
    seed: false,
    clockStart: START,
  });
  const dept = await createDepartment(stack.deps, { name: '招商一局' }, system);
  const head = await createStaff(
    stack.deps,
    { name: '王芳', email: 'head@bench.example.cn', role: 'departmentHead', departmentId: dept.id },
    system,
  );
  const officer = await createStaff(
    stack.deps,
    { name: '陈静', email: 'officer@bench.example.cn', role: 'officer', departmentId: dept.id },
    system,
  );
  await createStaff(
    stack.deps,
    { name: '陈志远', email: 'manager@bench.example.cn', role: 'manager', departmentId: dept.id },
    system,
  );
  const register = (i: number) =>
    registerEnterprise(
      stack.deps,
      {
        name: `端到端${i}有限公司`,
        investor: '基准集团',
        industryChain: '集成电路',
        contractedInvestment: 10_000,
        signedAt: stack.deps.calendar.localDate(stack.clock.now()),
        lead: { departmentId: dept.id, staffId: head.id },
        serviceOfficerId: officer.id,
        contacts: [{ name: '联系人', phone: '13800138000', email: `c${i}@bench.example.cn` }],
      },
      system,
    );
  return { stack, register };
}

/** POST the officer's task form as a phone's browser would: open the link, then submit with its CSRF token. */
async function completeFromLink(base: string, link: string, actualDate: string): Promise<number> {
  const url = new URL(link);
  const page = await fetch(new URL(`${url.pathname}${url.search}`, base));
  const html = await page.text();
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const form = new URLSearchParams({
    _csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '',
    t: /name="t" value="([^"]+)"/.exec(html)?.[1] ?? '',
    outcome: 'milestone',
    'milestone.actualDate': actualDate,
  });
  const t0 = performance.now();
  const res = await fetch(new URL('/task', base), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: form,
    redirect: 'manual',
  });
  if (res.status !== 303) throw new Error(`completion answered ${res.status}`);
  return t0;
}

/**
 * From an officer's completion (the form posted over HTTP) to the next task's email leaving the mailer, over
 * `completions` completions one after another.
 */
export async function completionToNextMail(
  dynamoEndpoint: string,
  completions: number,
  progress: (line: string) => void,
): Promise<{ completions: number; p50Ms: number; p95Ms: number; maxMs: number }> {
  const { stack, register } = await localStack(dynamoEndpoint, 'e2e');
  try {
    const sent: { at: number; mail: Mail }[] = [];
    const waiters: (() => void)[] = [];
    const send = stack.deps.mailer.send.bind(stack.deps.mailer);
    stack.deps.mailer = {
      send: async (mail) => {
        const out = await send(mail);
        sent.push({ at: performance.now(), mail });
        for (const w of waiters.splice(0)) w();
        return out;
      },
    };
    // Two milestones each (registered, site secured): after the site the approvals open five tasks at once, which is
    // not one completion and its next task's mail.
    const ROUNDS = 2;
    const enterprises = Math.ceil(completions / ROUNDS);
    const links = new Map<string, string>();
    for (let i = 0; i < enterprises; i++) await register(i);
    await stack.engine.idle();
    const taskLink = (name: string, after = 0) =>
      sent
        .filter((s) => s.at >= after && s.mail.subject.includes(name))
        .flatMap((s) => s.mail.links.filter((l) => l.includes('/task?')))
        .at(-1);
    for (let i = 0; i < enterprises; i++)
      links.set(`端到端${i}有限公司`, taskLink(`端到端${i}有限公司`) as string);
    const latencies: number[] = [];
    const today = stack.deps.calendar.localDate(stack.clock.now());
    for (let round = 0; round < ROUNDS && latencies.length < completions; round++) {
      for (const [name, link] of links) {
        if (latencies.length >= completions) break;
        const t0 = await completeFromLink(stack.url, link, today);
        let next = taskLink(name, t0);
        while (!next) {
          await new Promise<void>((resolve) => {
            waiters.push(resolve);
            setTimeout(resolve, 5000);
          });
          next = taskLink(name, t0);
        }
        const mailAt = sent.filter((s) => s.at >= t0 && s.mail.subject.includes(name)).at(-1)?.at ?? t0;
        latencies.push(mailAt - t0);
        links.set(name, next);
      }
      progress(`end to end: ${latencies.length} completions timed`);
    }
    return {
      completions: latencies.length,
      p50Ms: pct(latencies, 0.5),
      p95Ms: pct(latencies, 0.95),
      maxMs: Math.max(...latencies),
    };
  } finally {
    await stack.stop();
  }
}

/**
 * `count` lifecycles registered at once, then the clock fast-forwarded `days` days (reminders, escalations,
 * continue-as-new waits all fire): throughput, failed executions, peak memory.
 */
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export async function concurrentLifecycles(
  dynamoEndpoint: string,
  count: number,
  days: number,
  progress: (line: string) => void,
): Promise<{
  lifecycles: number;
  days: number;
  seconds: number;
  transitions: number;
  transitionsPerSecond: number;
  failedExecutions: number;
  failedLifecycles: number;
  peakRssMb: number;
  atPeakMb: { heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
}> {
  const { stack, register } = await localStack(dynamoEndpoint, 'load');
  let peak = process.memoryUsage();
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peak.rss) peak = m;
  }, 100);
  try {
    const t0 = performance.now();
    const before = stack.engine.counters.transitions;
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        for (let i = next++; i < count; i = next++) ids.push((await register(i)).id);
      }),
    );
    await stack.engine.idle(300_000);
    progress(`load: ${count} lifecycles registered and waiting`);
    for (let d = 1; d <= days; d++) {
      stack.clock.advance('P1D');
      await stack.engine.idle(300_000);
      if (d % 10 === 0) progress(`load: day ${d}/${days}`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const transitions = stack.engine.counters.transitions - before;
    const { getEnterprise } = await import('#shared/store/enterprises.ts');
    let failedLifecycles = 0;
    for (const id of ids)
      if ((await getEnterprise(stack.deps.db, id))?.lifecycle?.status === 'failed') failedLifecycles++;
    return {
      lifecycles: count,
      days,
      seconds,
      transitions,
      transitionsPerSecond: transitions / seconds,
      failedExecutions: stack.engine.counters.failed,
      failedLifecycles,
      peakRssMb: mb(peak.rss),
      /** What the process held at that peak (MB): V8's heap, used and reserved, and memory outside it. */
      atPeakMb: {
        heapUsed: mb(peak.heapUsed),
        heapTotal: mb(peak.heapTotal),
        external: mb(peak.external),
        arrayBuffers: mb(peak.arrayBuffers),
      },
    };
  } finally {
    clearInterval(sampler);
    await stack.stop();
  }
}

/** The Node options `npm start` runs the app with (package.json's `start` script: one list, read here). */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
  const flags = /\bnode((?: --[\w-]+(?:=\S+)?)*) --import tsx\b/.exec(String(pkg.scripts.start))?.[1];
  if (flags === undefined) throw new Error("package.json's start script does not run node --import tsx");
  return flags.trim().split(/\s+/).filter(Boolean);
}

/**
 * `concurrentLifecycles` run in a fresh Node process started as `npm start` starts the app (the same options, tsx),
 * so that its memory is the app's alone (`bench/load-child.ts`).
 */
export async function concurrentLifecyclesAlone(
  dynamoEndpoint: string,
  count: number,
  days: number,
  progress: (line: string) => void,
): Promise<Awaited<ReturnType<typeof concurrentLifecycles>>> {
  const args = [...startFlags(), '--import', 'tsx', join(import.meta.dirname, 'load-child.ts')];
  const run = promisify(execFile)(process.execPath, [...args, dynamoEndpoint, String(count), String(days)], {
    maxBuffer: 64 * 1024 * 1024,
  });
  run.child.stderr?.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) if (line.trim()) progress(line);
  });
  const out = (await run).stdout;
  // The app's own log lines share stdout: the result is the line marked as such.
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error("the lifecycles' process printed no result");
  return JSON.parse(line.slice('RESULT '.length));
}
