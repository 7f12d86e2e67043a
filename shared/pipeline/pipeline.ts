import { z } from 'zod';
import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { parseInput } from '../domain/input-error.ts';
import { STAGES, type Stage } from '../domain/stage.ts';
import { monthsOf } from '../scoreboard/periods.ts';
import { enterprisesAtStage, enterprisesOfDepartment } from '../store/enterprises.ts';
import { listDepartments } from '../store/organisation.ts';
import { stageFigures } from '../store/pipeline.ts';
import { getScores } from '../store/scores.ts';

/** Working-day-agnostic: a project is stalled after this many calendar days without a milestone (configurable). */
export const DEFAULT_STALLED_DAYS = 60;

export const PipelineQuery = z.object({
  stage: z.enum(STAGES).optional(),
  stalledDays: z.coerce.number().int().min(1).max(3650).default(DEFAULT_STALLED_DAYS),
  cursor: z.string().max(2000).optional(),
});

export interface Pipeline {
  /** Enterprises at each stage that are still going (stopped ones are counted apart, in `exited`). */
  counts: { stage: Stage; count: number }[];
  /** The calendar year the yearly figures are for (today's, in Shanghai). */
  year: number;
  /** Projects stopped (终止/退出): how many are stopped now, and how many stops this year (the scoreboard's count). */
  exited: { now: number; year: number };
  /** Projects reactivated (盘活) this year (the scoreboard's count, as they happened). */
  revived: { year: number };
  /** The stopped projects, most recently stopped first (up to 200). */
  exitedList: Enterprise[];
  /** The list behind one bar, when a stage is chosen. */
  stage?: { stage: Stage; enterprises: Enterprise[]; next?: string };
  stalled: Enterprise[];
  stalledDays: number;
}

/**
 * Whose pipeline: the zone's (managers), or one department's — what it brought in and what its people serve
 * (`staffIds`) — for its head.
 */
export type PipelineScope =
  | { kind: 'zone' }
  | { kind: 'department'; departmentId: string; staffIds: string[] };

// Operating enterprises are in aftercare, and after 纳统 they get visits: neither is stalled.
const ACTIVE: readonly Stage[] = STAGES.filter((s) => s !== 'operating' && s !== 'inStatistics');

/** How many stalled projects the list shows, and how many index pages per stage it reads at most to find them. */
const STALLED_SHOWN = 20;
const STALLED_PAGES = 10;

function stalledCutoff(deps: Pick<Deps, 'clock' | 'calendar'>, stalledDays: number): string {
  const today = deps.calendar.localDate(deps.clock.now());
  return new Date(Date.parse(`${today}T00:00:00Z`) - stalledDays * 86_400_000).toISOString().slice(0, 10);
}

const isExited = (e: Enterprise) => e.status === 'exited';

const byExitDate = (a: Enterprise, b: Enterprise) =>
  (b.exit?.date ?? '').localeCompare(a.exit?.date ?? '') || a.name.localeCompare(b.name);

/**
 * The year's stops and revivals: the scoreboard's counters (per lead department and half-year, added when it
 * happened) of the zone's departments, or of one department — one batch read.
 */
async function yearFigures(
  deps: Pick<Deps, 'db'>,
  year: number,
  departmentId?: string,
): Promise<{ exited: number; revived: number }> {
  const ids = departmentId ? [departmentId] : (await listDepartments(deps.db)).map((d) => d.id);
  const scores = await getScores(deps.db, ids, monthsOf(year));
  let exited = 0;
  let revived = 0;
  for (const s of scores.values()) {
    exited += s.exited;
    revived += s.revived;
  }
  return { exited, revived };
}

/**
 * Enterprises by stage (counts for the chart, the list behind a bar), the projects stalled longest, and the stopped
 * (终止/退出) and reactivated (盘活) ones — stopped projects counted on their own, never in a stage's bar, nor stalled.
 */
