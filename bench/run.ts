/**
 * `npm run bench` (add `-- --quick` for the short run): cost per lifecycle against a polling baseline, cold start
 * of every Lambda bundle against unbundled loading, query scale against scan-and-filter, and end-to-end latency
 * and load on the local stack. Prints one table; writes bench/results.json and bench/results.md.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDynamo } from '#local/dynamodb.ts';
import { zoneBill } from './bill.ts';
import { type ColdStart, coldStarts } from './cold-start.ts';
import { aftercareScenarios, pollingBaseline } from './cost.ts';
import { completionToNextMail, concurrentLifecyclesAlone } from './end-to-end.ts';
import { type Counts, PRICES, price } from './prices.ts';
import { provinceDay } from './province.ts';
import { queryScale } from './query-scale.ts';
import { REFERENCE_ZONE } from './reference-zone.ts';
import { defaultTemplateFacts } from './template-facts.ts';

const quick = process.argv.includes('--quick');
const SIZE = quick
  ? {
      stages: 1,
      visits: 0,
      coldRuns: 3,
      enterprises: 1000,
      completions: 40,
      load: 1000,
      loadDays: 5,
      manyLoad: 0,
    }
  : {
      stages: 7,
      visits: 4,
      coldRuns: 7,
      enterprises: 10_000,
      completions: 200,
      load: 1000,
      loadDays: 20,
      // Issue 18 item 5: 10,000 concurrent lifecycles with no failure (3 days: every one registered, reminded, kept).
      manyLoad: 10_000,
    };
const POLL_MINUTES = 15;
/** Needs per enterprise per year, for the yearly cost (the reference zone's, stated in the output). */
const NEEDS_PER_ENTERPRISE_YEAR = REFERENCE_ZONE.needsPerEnterpriseYear;

