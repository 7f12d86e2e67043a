import { z } from 'zod';
import { Id } from '../../domain/primitives.ts';

/** The state a lifecycle execution carries between steps (small: well under the 256 KB payload limit). */
export const LifecycleState = z.object({
  enterpriseId: Id,
  generation: z.number().int().min(1),
  /** `$$.Execution.StartTime`. */
  startedAt: z.string(),
  /** Steps taken in this execution; with `startedAt`, decides when to continue as a new execution. */
  cycles: z.number().int().min(0),
  taskId: Id.optional(),
  /** The open task's version when the step read it: a wait holds only if nothing changed the task since. */
  taskVersion: z.number().int().min(0).optional(),
  waitSeconds: z.number().int().min(1).optional(),
  open: z.boolean().optional(),
  done: z.boolean().optional(),
  continueAsNew: z.boolean().optional(),
});
export type LifecycleState = z.infer<typeof LifecycleState>;

export const WaitInput = z.object({ taskToken: z.string().min(1).max(2048), state: LifecycleState });

export const FailureInput = z.object({
  state: z.record(z.string(), z.unknown()),
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).partial(),
});

/**
 * Continue as a new execution well before Standard's limits (1 year, 25,000 history events): after 300 days, or
 * after 1,500 steps (each step is at most ~8 events).
 */
export const CONTINUE_AFTER_DAYS = 300;
export const CONTINUE_AFTER_CYCLES = 1500;

const continueAt = (state: LifecycleState) =>
  new Date(state.startedAt).getTime() + CONTINUE_AFTER_DAYS * 86_400_000;

export function shouldContinueAsNew(state: LifecycleState, now: Date): boolean {
  return now.getTime() >= continueAt(state) || state.cycles >= CONTINUE_AFTER_CYCLES;
}

/**
 * How long to wait: until the next reminder, but never past the moment this execution should continue as new
 * (a task due in 14 months must not keep one execution waiting past its 1-year limit).
 */
export function waitSeconds(state: LifecycleState, next: Date, now: Date): number {
  const until = Math.min(next.getTime(), continueAt(state));
  return Math.max(1, Math.ceil((until - now.getTime()) / 1000));
}
