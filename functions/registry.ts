import type { Deps } from '#shared/deps.ts';
import { LEASE_MS } from '#shared/store/lease-time.ts';
import type { Access, Workflow } from './access.ts';

/**
 * Every Lambda function, listed once: its entry file, what it is for, what its code does with AWS and — for a
 * workflow step — which workflow runs it, as which state, and the step it runs. Everything else is derived from this
 * list: the CDK stack builds each function, binds its grants (IAM statement and environment variable together) and
 * wires the steps into their state machines (`infra/constructs/functions.ts`, `workflows.ts`); a step's entry file
 * is one line naming its id (`functions/lib/aws-step.ts`), and the step handler looks the step up here
 * (`functions/lib/step-handler.ts`); the local engine takes its function names,
 * definitions and handlers from it (`local/engine/`); the AWS twin and the IAM check read the grants from it.
 *
 * Why here, in plain data: every step's handler imports this file, so it is bundled into every step Lambda and must not
 * import CDK (no Duration, no constructs — `infra/` turns the plain numbers and names into resources), and it names
 * each step by a loader, so that a step's bundle loads its own step and no other (esbuild makes each a chunk).
 */

/** The states of a human loop that run a Lambda (`infra/constructs/human-loop.ts`). */
export const LOOP_ROLES = [
  /** Opens (or finds) what a person must do now and says how long to wait. */
  'openStep',
  /** Keeps the task token on the item the person acts on (`.waitForTaskToken`). */
  'waitStep',
  /** When a wait runs out: a need's sends what its cadence says is due now (the lifecycle's reminders go by the sweep), and says how long to wait next. */
  'remindStep',
  /** Records a failure where managers see it. */
  'failureStep',
] as const;
export type LoopRole = (typeof LOOP_ROLES)[number];

/** The workflows: the state machine's name (after the stack's), construct id, and the fields naming an execution. */
export const WORKFLOWS = {
  /** The enterprise lifecycle: milestones, then aftercare visits. */
  lifecycle: { name: 'lifecycle', construct: 'Lifecycle', idFields: ['enterpriseId'] },
  /** One enterprise need: sign-for, committed answer, resolution, rating, redo. */
  needFlow: { name: 'need-flow', construct: 'NeedFlow', idFields: ['enterpriseId', 'needId'] },
} as const satisfies Record<Workflow, { name: string; construct: string; idFields: readonly string[] }>;

/** Every workflow's name, in the registry's order. */
export const WORKFLOW_NAMES = Object.keys(WORKFLOWS) as Workflow[];

export type Step = (deps: Deps, input: unknown) => Promise<unknown>;

export interface FunctionSpec {
  /** The entry file, from the repository root. */
  entry: string;
  description: string;
  /** What its code does with AWS: its role, and the environment variables that come with each grant. */
  access: Access;
  /** The function's timeout (default 15 seconds). */
  timeoutSeconds?: number;
  /** Its memory (default 512 MB). */
  memoryMb?: number;
  /**
   * A workflow step: the workflow whose state machine invokes it, the state it runs as, and the step it runs — loaded
   * when asked for, so that each step's bundle holds its own step and no other (esbuild makes each a chunk).
   */
  step?: { workflow: Workflow; role: LoopRole; load: () => Promise<Step> };
  /** Deployed only in SES mail mode, the one with bounce and complaint events. */
  sesOnly?: true;
}