const started = performance.now();
const log = (line: string) => {
  const s = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[${s}s] ${line}\n`);
};
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const scaled = (c: Counts, f: number): Counts => ({
  transitions: c.transitions * f,
  invocations: c.invocations * f,
  lambdaMs: c.lambdaMs * f,
  readUnits: c.readUnits * f,
  writeUnits: c.writeUnits * f,
  emails: c.emails * f,
});
const add = (a: Counts, b: Counts): Counts => ({
  transitions: a.transitions + b.transitions,
  invocations: a.invocations + b.invocations,
  lambdaMs: a.lambdaMs + b.lambdaMs,
  readUnits: a.readUnits + b.readUnits,
  writeUnits: a.writeUnits + b.writeUnits,
  emails: a.emails + b.emails,
});
let billTable = '';
const ratio = (a: number, b: number) => (b === 0 ? '—' : `${round(a / b, a / b < 10 ? 2 : 0)}×`);

const dynamo = await startDynamo();
log(`DynamoDB Local on ${dynamo.endpoint}; ${quick ? 'quick' : 'full'} run`);
const rows: [string, string, string, string][] = [];
const results: Record<string, unknown> = {
  quick,
  date: new Date().toISOString(),
  node: process.version,
  prices: PRICES,
};
try {
  // 1. Cost.
  const scenarios = await aftercareScenarios(dynamo.endpoint, SIZE, log);
  const baseline = await pollingBaseline(dynamo.endpoint, scenarios.lifecycle, POLL_MINUTES, log);
  const needBaseline = await pollingBaseline(dynamo.endpoint, scenarios.need, POLL_MINUTES, log);
  const days = scenarios.lifecycle.notes.days ?? 365;
  const perYear = (lifecycle: Counts, need: Counts) => {
    const l = price(lifecycle).total * (365 / days);
    const n = price(need).total * NEEDS_PER_ENTERPRISE_YEAR;
    return (l + n) * 1000;
  };
  // The sweep is the zone's fixed cost: every 15 minutes, all year, whatever the number of enterprises.
  const sweepsPerYear = 96 * 365;
  const sweepYear = price(scenarios.sweep).total * sweepsPerYear;
  const ours = perYear(scenarios.lifecycle.counts, scenarios.need.counts) + sweepYear;
  const theirs = perYear(baseline, needBaseline);
  const c = scenarios.lifecycle.counts;
  rows.push(
    [
      `lifecycle (${days} days): state transitions`,
      `${c.transitions}`,
      `${baseline.transitions}`,
      ratio(baseline.transitions, c.transitions),
    ],
    [
      'lifecycle: Lambda invocations',
      `${c.invocations}`,
      `${baseline.invocations}`,
      ratio(baseline.invocations, c.invocations),
    ],
    [
      'lifecycle: DynamoDB read units',
      `${round(c.readUnits)}`,
      `${round(baseline.readUnits)}`,
      ratio(baseline.readUnits, c.readUnits),
    ],
    [
      'lifecycle: DynamoDB write units',
      `${round(c.writeUnits)}`,
      `${round(baseline.writeUnits)}`,
      ratio(baseline.writeUnits, c.writeUnits),
    ],
    [
      'need: state transitions',
      `${scenarios.need.counts.transitions}`,
      `${needBaseline.transitions}`,
      ratio(needBaseline.transitions, scenarios.need.counts.transitions),
    ],
    [
      `$ per 1,000 enterprises a year (${NEEDS_PER_ENTERPRISE_YEAR} needs each; ours incl. the sweep)`,
      `$${round(ours, 2)}`,
      `$${round(theirs, 2)}`,
      ratio(theirs, ours),
    ],
  );
  results.cost = {
    scenario: {
      stages: SIZE.stages,
      visits: SIZE.visits,
      days,
      needsPerEnterpriseYear: NEEDS_PER_ENTERPRISE_YEAR,
    },
    aftercare: { lifecycle: scenarios.lifecycle.counts, need: scenarios.need.counts },
    baseline: { pollMinutes: POLL_MINUTES, lifecycle: baseline, need: needBaseline },
    dollarsPer1000EnterprisesYear: { aftercare: round(ours, 2), baseline: round(theirs, 2) },
    sweep: { perRun: scenarios.sweep, runsPerYear: sweepsPerYear, dollarsPerYear: round(sweepYear, 2) },
    byService: { aftercareLifecycle: price(scenarios.lifecycle.counts), baselineLifecycle: price(baseline) },
  };
  log('cost done');

  // 2. Cold start.
  const cold = await coldStarts(SIZE.coldRuns, log);
  const sum = (k: 'bundleBytes' | 'unbundledBytes' | 'bundledInitMs' | 'unbundledInitMs') =>
    cold.reduce((s, x) => s + x[k], 0) / cold.length;
  const http = cold.find((x) => x.fn === 'Http');
  if (http) {
    rows.push(
      [
        'cold start, HTTP function: code loaded (KB)',
        `${round(http.bundleBytes / 1024, 0)}`,
        `${round(http.unbundledBytes / 1024, 0)}`,
        ratio(http.unbundledBytes, http.bundleBytes),
      ],
      [
        'cold start, HTTP function: module init (ms, median)',
        `${round(http.bundledInitMs)}`,
        `${round(http.unbundledInitMs)}`,
        ratio(http.unbundledInitMs, http.bundledInitMs),
      ],
      // What init leaves to the first requests: every chunk loaded too (the most a container ever loads — every
      // route family, exceljs, every adapter; a single request loads its own family, less). No baseline: the
      // unbundled init loads none of the lazy packages, so the two would not measure the same thing.
      [
        'cold start, HTTP function: init, then every chunk loaded (ms, median)',
        `${round(http.allLoadedMs)}`,
        '—',
        '—',
      ],
    );
  }
  const steps = cold.filter((x) => x.fn.endsWith('Step'));
  const slowestStep = steps.reduce(
    (a, b) => (b.bundledInitMs > a.bundledInitMs ? b : a),
    steps[0] as ColdStart,
  );
  const worst = cold.reduce((a, b) =>
    b.unbundledInitMs / b.bundledInitMs < a.unbundledInitMs / a.bundledInitMs ? b : a,
  );
  rows.push(
    [
      `cold start, slowest step (${slowestStep.fn}): module init (ms, median)`,
      `${round(slowestStep.bundledInitMs)}`,
      `${round(slowestStep.unbundledInitMs)}`,
      ratio(slowestStep.unbundledInitMs, slowestStep.bundledInitMs),
    ],
    [
      `cold start, smallest ratio (${worst.fn}): module init (ms, median)`,
      `${round(worst.bundledInitMs)}`,
      `${round(worst.unbundledInitMs)}`,
      ratio(worst.unbundledInitMs, worst.bundledInitMs),
    ],
    [
      `cold start, all ${cold.length} functions: mean module init (ms)`,
      `${round(sum('bundledInitMs'))}`,
      `${round(sum('unbundledInitMs'))}`,
      ratio(sum('unbundledInitMs'), sum('bundledInitMs')),
    ],
  );
  // Module init as deployed: the bundle imported in a fresh process with the function's own NODE_OPTIONS (none now:
  // no --enable-source-maps), against the same entry unbundled with the same options.
  results.coldStart = {
    runs: SIZE.coldRuns,
    minRatio: round(Math.min(...cold.map((x) => x.unbundledInitMs / x.bundledInitMs)), 2),
    httpInitMs: http ? round(http.bundledInitMs) : undefined,
    slowestStepInitMs: round(slowestStep.bundledInitMs),
    httpAllLoadedMs: http ? round(http.allLoadedMs) : undefined,
    asDeployed: true,
    functions: cold,
  };
  log('cold start done');

  // 2b. The reference zone's whole bill: the stack's monthly charges from its template, the workflows' counts, the
  // cold starts as measured (the Node runtime's own start, then all the bundle's code loaded: init and what the first
  // calls load), the zone's use of the pages.
  const runtimeStartMs = median(
    Array.from({ length: 5 }, () => {
      const t0 = performance.now();
      execFileSync(process.execPath, ['--input-type=module', '-e', '0'], { env: { PATH: process.env.PATH } });
      return performance.now() - t0;
    }),
  );
  const initOf = (fns: string[]) =>
    runtimeStartMs + Math.max(0, ...cold.filter((x) => fns.includes(x.fn)).map((x) => x.allLoadedMs));
  const perEnterpriseYear = add(
    scaled(scenarios.lifecycle.counts, 365 / days),
    scaled(scenarios.need.counts, NEEDS_PER_ENTERPRISE_YEAR),
  );
  const bill = zoneBill({
    zone: REFERENCE_ZONE,
    template: defaultTemplateFacts(),
    perEnterpriseYear,
    sweepPerRun: scenarios.sweep,
    tableBytesPerEnterprise: scenarios.tableBytes,
    appLogBytesPerInvocation: scenarios.appLogBytesPerInvocation,
    boardCountsBytesPerRun: scenarios.boardCountsBytesPerRun,
    initMs: {
      step: initOf(cold.filter((x) => x.fn.endsWith('Step')).map((x) => x.fn)),
      http: initOf(['Http']),
      sweep: initOf(['Sweep']),
    },
  });
  rows.push(
    [
      `reference zone (${REFERENCE_ZONE.enterprises} enterprises, ${REFERENCE_ZONE.staff} staff): all-in $ a year`,
      `$${round(bill.allInDollarsPerYear, 2)}`,
      'must be ≤ $20',
      '—',
    ],
    [
      '… of which variable, $ per 1,000 enterprises a year',
      `$${round(bill.variableDollarsPer1000EnterprisesYear, 2)}`,
      'must be ≤ $5',
      '—',
    ],
  );
  Object.assign(results.cost as object, {
    allInDollarsPerYear: round(bill.allInDollarsPerYear, 2),
    variableDollarsPer1000EnterprisesYear: round(bill.variableDollarsPer1000EnterprisesYear, 2),
    fixedDollarsPerYear: round(bill.fixedDollarsPerYear, 2),
    referenceZone: REFERENCE_ZONE,
    runtimeStartMs: round(runtimeStartMs),
    bill: bill.lines.map((l) => ({ ...l, dollarsPerYear: round(l.dollarsPerYear, 3) })),
  });
  billTable = [
    '| kind | item | $ a year | basis |',
    '|---|---|---:|---|',
    ...bill.lines.map((l) => `| ${l.kind} | ${l.item} | ${l.dollarsPerYear.toFixed(2)} | ${l.basis} |`),
    `| | **fixed** | **${bill.fixedDollarsPerYear.toFixed(2)}** | |`,
    `| | **variable, per 1,000 enterprises** | **${bill.variableDollarsPer1000EnterprisesYear.toFixed(2)}** | |`,
    `| | **reference zone, all in** | **${bill.allInDollarsPerYear.toFixed(2)}** | ${REFERENCE_ZONE.enterprises} enterprises |`,
  ].join('\n');

  // 2c. A province-scale day (50 zones × 1,000 enterprises), counted: the peak per key and the sends per second.
  const province = await provinceDay(
    dynamo.endpoint,
    { zones: 50, enterprisesPerZone: 1000, staffPerZone: 100, samples: quick ? 5 : 10 },
    log,
  );
  rows.push(
    [
      'province day (50 zones): peak write units on one key, per second',
      `${province.peakKeyWcuPerSecond}`,
      'must be ≤ 1000',
      '—',
    ],
    ['… peak read units on one key, per second', `${province.peakKeyRcuPerSecond}`, 'must be ≤ 3000', '—'],
    [
      `… peak messages sent per second (the 09:00 sweep's ${province.sweepSendsAt0900} at its pace)`,
      `${province.peakSendsPerSecond}`,
      `must be ≤ ${province.sendRatePerSecond}`,
      '—',
    ],
  );
  results.province = province;
  log('province day done');

  // 3. Query scale.
  const scale = await queryScale(dynamo.endpoint, SIZE.enterprises, log);
  for (const f of scale.figures) {
    rows.push(
      [
        `${f.query}: read units`,
        `${round(f.readUnits)}`,
        `${round(f.scanReadUnits)}`,
        ratio(f.scanReadUnits, f.readUnits),
      ],
      [
        `${f.query}: latency (ms)`,
        `${round(f.medianMs)}`,
        `${round(f.scanMs, 0)}`,
        ratio(f.scanMs, f.medianMs),
      ],
      [
        `${f.query}: read units per item returned`,
        `${round(f.readUnits / Math.max(1, f.returned), 3)}`,
        `${round(f.scanReadUnits / Math.max(1, f.returned), 1)}`,
        ratio(f.scanReadUnits, f.readUnits),
      ],
    );
  }
  results.queryScale = { enterprises: SIZE.enterprises, ...scale };
  log('query scale done');

  // 4. End to end.
  const e2e = await completionToNextMail(dynamo.endpoint, SIZE.completions, log);
  rows.push([
    `completion → next task email, ${e2e.completions} completions: p50 / p95 (ms)`,
    `${round(e2e.p50Ms)} / ${round(e2e.p95Ms)}`,
    '—',
    '—',
  ]);
  /** A load's failures (none allowed) and peak memory, as two rows. */
  const failureRows = (
    label: string,
    r: Awaited<ReturnType<typeof concurrentLifecyclesAlone>>,
  ): [string, string, string, string][] => [
    [
      `${label} failed executions / failed lifecycles`,
      `${r.failedExecutions} / ${r.failedLifecycles}`,
      'must be 0',
      '—',
    ],
    ['… peak memory (MB RSS)', `${r.peakRssMb}`, '—', '—'],
  ];
  const load = await concurrentLifecyclesAlone(dynamo.endpoint, SIZE.load, SIZE.loadDays, log);
  rows.push(
    [
      `${load.lifecycles} lifecycles, ${load.days} days fast-forwarded: transitions/s`,
      `${round(load.transitionsPerSecond)}`,
      '—',
      '—',
    ],
    ...failureRows('…', load),
  );
  let many: Awaited<ReturnType<typeof concurrentLifecyclesAlone>> | undefined;
  if (SIZE.manyLoad) {
    many = await concurrentLifecyclesAlone(dynamo.endpoint, SIZE.manyLoad, 3, log);
    rows.push(...failureRows(`${many.lifecycles} lifecycles, ${many.days} days:`, many));
  }
  results.endToEnd = { latency: e2e, load, ...(many ? { many } : {}) };
  if (load.lifecycles === 1000)
    results.capacity = {
      peakRssMb1000: load.peakRssMb,
      ...(many
        ? { failed10000: many.failedExecutions + many.failedLifecycles, peakRssMb10000: many.peakRssMb }
        : {}),
    };
  log('end to end done');
} finally {
  await dynamo.stop();
}

const header = ['figure', 'aftercare', `baseline`, 'ratio'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
const table = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join(
  '\n',
);
console.log(table);
const seconds = round((performance.now() - started) / 1000, 0);
results.seconds = seconds;
const dir = import.meta.dirname;
writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(
  join(dir, 'results.md'),
  `# Benchmark results (${quick ? 'quick' : 'full'} run, ${new Date().toISOString().slice(0, 10)}, ${seconds} s, Node ${process.version})

Baselines: cost — the same scenario on the polling reminder pattern of AWS's human-task-reminder sample (a
Parallel branch waking every ${POLL_MINUTES} minutes to read the task), same engine; cold start — the same handler
with its packages loaded unbundled from node_modules; query scale — scan-and-filter over the same table. Prices:
${PRICES.asOf}. Counts (transitions, invocations, read/write units) do not depend on the machine; times do.

${table}

## The reference zone's bill

${billTable}
`,
);
log(`wrote bench/results.json and bench/results.md in ${seconds} s`);
// Local stacks leave keep-alive sockets and timers behind: the run is over.
process.exit(0);
