import { z } from 'zod';
import { msg } from './primitives.ts';

/** Lifecycle stages, in order. After `operating`, the enterprise gets aftercare visits until closed. */
export const STAGES = [
  'signed',
  'registered',
  'siteSecured',
  'constructionStarted',
  'constructionCompleted',
  'operating',
] as const;

export const Stage = z.enum(STAGES, { error: msg('stage.invalid') });
export type Stage = z.infer<typeof Stage>;

/** The milestones an enterprise must reach after signing (each has a planned and an actual date). */
export const MILESTONES = STAGES.slice(1) as Exclude<Stage, 'signed'>[];
export type Milestone = (typeof MILESTONES)[number];

export function nextStage(stage: Stage): Milestone | undefined {
  const i = STAGES.indexOf(stage);
  return STAGES[i + 1] as Milestone | undefined;
}

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}
