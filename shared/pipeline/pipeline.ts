import { z } from 'zod';
import type { Deps } from '../deps.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { parseInput } from '../domain/input-error.ts';
import { STAGES, type Stage } from '../domain/stage.ts';
import { countAtStage, enterprisesAtStage, enterprisesOfDepartment } from '../store/enterprises.ts';

/** Working-day-agnostic: a project is stalled after this many calendar days without a milestone (configurable). */
export const DEFAULT_STALLED_DAYS = 60;

export const PipelineQuery = z.object({
  stage: z.enum(STAGES).optional(),
  stalledDays: z.coerce.number().int().min(1).max(3650).default(DEFAULT_STALLED_DAYS),
  cursor: z.string().max(2000).optional(),
});

export interface Pipeline {
  counts: { stage: Stage; count: number }[];
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

// Operating enterprises are in aftercare, not stalled.
const ACTIVE: readonly Stage[] = STAGES.filter((s) => s !== 'operating');

function stalledCutoff(deps: Pick<Deps, 'clock' | 'calendar'>, stalledDays: number): string {
  const today = deps.calendar.localDate(deps.clock.now());
  return new Date(Date.parse(`${today}T00:00:00Z`) - stalledDays * 86_400_000).toISOString().slice(0, 10);
}

/** Enterprises by stage (counts for the chart, the list behind a bar) and the projects stalled longest. */
export async function loadPipeline(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar'>,
  input: unknown,
  scope: PipelineScope = { kind: 'zone' },
): Promise<Pipeline> {
  const q = parseInput(PipelineQuery, input);
  const cutoff = stalledCutoff(deps, q.stalledDays);
  if (scope.kind === 'department') {
    const all = await enterprisesOfDepartment(deps.db, scope.departmentId, scope.staffIds);
    return departmentPipeline(all, q, cutoff);
  }
  const active = ACTIVE;
  const [counts, stalledLists, chosen] = await Promise.all([
    Promise.all(STAGES.map(async (stage) => ({ stage, count: await countAtStage(deps.db, stage) }))),
    Promise.all(active.map((stage) => enterprisesAtStage(deps.db, stage, { before: cutoff, limit: 20 }))),
    q.stage ? enterprisesAtStage(deps.db, q.stage, { cursor: q.cursor, limit: 50 }) : undefined,
  ]);
  const stalled = stalledLists
    .flatMap((p) => p.items)
    .sort((a, b) => (a.stageSince < b.stageSince ? -1 : 1))
    .slice(0, 20);
  return {
    counts,
    stage: q.stage && chosen ? { stage: q.stage, enterprises: chosen.items, next: chosen.next } : undefined,
    stalled,
    stalledDays: q.stalledDays,
  };
}

/** One department's pipeline, from its enterprises (a department's are few enough to sort in memory). */
export function departmentPipeline(
  enterprises: Enterprise[],
  q: { stage?: Stage; stalledDays: number },
  cutoff: string,
): Pipeline {
  const open = enterprises
    .filter((e) => e.status !== 'closed')
    .sort((a, b) => (a.stageSince < b.stageSince ? -1 : a.stageSince > b.stageSince ? 1 : 0));
  return {
    counts: STAGES.map((stage) => ({ stage, count: open.filter((e) => e.stage === stage).length })),
    stage: q.stage ? { stage: q.stage, enterprises: open.filter((e) => e.stage === q.stage) } : undefined,
    stalled: open.filter((e) => ACTIVE.includes(e.stage) && e.stageSince < cutoff).slice(0, 20),
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
