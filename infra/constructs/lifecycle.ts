import {
  Choice,
  Condition,
  type IChainable,
  type INextable,
  Map as MapState,
  Pass,
  type State,
  type StateMachine,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PHASES, type Phase } from '#shared/domain/lifecycle.ts';
import {
  continueAsNew,
  type HumanStep,
  humanStep,
  humanStepStates,
  type LoopFunctions,
  lambdaStep,
  recordFailureStates,
  workflowStateMachine,
} from './human-step.ts';

/** The lifecycle's states besides each phase's human step, shared with the local engine, the tests and the bench. */
export const LIFECYCLE_STATES = {
  resume: 'Resume',
  continueAsNew: 'ContinueAsNew',
  closed: 'Closed',
  exited: 'Exited',
  /** A newer execution (a revival's, a restart's) runs the lifecycle: this one ends. */
  superseded: 'Superseded',
  failure: 'Failure',
  recordFailure: 'RecordFailure',
  failed: 'Failed',
  /** The approvals' Map state, and the human step each of its iterations runs. */
  approvals: 'Approvals: in parallel',
  approval: 'Approval',
  approvalDone: 'Approval: done',
  approvalReleased: 'Approval: released',
} as const;

/**
 * What an open step takes besides the state: the phase it opens for, and the execution's start (with the step count,
 * what decides when to continue as new; the first open step of an execution starts from its input).
 */
const opening = (phase: string) => ({ phase, 'startedAt.$': '$$.Execution.StartTime' });

/** The states of a phase's human step (its open state is named after the phase). */
export const phaseStates = (phase: Pick<Phase, 'name'>) => humanStepStates(phase.name);

/**
 * The enterprise lifecycle (Standard), generated from the one lifecycle definition (`PHASES` in
 * `shared/domain/lifecycle.ts`): a named group of states per phase — talks, signed, registered, the approvals,
 * site secured, … 纳统, visits — so the execution graph shows where the enterprise stands. Each phase is the human
 * step (`human-step.ts`); the approvals run as a Map, one human step per approval, all at once; construction is
 * tracked once all are done. Each open step reads the enterprise and says where to go (`$.go`): wait in this
 * phase, move on (`ahead`: the enterprise is past it) or back (`behind`), continue as a new execution, or end.
 * An execution starts in the phase its input names (`Resume`), so it can start or resume at any stage.
 */
export class LifecycleMachine extends Construct {
  readonly stateMachine: StateMachine;

  constructor(
    scope: Construct,
    id: string,
    props: {
      functions: LoopFunctions;
      stateMachineName?: string;
      idFields: readonly string[];
      tracing?: boolean;
    },
  ) {
    super(scope, id);
    const f = props.functions;
    const S = LIFECYCLE_STATES;

    const recordFailure = recordFailureStates(this, S, f.failureStep);
    // Keep the state beside the error so the failure step knows which enterprise failed.
    const failure = new Pass(this, S.failure, { parameters: { 'state.$': '$', 'error.$': '$.error' } }).next(
      recordFailure,
    );

    const closed = new Succeed(this, S.closed);
    const exited = new Succeed(this, S.exited);
    const again = continueAsNew(this, S.continueAsNew, props.idFields, ['phase']);
    again.next(new Succeed(this, `${S.continueAsNew}Done`));

    const phases = PHASES as readonly Phase[];
    const steps = phases.map((phase) =>
      phase.kind === 'approvals'
        ? undefined
        : humanStep(this, { name: phase.name, functions: f, openWith: opening(phase.name), failure }),
    );
    // The approvals phase: an open step that lists the approvals still due, then the Map.
    const approvalsOpen = lambdaStep(
      this,
      phases.find((p) => p.kind === 'approvals')?.name ?? 'Approvals',
      f.openStep,
      TaskInput.fromObject({ ...opening('Approvals'), 'state.$': '$' }),
      failure,
    );
    const opens: (State & INextable)[] = phases.map((_, i) => steps[i]?.open ?? approvalsOpen);

    const go = (value: string) => Condition.stringEquals('$.go', value);
    const superseded = new Succeed(this, S.superseded);
    const ends = (choice: Choice) =>
      choice
        .when(go('closed'), closed)
        .when(go('exited'), exited)
        .when(go('superseded'), superseded)
        .when(go('continue'), again);

    phases.forEach((phase, i) => {
      const next = opens[i + 1];
      const previous = opens[i - 1];
      const step = steps[i];
      const route: Choice = step ? step.route : new Choice(this, `${phase.name}: next`);
      if (!step) approvalsOpen.next(route);
      ends(route);
      if (next) route.when(go('ahead'), next);
      if (previous) route.when(go('behind'), previous);
      if (step) {
        route.otherwise(step.wait);
        // A repeating phase (follow-ups in talks, visits) opens its next task; a phase with one task moves on (its
        // open step sends it back if the task was only changed, not completed).
        step.wait.next(phase.kind === 'talks' || phase.kind === 'visits' || !next ? step.open : next);
      } else {
        route.otherwise(this.approvals(f, failure, next as IChainable));
      }
    });

    // The execution's input is the state the first open step takes (it adds the start time and the step count).
    const resume = new Choice(this, S.resume);
    phases.forEach((phase, i) => {
      resume.when(
        Condition.and(Condition.isPresent('$.phase'), Condition.stringEquals('$.phase', phase.name)),
        opens[i] as IChainable,
      );
    });
    resume.otherwise(opens[0] as IChainable);

    this.stateMachine = workflowStateMachine(this, resume, props.stateMachineName, props.tracing ?? false);
  }

  /**
   * The approvals, in parallel: one iteration per approval still due, each the human step on its own task (its
   * owner, clock and reminders). Their failures fail the Map, which records the failure like any step; when all are
   * granted (or the enterprise stopped, or the execution must continue as new) the next phase's open step decides.
   */
  private approvals(f: LoopFunctions, failure: IChainable, next: IChainable): MapState {
    const S = LIFECYCLE_STATES;
    const map = new MapState(this, S.approvals, {
      itemsPath: '$.approvals',
      itemSelector: {
        'enterpriseId.$': '$.enterpriseId',
        'generation.$': '$.generation',
        // The execution's start, as the approvals phase's open step had it (each iteration's steps take it from here).
        'startedAt.$': '$.startedAt',
        cycles: 0,
        'approval.$': '$$.Map.Item.Value',
      },
      // Each iteration's last state, small: the cycles it took (the next open step adds them up).
      resultPath: '$.approvalRuns',
    });
    const step: HumanStep = humanStep(this, {
      name: S.approval,
      functions: f,
      // Inside the Map, the execution's start comes with the item (from the approvals phase's state).
      openWith: { phase: 'Approvals', 'startedAt.$': '$.startedAt' },
      releasedAt: '$.released',
    });
    const done = new Succeed(this, S.approvalDone);
    step.route.when(Condition.stringEquals('$.go', 'end'), done).otherwise(step.wait);
    // Granted (the report released the wait): this approval is done. Released for anything else (its task moved,
    // the project paused or stopped): open it again, which decides.
    step.wait.next(
      new Choice(this, S.approvalReleased)
        .when(
          Condition.and(
            Condition.isPresent('$.released.completed'),
            Condition.booleanEquals('$.released.completed', true),
          ),
          done,
        )
        .otherwise(step.open),
    );
    map.itemProcessor(step.open);
    map.addCatch(failure, { errors: ['States.ALL'], resultPath: '$.error' });
    map.next(next);
    return map;
  }
}
