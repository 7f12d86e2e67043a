import { z } from 'zod';
import { Id } from '../domain/primitives.ts';

/**
 * The human loop both workflows run (open → wait for a person → remind → …): the state every execution carries
 * between steps, whatever it waits on (small: well under Step Functions' 256 KB payload limit). Each workflow
 * extends it with what its wait is for.
 */
export const LoopState = z.object({
  enterpriseId: Id,
  generation: z.number().int().min(1),
  /** `$$.Execution.StartTime`. */
  startedAt: z.string(),
  /** Steps taken in this execution; with `startedAt`, decides when to continue as a new execution. */
  cycles: z.number().int().min(0),
  waitSeconds: z.number().int().min(1).optional(),
  open: z.boolean().optional(),
  done: z.boolean().optional(),
  continueAsNew: z.boolean().optional(),
});
export type LoopState = z.infer<typeof LoopState>;

/** What a `.waitForTaskToken` step receives: the token to keep, and the loop's state. */
export const waitInput = <S extends z.ZodType>(state: S) =>
  z.object({ taskToken: z.string().min(1).max(2048), state });

/** What the failure step receives from a Catch: the state when it failed, and Step Functions' error. */
export const FailureInput = z.object({
  state: z.record(z.string(), z.unknown()),
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).partial(),
});
export type FailureInput = z.infer<typeof FailureInput>;

/**
 * Continue as a new execution before Standard's limits (1 year, 25,000 history events): after 350 days (no wait
 * outlasts that moment, and the next steps take minutes at most, so a fortnight's margin), or
 * after 1,500 steps (each step is at most ~8 events).
 */
export const CONTINUE_AFTER_DAYS = 350;
export const CONTINUE_AFTER_CYCLES = 1500;

/** What a paused item waits for: no reminder (the wait is cut at the moment the execution continues as new). */
export const FAR_FUTURE = new Date('2100-01-01T00:00:00Z');

type Age = Pick<LoopState, 'startedAt' | 'cycles'>;

const continueAt = (state: Age) => new Date(state.startedAt).getTime() + CONTINUE_AFTER_DAYS * 86_400_000;

export function shouldContinueAsNew(state: Age, now: Date): boolean {
  return now.getTime() >= continueAt(state) || state.cycles >= CONTINUE_AFTER_CYCLES;
}

/**
 * How long to wait: until the next reminder, but never past the moment this execution should continue as new
 * (an item due in 14 months must not keep one execution waiting past its 1-year limit).
 */
export function waitSeconds(state: Age, next: Date, now: Date): number {
  const until = Math.min(next.getTime(), continueAt(state));
  return Math.max(1, Math.ceil((until - now.getTime()) / 1000));
}