export const FUNCTIONS = {
  // The web pages and the API do everything people do, each within the HTTP API's 30-second limit (a ledger of up to
  // 5,000 rows is checked in the request and imported by LedgerImport, off the request path).
  Http: {
    entry: 'functions/http/handler.ts',
    description: 'aftercare web pages and JSON API',
    timeoutSeconds: 29,
    access: {
      items: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem'],
      query: ['table', 'GSI1', 'GSI2', 'GSI3'],
      deletes: ['SIGNIN#*', 'SESSION#*', 'COUNTQ'],
      secret: true,
      mail: true,
      files: true,
      start: ['lifecycle', 'needFlow'],
      release: ['lifecycle', 'needFlow'],
      invoke: ['signInMail', 'ledgerImport'],
      rarely: {
        'dynamodb:Query':
          'GSI2 and GSI3: a department’s and an officer’s boards, leads and served enterprises',
        's3:GetObject': 'imports/*: a ledger upload read back when the import is confirmed',
        's3:PutObject': 'imports/*: a ledger upload kept between its preview and the import',
      },
    },
  },
  // Sign-in links, off the Http function's request path: it invokes this asynchronously for every sign-in request,
  // so its answer takes the same time whether or not the address belongs to anyone (issue 14 item 10).
  SignInMail: {
    entry: 'functions/auth/signin-mail.ts',
    description: 'sign-in links, sent off the request path',
    access: { items: ['GetItem', 'PutItem'], secret: true, mail: true },
  },
  // A confirmed ledger (up to 5,000 rows), imported off the request path: the Http function invokes it asynchronously
  // and shows its progress. Registering a row is what registering one enterprise does (the lifecycle started, the
  // portal links mailed); paced at 10 rows a second (shared/ledger/job.ts), 5,000 rows take about 8½ minutes, inside
  // the 15 allowed; Lambda's two retries of a run that fails each continue where it stopped.
  LedgerImport: {
    entry: 'functions/ledger/import.ts',
    description: 'ledger imports, in the background',
    timeoutSeconds: 900,
    // A 5,000-row ledger read and checked again before it is imported: about 310 MB of heap, measured locally.
    memoryMb: 1024,
    access: {
      items: ['GetItem', 'PutItem', 'UpdateItem'],
      // GSI1: the zone's projects by stage, read by the check (a row naming one already there is refused).
      query: ['table', 'GSI1'],
      deletes: ['COUNTQ'],
      secret: true,
      mail: true,
      files: true,
      start: ['lifecycle'],
      rarely: {
        's3:GetObject': 'needs/*: comes with the files grant; the import reads only its upload, imports/*',
        's3:PutObject':
          'comes with the files grant; the import writes no file, it only reads its upload back',
      },
    },
  },
  // Open and remind steps send mail with signed links; wait steps keep a token and may release it; failure steps
  // only record. A reminder step may close a need, which releases its wait.
  OpenStep: {
    entry: 'functions/lifecycle/open-step.ts',
    description: 'lifecycle: open the current task',
    step: {
      workflow: 'lifecycle',
      role: 'openStep',
      load: async () => (await import('#shared/lifecycle/flow/open-step.ts')).openStep,
    },
    access: {
      items: ['GetItem', 'PutItem', 'UpdateItem'],
      query: ['table'],
      secret: true,
      mail: true,
      rarely: {
        'dynamodb:Query':
          'table: an operating enterprise’s earlier visits, for the earliest date of the next (VISIT_MIN_INTERVAL_DAYS)',
      },
    },
  },
  WaitStep: {
    entry: 'functions/lifecycle/wait-step.ts',
    description: 'lifecycle: keep the task token',
    step: {
      workflow: 'lifecycle',
      role: 'waitStep',
      load: async () => (await import('#shared/lifecycle/flow/wait-step.ts')).waitStep,
    },
    access: {
      // The token is an item of its own (PutItem); the task or need is read after it (GetItem).
      items: ['GetItem', 'PutItem'],
      release: ['lifecycle'],
      rarely: {
        'states:SendTaskSuccess': 'the task was completed before the wait began: the wait releases itself',
      },
    },
  },
  RemindStep: {
    entry: 'functions/lifecycle/remind-step.ts',
    // The sweep sends the lifecycle's reminders: this step runs only when a wait wakes (a late task's `wakeAt`, which
    // counts working days: the calendar is read, `query`) or reaches the execution's age limit.
    description: 'lifecycle: a late wait woken, or continued as new',
    step: {
      workflow: 'lifecycle',
      role: 'remindStep',
      load: async () => (await import('#shared/lifecycle/flow/remind-step.ts')).remindStep,
    },
    access: { items: ['GetItem'], query: ['table'] },
  },
  FailureStep: {
    entry: 'functions/lifecycle/failure-step.ts',
    description: 'lifecycle: record a failure',
    step: {
      workflow: 'lifecycle',
      role: 'failureStep',
      load: async () => (await import('#shared/lifecycle/flow/failure-step.ts')).failureStep,
    },
    access: { items: ['GetItem', 'PutItem', 'UpdateItem'] },
  },
  NeedOpenStep: {
    entry: 'functions/needs/open-step.ts',
    description: 'needs: ask whoever must act now',
    step: {
      workflow: 'needFlow',
      role: 'openStep',
      load: async () => (await import('#shared/needs/flow/open-step.ts')).needOpenStep,
    },
    access: {
      items: ['GetItem', 'PutItem', 'UpdateItem'],
      query: ['table'],
      secret: true,
      mail: true,
      rarely: {
        'dynamodb:PutItem': 'MAILQ: staff mail made outside office hours, or kept while SES is failing',
      },
    },
  },
  NeedWaitStep: {
    entry: 'functions/needs/wait-step.ts',
    description: 'needs: keep the task token',
    step: {
      workflow: 'needFlow',
      role: 'waitStep',
      load: async () => (await import('#shared/needs/flow/wait-step.ts')).needWaitStep,
    },
    access: {
      // The token is an item of its own (PutItem); the task or need is read after it (GetItem).
      items: ['GetItem', 'PutItem'],
      release: ['needFlow'],
      rarely: {
        'states:SendTaskSuccess': 'the need moved on before the wait began: the wait releases itself',
      },
    },
  },
  NeedRemindStep: {
    entry: 'functions/needs/remind-step.ts',
    description: 'needs: remind, escalate, close unrated',
    step: {
      workflow: 'needFlow',
      role: 'remindStep',
      load: async () => (await import('#shared/needs/flow/remind-step.ts')).needRemindStep,
    },
    access: {
      items: ['GetItem', 'PutItem', 'UpdateItem'],
      query: ['table'],
      secret: true,
      mail: true,
      release: ['needFlow'],
      rarely: {
        'states:SendTaskSuccess':
          'closing a need nobody rated goes through the common action, which releases any wait stored on the need',
      },
    },
  },
  NeedFailureStep: {
    entry: 'functions/needs/failure-step.ts',
    description: 'needs: record a failure',
    step: {
      workflow: 'needFlow',
      role: 'failureStep',
      load: async () => (await import('#shared/needs/flow/failure-step.ts')).needFailureStep,
    },
    access: { items: ['PutItem'] },
  },
  // Every 15 minutes (infra/constructs/schedules.ts): staff mail held for office hours, the daily digests due, the
  // boards' counts and the lifecycle's reminders and escalations.
  Sweep: {
    entry: 'functions/schedules/sweep.ts',
    description: 'queued mail, digests, board counts, task reminders',
    // As long as the lease it holds: a run that outlived its lease could overlap the next one.
    timeoutSeconds: LEASE_MS / 1000,
    access: {
      items: ['GetItem', 'PutItem', 'UpdateItem'],
      query: ['table', 'GSI1', 'GSI2', 'GSI3'],
      deletes: ['MAILQ', 'COUNTQ', 'LEASE'],
      secret: true,
      mail: true,
      rarely: {
        'dynamodb:UpdateItem':
          'claiming mail queued outside office hours, recording a task reminder sent, and applying counters a crash left behind',
        'dynamodb:Query': 'GSI3: an officer’s open items for their daily digest',
        'dynamodb:DeleteItem': 'MAILQ and COUNTQ: mail sent from the queue, leftover counters applied',
      },
    },
  },
  // SES's bounces and complaints, through SNS (infra/constructs/mail.ts).
  MailFeedback: {
    entry: 'functions/mail/feedback.ts',
    description: 'SES bounces and complaints',
    sesOnly: true,
    access: { items: ['PutItem'] },
  },
} satisfies Record<string, FunctionSpec>;

