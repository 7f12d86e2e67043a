import { cadenceOf } from '../../config/config.ts';
import type { Deps } from '../../deps.ts';
import { wakeAt } from '../../domain/cadence.ts';
import { getEnterprise } from '../../store/enterprises.ts';
import { getTask } from '../../store/tasks.ts';
import { shouldContinueAsNew, waitSeconds } from '../../workflows/loop.ts';
import { APPROVAL_CYCLES } from './open-step.ts';
import { type LifecycleState, LifecycleState as Schema } from './state.ts';

/**
 * The wait ran out: it has no reminder timeout (the sweep sends the lifecycle's reminders, `../remind.ts`), only the
 * wake that heals a lost release (`wakeAt`: late tasks, now and then) and the moment this execution should continue
 * as a new one, before Standard's one-year limit. If the task is no longer open, the lifecycle moves on; else say
 * whether to continue as new, or wait again.
 */
export async function remindStep(deps: Deps, input: unknown): Promise<LifecycleState> {
  const state = Schema.parse(input);
  const now = deps.clock.now();
  const next = { ...state, cycles: state.cycles + 1 };
  const task = state.taskId ? await getTask(deps.db, state.enterpriseId, state.taskId) : undefined;
  if (task?.status !== 'open') return { ...next, open: false };
  const enterprise = await getEnterprise(deps.db, state.enterpriseId);
  if (enterprise?.status === 'closed' || enterprise?.status === 'exited') return { ...next, open: false };
  // An approval's iteration continues as new sooner (its events count in this execution's history).
  const old = state.approval
    ? shouldContinueAsNew({ startedAt: state.startedAt, cycles: 0 }, now) || next.cycles >= APPROVAL_CYCLES
    : shouldContinueAsNew(state, now);
  if (old) return { ...next, open: true, continueAsNew: true };
  const wake = wakeAt(deps.calendar, cadenceOf(deps.config), task, now);
  return { ...next, open: true, continueAsNew: false, waitSeconds: waitSeconds(state, wake, now) };
}
