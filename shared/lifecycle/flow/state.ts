import { z } from 'zod';
import { Approval, PHASE_NAMES } from '../../domain/lifecycle.ts';
import { Id } from '../../domain/primitives.ts';
import { LoopState, waitInput } from '../../workflows/loop.ts';

/**
 * Where the lifecycle goes after an open step (the state machine's `<phase>: next` choices): wait for the person,
 * move to the next phase (`ahead`: the enterprise is past this one) or the previous (`behind`), run the approvals in
 * parallel, continue as a new execution, end (the service closed, or the project stopped), or — in an approval's
 * iteration — end that iteration.
 */
export const Go = z.enum([
  'wait',
  'ahead',
  'behind',
  'parallel',
  'continue',
  'closed',
  'exited',
  'superseded',
  'end',
]);
export type Go = z.infer<typeof Go>;

/** The lifecycle's state between steps: the human loop's, the phase, and what the open step decided. */
export const LifecycleState = LoopState.extend({
  /** The phase the last open step worked in (a name from PHASES), carried into a continued execution. */
  phase: z.string().max(40).optional(),
  go: Go.optional(),
  taskId: Id.optional(),
  /** The open task's version when the step read it: a wait holds only if nothing changed the task since. */
  taskVersion: z.number().int().min(0).optional(),
  /** In an approval's iteration of the Map: which approval. */
  approval: Approval.optional(),
  /** For the Map: the approvals still to be granted. */
  approvals: z.array(Approval).optional(),
  /** What the Map's iterations ended with (their cycles count toward continuing as new). */
  approvalRuns: z.array(z.object({ cycles: z.number().int().min(0).optional() }).passthrough()).optional(),
});
export type LifecycleState = z.infer<typeof LifecycleState>;

/** What an open step receives: the phase its state names it for, and the state. */
/**
 * What an open step receives: the phase it opens for, the execution's start, and the state — for an execution's
 * first step its input (`enterpriseId`, `generation`, `phase`), which begins the count of steps.
 */
export const OpenInput = z
  .object({ phase: z.enum(PHASE_NAMES), startedAt: z.string(), state: z.record(z.string(), z.unknown()) })
  .transform(({ phase, startedAt, state }) => ({
    phase,
    state: LifecycleState.parse({ cycles: 0, ...state, startedAt }),
  }));

export const WaitInput = waitInput(LifecycleState);
