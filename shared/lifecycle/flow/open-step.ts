import { cadenceOf } from '../../config/config.ts';
import type { Deps } from '../../deps.ts';
import { plan } from '../../domain/cadence.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { enterpriseChange, getEnterprise } from '../../store/enterprises.ts';
import { getStaff } from '../../store/organisation.ts';
import { notifiedItem } from '../../store/tasks.ts';
import { transact } from '../../store/write.ts';
import { shouldContinueAsNew, waitSeconds } from '../../workflows/loop.ts';
import { notifyAndRecord } from '../../workflows/notify.ts';
import { tellOfficer } from '../notify.ts';
import { ensureOpenTask } from '../open.ts';
import { type LifecycleState, LifecycleState as Schema } from './state.ts';

const FAR_FUTURE = new Date('2100-01-01T00:00:00Z');
const workflow = { actor: { kind: 'system' as const }, channel: 'workflow' as const };

/**
 * The lifecycle's main step: finish if the enterprise is closed, continue as a new execution if this one is old,
 * else make sure the current task is open (opening it and emailing the officer once) and say how long to wait:
 * until the next reminder the cadence calls for.
 */
export async function openStep(deps: Deps, input: unknown): Promise<LifecycleState> {
  const state = Schema.parse(input);
  const now = deps.clock.now();
  const base = {
    ...state,
    cycles: state.cycles + 1,
    taskId: undefined,
    waitSeconds: undefined,
    open: undefined,
  };
  const enterprise = await getEnterprise(deps.db, state.enterpriseId);
  if (!enterprise) throw new NotFoundError('enterprise', state.enterpriseId);
  if (enterprise.status === 'closed') return { ...base, done: true, continueAsNew: false };
  if (shouldContinueAsNew(state, now)) {
    const generation = state.generation + 1;
    // The enterprise keeps the generation, so a manager's restart after a failure picks the next free name.
    await transact(deps.db, [
      enterpriseChange(
        deps.db,
        enterprise,
        { ...enterprise, lifecycle: { generation, status: 'running' } },
        { version: false },
      ),
    ]);
    return { ...base, done: false, continueAsNew: true, generation };
  }
  const opened = await ensureOpenTask(deps, state.enterpriseId, workflow);
  if (!opened) throw new NotFoundError('enterprise', state.enterpriseId);
  const { task } = opened;
  if (!task.notified.includes('opened')) {
    const officer = await getStaff(deps.db, task.officerId);
    await notifyAndRecord(deps.db, {
      send: async () => {
        if (officer) await tellOfficer(deps, task, officer);
      },
      record: [notifiedItem(deps.db, task, 'opened')],
    });
  }
  // Paused: wait without reminders (as long as this execution may) until a manager resumes.
  const next =
    opened.enterprise.status === 'paused'
      ? FAR_FUTURE
      : plan(deps.calendar, cadenceOf(deps.config), task, now).next;
  return {
    ...base,
    done: false,
    continueAsNew: false,
    taskId: task.id,
    taskVersion: task.version,
    waitSeconds: waitSeconds(state, next, now),
  };
}