export type FunctionId = keyof typeof FUNCTIONS;
/** The functions that are workflow steps. */
export type StepId = {
  [K in FunctionId]: (typeof FUNCTIONS)[K] extends { step: object } ? K : never;
}[FunctionId];

const SPECS = FUNCTIONS as Record<FunctionId, FunctionSpec>;

/** A function's entry in the registry, as a FunctionSpec. */
export const specOf = (id: FunctionId): FunctionSpec => SPECS[id];

/** Every function's id, in the registry's order. */
export const FUNCTION_IDS = Object.keys(FUNCTIONS) as FunctionId[];

/** Every workflow step's id, in the registry's order. */
export const STEP_IDS = FUNCTION_IDS.filter((id) => SPECS[id].step) as StepId[];

/** A step's workflow, role and the step it runs. */
export const stepOf = (id: StepId) => SPECS[id].step as NonNullable<FunctionSpec['step']>;

/** The step for each state of a workflow: exactly one per role, or the registry is wrong (and this says how). */
export function stepsOf(workflow: Workflow): Record<LoopRole, StepId> {
  const mine = STEP_IDS.filter((id) => stepOf(id).workflow === workflow);
  return Object.fromEntries(
    LOOP_ROLES.map((role) => {
      const found = mine.filter((id) => stepOf(id).role === role);
      if (found.length !== 1) {
        throw new Error(
          `functions/registry.ts: the ${workflow} workflow needs exactly one ${role}, not ${found.length} (${found.join(', ')})`,
        );
      }
      return [role, found[0] as StepId];
    }),
  ) as Record<LoopRole, StepId>;
}
