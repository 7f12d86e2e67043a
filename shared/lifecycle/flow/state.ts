import { z } from 'zod';
import { Id } from '../../domain/primitives.ts';
import { LoopState, waitInput } from '../../workflows/loop.ts';

/** The lifecycle's loop state: the human loop, waiting on the enterprise's open task. */
export const LifecycleState = LoopState.extend({
  taskId: Id.optional(),
  /** The open task's version when the step read it: a wait holds only if nothing changed the task since. */
  taskVersion: z.number().int().min(0).optional(),
});
export type LifecycleState = z.infer<typeof LifecycleState>;

export const WaitInput = waitInput(LifecycleState);
