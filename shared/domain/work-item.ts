import { z } from 'zod';
import { Approval } from './lifecycle.ts';
import { Id, Instant, msg, Phone, Text } from './primitives.ts';
import { MILESTONES, Stage } from './stage.ts';

/** What every open item (task or need) carries so the boards can filter and show it without a join. */
export const ItemContext = z.object({
  enterpriseId: Id,
  enterpriseName: z.string(),
  industryChain: z.string(),
  stage: Stage,
});

/**
 * `followUp`: a follow-up with the investor while the lead is in talks; `tracking`: toward a milestone;
 * `approval`: one of the approvals that run in parallel before construction; `visit`: an aftercare visit.
 */
export const TaskKind = z.enum(['followUp', 'tracking', 'approval', 'visit']);
export const TaskStatus = z.enum(['open', 'completed', 'cancelled']);

export const MoveStatus = z.enum(['pending', 'approved', 'refused']);
export type MoveStatus = z.infer<typeof MoveStatus>;

/**
 * A request to move a task's due date: the officer's expected date and reason, decided by someone else (the
 * officer's department head, or a manager — never the requester). `from` is the due date when it was asked.
 */
export const DueDateMove = z.object({
  id: Id,
  enterpriseId: Id,
  taskId: Id,
  requestedBy: Id,
  requestedAt: Instant,
  from: Instant,
  /** The due date asked for (close of business on the expected date, or the next working day). */
  to: Instant,
  expectedDate: z.string(),
  reason: z.string(),
  notes: z.string().optional(),
  /** Who was asked to decide (their links name them). */
  approverIds: z.array(Id).default([]),
  status: MoveStatus,
  decidedBy: Id.optional(),
  decidedAt: Instant.optional(),
  /** Closed undecided because its task ended first (status `refused`, no decider): how the task ended. */
  closedReason: z.enum(['completed', 'cancelled']).optional(),
  version: z.number().int().min(1),
});
export type DueDateMove = z.infer<typeof DueDateMove>;

/** What a task keeps of its latest move request. */
export const MoveSummary = DueDateMove.pick({
  id: true,
  requestedBy: true,
  requestedAt: true,
  from: true,
  to: true,
  reason: true,
  status: true,
  decidedBy: true,
  decidedAt: true,
  closedReason: true,
});
export type MoveSummary = z.infer<typeof MoveSummary>;
export const moveSummary = (m: DueDateMove): MoveSummary => MoveSummary.parse(m);

export const Task = ItemContext.extend({
  id: Id,
  kind: TaskKind,
  /** For a tracking task: the milestone it tracks toward. */
  milestone: z.enum(MILESTONES).optional(),
  /** For an approval task: which approval. */
  approval: Approval.optional(),
  status: TaskStatus,
  officerId: Id,
  departmentId: Id,
  dueAt: Instant,
  /**
   * The due date the task was opened with: "done on time" is measured against it, whatever moves were approved
   * later (tasks opened before it was kept have none: their `dueAt`).
   */
  originalDueAt: Instant.optional(),
  openedAt: Instant,
  completedAt: Instant.optional(),
  /** Notification keys already sent (see domain/cadence.ts), so none is sent twice. */
  notified: z.array(z.string()).default([]),
  /** What the officer reported when completing it. */
  completion: z.record(z.string(), z.unknown()).optional(),
  /**
   * The latest request to move the due date (an officer's progress report) and what became of it: a bounded summary.
   * Every request is an item of its own (`DueDateMove`, read with the task's `movesOf`), so a task never grows with
   * its reports; the due date itself moves only when the request is approved.
   */
  move: MoveSummary.optional(),
  /** A visit: the earliest date it may be reported done (the minimum interval after the previous visit). */
  notBefore: z.string().optional(),
  version: z.number().int().min(1),
});
export type Task = z.infer<typeof Task>;

export const NEED_CATEGORIES = [
  'permits',
  'land',
  'utilities',
  'hiring',
  'financing',
  'incentives',
  'other',
] as const;
export const NeedCategory = z.enum(NEED_CATEGORIES, { error: msg('category.invalid') });
export const Urgency = z.enum(['normal', 'urgent'], { error: msg('urgency.invalid') });
/** A need's nature as 12345 platforms classify it (咨询/求助/投诉/建议); it sets the need's clocks with its urgency. */
export const NEED_NATURES = ['consult', 'help', 'complaint', 'suggestion'] as const;
export const NeedNature = z.enum(NEED_NATURES, { error: msg('nature.invalid') });
/** A complex need gets the longer resolution clock; the owner says so when signing for it. */
export const Complexity = z.enum(['simple', 'complex'], { error: msg('complexity.invalid') });
export type NeedNature = z.infer<typeof NeedNature>;
export type Complexity = z.infer<typeof Complexity>;
export const NeedStatus = z.enum([
  'submitted',
  'routed',
  'signedFor',
  'committed',
  'resolved',
  'returned',
  'escalated',
  /** Rated (or not rated in time): a coordinator's independent return visit (回访) asks whether it was resolved. */
  'revisit',
  'closed',
]);

