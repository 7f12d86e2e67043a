import { z } from 'zod';
import { Id } from '../../domain/primitives.ts';
import { LoopState, waitInput } from '../../workflows/loop.ts';

/** The need workflow's loop state: the human loop, waiting on a need in a given status. */
export const NeedState = LoopState.extend({
  needId: Id,
  status: z.string().optional(),
  /** The need's version when the step read it: a wait holds only if nothing changed it since. */
  version: z.number().int().min(0).optional(),
});
export type NeedState = z.infer<typeof NeedState>;
export const NeedWaitInput = waitInput(NeedState);
