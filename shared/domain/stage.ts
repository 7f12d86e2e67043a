import { z } from 'zod';
import { msg } from './primitives.ts';

/**
 * Lifecycle stages, in order: a lead in talks (在谈), signed, then each milestone reached. After `inStatistics`
 * (纳统), the enterprise gets aftercare visits until its service ends. The phases of the lifecycle — what is
 * worked on in each stage, and so the states of its state machine — are in `lifecycle.ts`.
 */
export const STAGES = [
  'negotiating',
  'signed',
  'registered',
  'siteSecured',
  'constructionStarted',
  'constructionCompleted',
  'operating',
  'capacityReached',
  'inStatistics',
] as const;

export const Stage = z.enum(STAGES, { error: msg('stage.invalid') });
export type Stage = z.infer<typeof Stage>;

/** The milestones an enterprise must reach after signing (each has a planned and an actual date). */
export const MILESTONES = [
  'registered',
  'siteSecured',
  'constructionStarted',
  'constructionCompleted',
  'operating',
  'capacityReached',
  'inStatistics',
] as const satisfies readonly Stage[];
export type Milestone = (typeof MILESTONES)[number];

/** The stages of a signed project (the pipeline's, the scoreboard's): everything from signing on. */
export const SIGNED_STAGES = STAGES.filter((s) => s !== 'negotiating') as Exclude<Stage, 'negotiating'>[];

export function nextStage(stage: Stage): Stage | undefined {
  return STAGES[STAGES.indexOf(stage) + 1];
}

/** The milestone an enterprise works toward in a stage (none in talks, where signing comes next, or after 纳统). */
export function nextMilestone(stage: Stage): Milestone | undefined {
  const next = nextStage(stage);
  return next && (MILESTONES as readonly string[]).includes(next) ? (next as Milestone) : undefined;
}

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}