/** A part asked of an assisting department (主办/协办, `domain/need-part.ts`): open until it answers or ends. */
export const PartStatus = z.enum(['open', 'answered', 'cancelled']);
/** What a need keeps of each of its parts, so its own rules (no answer while a part is open) need no second read. */
export const PartSummary = z.object({ id: Id, departmentId: Id, status: PartStatus });
export type PartSummary = z.infer<typeof PartSummary>;

export const Need = ItemContext.extend({
  id: Id,
  /** The human reference number shown to the enterprise, e.g. XQ-20261127-0042. */
  ref: z.string(),
  category: NeedCategory,
  title: Text(80),
  description: Text(2000),
  urgency: Urgency,
  /** 咨询/求助/投诉/建议; a need stored before natures were asked has none and reads as `help` (`natureOf`). */
  nature: NeedNature.optional(),
  /** Set by the owner at sign-for; none reads as `simple` (`complexityOf`). */
  complexity: Complexity.optional(),
  /** An urgent need: the owner calls the enterprise (先行联系) by then, and records when they did (with a note). */
  firstContactBy: Instant.optional(),
  firstContactAt: Instant.optional(),
  firstContactNote: z.string().optional(),
  contactName: Text(40),
  contactPhone: Phone,
  status: NeedStatus,
  ownerDepartmentId: Id.optional(),
  ownerId: Id.optional(),
  /** When the current step is due (sign-for, answer, or the enterprise's rating). */
  dueAt: Instant.optional(),
  /** The date the owner committed to answer by. */
  committedDate: z.string().optional(),
  /** The last day the answer may take, from the category's resolution clock (extended only by approval). */
  resolveBy: z.string().optional(),
  signedForAt: Instant.optional(),
  answer: z.string().optional(),
  resolvedAt: Instant.optional(),
  rating: z.enum(['satisfied', 'basicallySatisfied', 'unsatisfied', 'none']).optional(),
  ratingComment: z.string().optional(),
  /** Times the enterprise was unsatisfied and the need was reopened. */
  redoCount: z.number().int().min(0).default(0),
  /**
   * Answers the enterprise was not satisfied with, oldest first (at most NEED_MAX_REDOS + 1): kept so the portal shows
   * them as superseded beside the current one, with the enterprise's comment the owner redid it for.
   */
  previousAnswers: z
    .array(
      z.object({
        answer: z.string(),
        resolvedAt: Instant.optional(),
        ratingComment: z.string().optional(),
        ratedAt: Instant,
      }),
    )
    .optional(),
  returnReason: z.string().optional(),
  /** When it was last routed (a manager's re-route); the one-working-day return window counts from it, else from createdAt. */
  routedAt: Instant.optional(),
  /** The manager who re-routed it: that decision is final, the need cannot be returned again. */
  reroutedBy: Id.optional(),
  attachments: z
    .array(z.object({ id: z.string(), name: z.string(), type: z.string(), size: z.number().int() }))
    .default([]),
  /** The owner's request for more time, and what became of it. */
  extension: z
    .object({
      to: z.string(),
      reason: z.string(),
      requestedBy: z.string().optional(),
      at: Instant,
      status: z.enum(['pending', 'approved', 'refused']),
      decidedBy: z.string().optional(),
    })
    .optional(),
  closedAt: Instant.optional(),
  /** The owner's first answer to the enterprise (sign-for), and whether it was in time: counted once, at the end. */
  firstResponse: z.object({ at: Instant, onTime: z.boolean() }).optional(),
  /** The latest answer, and whether it was given by its due date. */
  lastAnswer: z.object({ at: Instant, onTime: z.boolean() }).optional(),
  /** The coordinator's return visit: did the enterprise say it was resolved, and was it satisfied. */
  revisit: z
    .object({
      by: Id,
      at: Instant,
      resolved: z.boolean(),
      satisfied: z.boolean(),
      notes: z.string().optional(),
    })
    .optional(),
  /**
   * How the need ended, counted once at the end: `revisited` (after the return visit), `unvisited` (nobody could or
   * did make it), `explained` (answered as outside the zone's remit), `merged` (a duplicate, into `mergedInto`),
   * `decided` (by a manager), `withdrawn` (by the system: its approval granted, its project stopped).
   */
  outcome: z.enum(['revisited', 'unvisited', 'explained', 'merged', 'decided', 'withdrawn']).optional(),
  mergedInto: z.object({ id: Id, ref: z.string() }).optional(),
  /** The parts asked of assisting departments (协办), oldest first; the need's owner leads (主办). */
  parts: z.array(PartSummary).optional(),
  notified: z.array(z.string()).default([]),
  createdAt: Instant,
  version: z.number().int().min(1),
});
export type Need = z.infer<typeof Need>;

/** Staff act on a need in these phases, so it is on their boards (and in their indexes); not while the enterprise rates it or once closed. */
export const onBoards = (need: Pick<Need, 'status'>) =>
  !['resolved', 'revisit', 'closed'].includes(need.status);
