import { cadenceOf } from '../../config/config.ts';
import type { Deps } from '../../deps.ts';
import { wakeAt } from '../../domain/cadence.ts';
import type { Enterprise } from '../../domain/enterprise.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { comparePhase, type Phase, phaseNamed } from '../../domain/lifecycle.ts';
import type { Task } from '../../domain/work-item.ts';
import { ensureApprovalsMap, enterpriseChange, getEnterprise } from '../../store/enterprises.ts';
import { getStaff } from '../../store/organisation.ts';
import { notifiedItem } from '../../store/tasks.ts';
import { transact } from '../../store/write.ts';
import { CONTINUE_AFTER_CYCLES, shouldContinueAsNew, waitSeconds } from '../../workflows/loop.ts';
import { notifyAndRecord } from '../../workflows/notify.ts';
import { tellOfficer } from '../notify.ts';
import { ensureApprovalTask, ensureOpenTask } from '../open.ts';
import { approvalsPending, phaseOfEnterprise } from '../phase.ts';
import { type LifecycleState, OpenInput } from './state.ts';

const workflow = { actor: { kind: 'system' as const }, channel: 'workflow' as const };

/** An approval's iteration of the Map continues as new sooner: its events count in the same execution's history. */
export const APPROVAL_CYCLES = 200;

/**
 * The lifecycle's open step, run in each phase's group of states: end if the service ended or the project stopped;
 * continue as a new execution if this one is old; move on (or back) if the enterprise is in another phase; else
 * make sure the phase's task is open (opening it and emailing its officer once) and say how long to wait: until the
 * task's wake (`wakeAt`; the sweep sends its reminders). In the approvals phase it lists the approvals still due, for the Map; in an
 * approval's iteration it opens that approval's task.
 */
export async function openStep(deps: Deps, input: unknown): Promise<LifecycleState> {
  const { phase: phaseName, state } = OpenInput.parse(input);
  const now = deps.clock.now();
  const phase = phaseNamed(phaseName) as Phase;
  // The Map's iterations' steps count too: each is about as many events as one of this execution's own.
  const spent = (state.approvalRuns ?? []).reduce((n, run) => n + (run.cycles ?? 0), 0);
  const base: LifecycleState = {
    ...state,
    phase: phase.name as LifecycleState['phase'],
    cycles: state.cycles + 1 + spent,
    approvalRuns: undefined,
    approvals: undefined,
    taskId: undefined,
    taskVersion: undefined,
    waitSeconds: undefined,
    go: undefined,
    // What a reminder step said (the task had closed; continue as new) is about the wait before: not this one.
    open: undefined,
    continueAsNew: undefined,
    done: undefined,
  };
  const enterprise = await getEnterprise(deps.db, state.enterpriseId);
  if (!enterprise) throw new NotFoundError('enterprise', state.enterpriseId);
  // A newer execution runs this lifecycle (a revival or restart started it while this one was ending): end.
  const superseded = (enterprise.lifecycle?.generation ?? 1) > state.generation;
  if (state.approval) {
    if (superseded) return { cycles: base.cycles, go: 'end' } as LifecycleState;
    return approvalStep(deps, base, enterprise, state.approval, now);
  }
  if (superseded) return { ...base, go: 'superseded' };

  if (enterprise.status === 'closed') return { ...base, go: 'closed' };
  if (enterprise.status === 'exited') return { ...base, go: 'exited' };
  const current = phaseOfEnterprise(enterprise);
  if (shouldContinueAsNew(base, now)) return continued(deps, base, enterprise, current);
  const standing = comparePhase(phase, current);
  if (standing !== 0) return { ...base, go: standing > 0 ? 'ahead' : 'behind' };
  if (phase.kind === 'approvals') {
    const approvals = approvalsPending(enterprise);
    // The iterations' steps count in this execution's history: if they could take it past its budget, continue as
    // new first, so the Map runs in a fresh execution.
    if (base.cycles + approvals.length * APPROVAL_CYCLES > CONTINUE_AFTER_CYCLES)
      return continued(deps, base, enterprise, current);
    // Each approval's grant writes its own entry of the map, so the map must exist first.
    await ensureApprovalsMap(deps.db, enterprise.id);
    return { ...base, go: 'parallel', approvals };
  }

  const opened = await ensureOpenTask(deps, state.enterpriseId, workflow);
  if (!opened) throw new NotFoundError('enterprise', state.enterpriseId);
  return waitOn(deps, base, opened.task, now);
}

/** Continue as a new execution, in the phase the enterprise is in. */
async function continued(
  deps: Deps,
  base: LifecycleState,
  enterprise: Enterprise,
  current: Phase,
): Promise<LifecycleState> {
  const generation = base.generation + 1;
  // The enterprise keeps the generation, so a manager's restart after a failure picks the next free name.
  await transact(deps.db, [
    enterpriseChange(
      deps.db,
      enterprise,
      { ...enterprise, lifecycle: { generation, status: 'running' } },
      { version: false },
    ),
  ]);
  return { ...base, phase: current.name as LifecycleState['phase'], go: 'continue', generation };
}

/** One approval's iteration: its task, until it is granted (or the lifecycle must stop or continue as new). */
async function approvalStep(
  deps: Deps,
  base: LifecycleState,
  enterprise: Enterprise,
  approval: NonNullable<LifecycleState['approval']>,
  now: Date,
): Promise<LifecycleState> {
  // What the next phase's open step needs of an iteration that ends: only the cycles it took.
  const end = { cycles: base.cycles, go: 'end' } as LifecycleState;
  if (enterprise.status === 'closed' || enterprise.status === 'exited') return end;
  if (shouldContinueAsNew({ startedAt: base.startedAt, cycles: 0 }, now) || base.cycles >= APPROVAL_CYCLES)
    return end;
  if (phaseOfEnterprise(enterprise).kind !== 'approvals') return end;
  const opened = await ensureApprovalTask(deps, enterprise.id, approval, workflow);
  if (!opened) return end;
  // An iteration never continues as new early: the execution does, once the approvals are through.
  return waitOn(deps, base, opened.task, now);
}

/** Tell the task's officer it is open (once), and wait for them. */
async function waitOn(deps: Deps, base: LifecycleState, task: Task, now: Date): Promise<LifecycleState> {
  if (!task.notified.includes('opened')) {
    const officer = await getStaff(deps.db, task.officerId);
    await notifyAndRecord(deps.db, {
      send: async () => {
        if (officer) await tellOfficer(deps, task, officer);
      },
      record: [notifiedItem(deps.db, task, 'opened')],
    });
  }
  // No reminder timeout (the sweep sends the reminders, `../remind.ts`): only the wake that heals a lost release.
  return {
    ...base,
    go: 'wait',
    taskId: task.id,
    taskVersion: task.version,
    waitSeconds: waitSeconds(base, wakeAt(deps.calendar, cadenceOf(deps.config), task, now), now),
  };
}