export async function loadPipeline(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar'>,
  input: unknown,
  scope: PipelineScope = { kind: 'zone' },
): Promise<Pipeline> {
  const q = parseInput(PipelineQuery, input);
  const cutoff = stalledCutoff(deps, q.stalledDays);
  const year = Number(deps.calendar.localDate(deps.clock.now()).slice(0, 4));
  if (scope.kind === 'department') {
    const [all, figures] = await Promise.all([
      enterprisesOfDepartment(deps.db, scope.departmentId, scope.staffIds),
      yearFigures(deps, year, scope.departmentId),
    ]);
    const pipeline = departmentPipeline(all, q, cutoff);
    return {
      ...pipeline,
      year,
      exited: { now: pipeline.exitedList.length, year: figures.exited },
      revived: { year: figures.revived },
    };
  }
  const active = ACTIVE;
  const [figures, stalledLists, chosen, thisYear] = await Promise.all([
    Promise.all(STAGES.map(async (stage) => ({ stage, ...(await stageFigures(deps.db, stage)) }))),
    Promise.all(active.map((stage) => stalledAtStage(deps, stage, cutoff))),
    q.stage ? enterprisesAtStage(deps.db, q.stage, { cursor: q.cursor, limit: 50 }) : undefined,
    yearFigures(deps, year),
  ]);
  const stalled = stalledLists
    .flat()
    .sort((a, b) => (a.stageSince < b.stageSince ? -1 : 1))
    .slice(0, STALLED_SHOWN);
  return {
    counts: figures.map((f) => ({ stage: f.stage, count: f.total - f.exitedCount })),
    year,
    revived: { year: thisYear.revived },
    exited: { now: figures.reduce((sum, f) => sum + f.exitedCount, 0), year: thisYear.exited },
    exitedList: figures
      .flatMap((f) => f.exited)
      .sort(byExitDate)
      .slice(0, 200),
    stage:
      q.stage && chosen
        ? { stage: q.stage, enterprises: chosen.items.filter((e) => !isExited(e)), next: chosen.next }
        : undefined,
    stalled,
    stalledDays: q.stalledDays,
  };
}

/**
 * The projects at a stage longest there before the cutoff that are still going: stopped projects stay on their
 * stage's index partition (the pipeline counts them there), so a page of them would hide the stalled ones behind
 * it — read on, page by page, until enough are found (or a bounded number of pages was read).
 */
async function stalledAtStage(deps: Pick<Deps, 'db'>, stage: Stage, cutoff: string): Promise<Enterprise[]> {
  const found: Enterprise[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < STALLED_PAGES; page++) {
    const result = await enterprisesAtStage(deps.db, stage, { before: cutoff, limit: STALLED_SHOWN, cursor });
    found.push(...result.items.filter((e) => !isExited(e) && e.status !== 'closed'));
    cursor = result.next;
    if (found.length >= STALLED_SHOWN || !cursor) break;
  }
  return found.slice(0, STALLED_SHOWN);
}

/** One department's pipeline, from its enterprises (a department's are few enough to sort in memory). */
export function departmentPipeline(
  enterprises: Enterprise[],
  q: { stage?: Stage; stalledDays: number },
  cutoff: string,
): Omit<Pipeline, 'year' | 'revived' | 'exited'> {
  const kept = enterprises.filter((e) => e.status !== 'closed');
  const exited = kept.filter(isExited).sort(byExitDate);
  const open = kept
    .filter((e) => !isExited(e))
    .sort((a, b) => (a.stageSince < b.stageSince ? -1 : a.stageSince > b.stageSince ? 1 : 0));
  return {
    counts: STAGES.map((stage) => ({ stage, count: open.filter((e) => e.stage === stage).length })),
    exitedList: exited,
    stage: q.stage ? { stage: q.stage, enterprises: open.filter((e) => e.stage === q.stage) } : undefined,
    stalled: open.filter((e) => ACTIVE.includes(e.stage) && e.stageSince < cutoff).slice(0, STALLED_SHOWN),
    stalledDays: q.stalledDays,
  };
}

/** Every enterprise still in the pipeline or in aftercare (for an export), stage by stage from the stage index. */
export async function pipelineEnterprises(
  deps: Pick<Deps, 'db'>,
  scope: PipelineScope = { kind: 'zone' },
  maxRows = 20_000,
): Promise<Enterprise[]> {
  if (scope.kind === 'department') {
    return (await enterprisesOfDepartment(deps.db, scope.departmentId, scope.staffIds, maxRows)).filter(
      (e) => e.status !== 'closed',
    );
  }
  const all: Enterprise[] = [];
  for (const stage of STAGES) {
    let cursor: string | undefined;
    do {
      const page = await enterprisesAtStage(deps.db, stage, { cursor, limit: 200 });
      all.push(...page.items);
      cursor = page.next;
    } while (cursor && all.length < maxRows);
  }
  return all.slice(0, maxRows);
}
