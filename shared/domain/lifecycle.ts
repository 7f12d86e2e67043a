import { z } from 'zod';
import { msg } from './primitives.ts';
import type { Milestone, Stage } from './stage.ts';

/**
 * The approvals a project goes through between "site secured" and "construction started" (立项/备案, 规划许可,
 * 施工许可, 环评, 能评). They run in parallel, each its own task with its own owner, clock and reminders.
 */
export const APPROVALS = [
  'projectFiling',
  'planningPermit',
  'constructionPermit',
  'environmental',
  'energy',
] as const;
export const Approval = z.enum(APPROVALS, { error: msg('approval.invalid') });
export type Approval = z.infer<typeof Approval>;

/** Project types (项目类型): each decides which approvals a project needs. */
export const PROJECT_TYPES = ['industrial', 'service', 'rnd'] as const;
export const ProjectType = z.enum(PROJECT_TYPES, { error: msg('projectType.invalid') });
export type ProjectType = z.infer<typeof ProjectType>;

/** Working days each approval takes when nothing else is set. */
export const APPROVAL_WORKING_DAYS: Record<Approval, number> = {
  projectFiling: 10,
  planningPermit: 20,
  constructionPermit: 20,
  environmental: 30,
  energy: 20,
};

/** The approvals each project type needs: an industrial project all five, others no 能评 (and services no 环评). */
export const APPROVALS_BY_TYPE: Record<ProjectType, readonly Approval[]> = {
  industrial: APPROVALS,
  rnd: ['projectFiling', 'planningPermit', 'constructionPermit', 'environmental'],
  service: ['projectFiling', 'planningPermit', 'constructionPermit'],
};

/**
 * What is worked on in one part of the lifecycle. `talks`: follow-ups with the investor until the project is
 * signed; `milestone`: one tracking task toward the milestone; `approvals`: the project type's approvals, in
 * parallel; `visits`: an aftercare visit at an interval, until the service ends.
 */
export type Phase =
  | { name: string; stage: 'negotiating'; kind: 'talks' }
  | { name: string; stage: Stage; kind: 'milestone'; milestone: Milestone }
  | { name: string; stage: 'siteSecured'; kind: 'approvals' }
  | { name: string; stage: 'inStatistics'; kind: 'visits' };

/**
 * The lifecycle, from a lead in talks to aftercare visits: the one definition the state machine is generated
 * from (a named group of states per phase, `infra/constructs/lifecycle.ts`), the open step works from, and the
 * pages name. The names are the state machine's: what the Step Functions console shows an enterprise is in.
 */
export const PHASES = [
  { name: 'Negotiating', stage: 'negotiating', kind: 'talks' },
  { name: 'Signed', stage: 'signed', kind: 'milestone', milestone: 'registered' },
  { name: 'Registered', stage: 'registered', kind: 'milestone', milestone: 'siteSecured' },
  { name: 'Approvals', stage: 'siteSecured', kind: 'approvals' },
  { name: 'SiteSecured', stage: 'siteSecured', kind: 'milestone', milestone: 'constructionStarted' },
  {
    name: 'ConstructionStarted',
    stage: 'constructionStarted',
    kind: 'milestone',
    milestone: 'constructionCompleted',
  },
  {
    name: 'ConstructionCompleted',
    stage: 'constructionCompleted',
    kind: 'milestone',
    milestone: 'operating',
  },
  { name: 'Operating', stage: 'operating', kind: 'milestone', milestone: 'capacityReached' },
  { name: 'CapacityReached', stage: 'capacityReached', kind: 'milestone', milestone: 'inStatistics' },
  { name: 'Visits', stage: 'inStatistics', kind: 'visits' },
] as const satisfies readonly Phase[];
export type PhaseName = (typeof PHASES)[number]['name'];
export const PHASE_NAMES = PHASES.map((p) => p.name) as PhaseName[];

export function phaseNamed(name: string): Phase | undefined {
  return (PHASES as readonly Phase[]).find((p) => p.name === name);
}

/**
 * The phase an enterprise is in: its stage's phase; in "site secured", the approvals until every approval its
 * project type needs is done, then the task toward construction.
 */
export function phaseOf(
  e: { stage: Stage; approvals?: Partial<Record<Approval, { actual?: string }>> },
  needed: readonly Approval[],
): Phase {
  const phases = (PHASES as readonly Phase[]).filter((p) => p.stage === e.stage);
  if (phases.length > 1 && needed.some((a) => !e.approvals?.[a]?.actual))
    return phases.find((p) => p.kind === 'approvals') as Phase;
  return phases[phases.length - 1] as Phase;
}

/** Where a phase stands against the enterprise's: -1 behind it (the enterprise is earlier), 0 in it, 1 past it. */
export function comparePhase(phase: Phase, current: Phase): -1 | 0 | 1 {
  const i = (PHASES as readonly Phase[]).findIndex((p) => p.name === phase.name);
  const j = (PHASES as readonly Phase[]).findIndex((p) => p.name === current.name);
  return i === j ? 0 : i < j ? 1 : -1;
}
