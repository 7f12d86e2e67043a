import { z } from 'zod';
import { Id } from '../../domain/primitives.ts';
import { LifecycleState } from '../../lifecycle/flow/state.ts';

/** The need workflow's state: the lifecycle's loop state, for a need, with the status the current wait is for. */
export const NeedState = LifecycleState.omit({ taskId: true }).extend({
  needId: Id,
  status: z.string().optional(),
  /** The need's version when the step read it: a wait holds only if nothing changed it since. */
  version: z.number().int().min(0).optional(),
});
export type NeedState = z.infer<typeof NeedState>;
export const NeedWaitInput = z.object({ taskToken: z.string().min(1).max(2048), state: NeedState });
