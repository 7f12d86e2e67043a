import { z } from 'zod';
import { Id } from '../../domain/primitives.ts';
import { LifecycleState } from '../../lifecycle/state.ts';

/** The need workflow's state: the lifecycle's loop state, for a need, with the status the current wait is for. */
export const NeedState = LifecycleState.omit({ taskId: true }).extend({
  needId: Id,
  status: z.string().optional(),
});
export type NeedState = z.infer<typeof NeedState>;
export const NeedWaitInput = z.object({ taskToken: z.string().min(1).max(2048), state: NeedState });
