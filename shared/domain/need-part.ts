import { z } from 'zod';
import { Id, Instant, IsoDate, StoredIsoDate, Text } from './primitives.ts';
import { ItemContext, type Need, PartStatus, PartSummary } from './work-item.ts';

export { PartStatus, PartSummary };

/**
 * 主办/协办: the need's owner (the lead department's, 首接负责) coordinates; an assisting department does one part of
 * it — what the lead asked of it, by the date the lead set — and answers the lead, who answers the enterprise once
 * every part is in. Each part is an item of its own, on the assisting department's boards with its own clock.
 */
/** How many parts one need may ask for over its whole life (redos included): a bound on the need's summary. */
export const NEED_MAX_PARTS = 8;

/** Working days an assisting department is given by default (12345 platforms' common 协办 rule: three). */
export const PART_DEFAULT_WORKING_DAYS = 3;

export const NeedPart = ItemContext.extend({
  id: Id,
  needId: Id,
  needRef: z.string(),
  needTitle: z.string(),
  /** The assisting department (协办单位), and who answers for it (its head when asked; a hand-over moves it). */
  departmentId: Id,
  ownerId: Id,
  /** What the lead asks of it. */
  part: Text(500),
  /** The day it is due, and the instant (close of business that day): its own clock, on its department's board. */
  dueDate: StoredIsoDate,
  dueAt: Instant,
  status: PartStatus,
  askedBy: Id,
  askedAt: Instant,
  answer: z.string().optional(),
  answeredBy: Id.optional(),
  answeredAt: Instant.optional(),
  /** Whether the answer came by its due time. */
  onTime: z.boolean().optional(),
  /** Why a part ended unanswered: the lead no longer needs it, or the need closed or went to another department. */
  cancelReason: z.enum(['withdrawn', 'needClosed', 'needRerouted', 'needReturned']).optional(),
  /** Reminders already sent for it (see domain/cadence.ts). */
  notified: z.array(z.string()).default([]),
  version: z.number().int().min(1),
});
export type NeedPart = z.infer<typeof NeedPart>;

/** The lead asks a department for its part. */
export const AskPart = z.object({ departmentId: Id, part: Text(500), dueDate: IsoDate });

export const AnswerPart = z.object({ partId: Id, partAnswer: Text(2000) });
export const WithdrawPart = z.object({ partId: Id });

export const openParts = (need: Pick<Need, 'parts'>) => (need.parts ?? []).filter((p) => p.status === 'open');

/**
 * Whether the lead may ask `departmentId` for a part now, as a message key when not: never their own department,
 * never a department already working on an open part, at most NEED_MAX_PARTS in all; due no earlier than today and
 * no later than the day the lead committed to answer by (their part must be in first).
 */
export function partRefusal(
  need: Pick<Need, 'parts' | 'ownerDepartmentId' | 'committedDate'>,
  ask: { departmentId: string; dueDate: string },
  today: string,
): { path: string; message: string } | undefined {
  if (ask.departmentId === need.ownerDepartmentId)
    return { path: 'departmentId', message: 'part.ownDepartment' };
  if (openParts(need).some((p) => p.departmentId === ask.departmentId))
    return { path: 'departmentId', message: 'part.alreadyAsked' };
  if ((need.parts ?? []).length >= NEED_MAX_PARTS) return { path: 'departmentId', message: 'part.tooMany' };
  if (ask.dueDate < today) return { path: 'dueDate', message: 'date.past' };
  if (need.committedDate && ask.dueDate > need.committedDate)
    return { path: 'dueDate', message: 'part.afterCommitted' };
  return undefined;
}

/** The need's summary with one part's new status. */
export const withPartStatus = (
  need: Pick<Need, 'parts'>,
  partId: string,
  status: PartSummary['status'],
): PartSummary[] => (need.parts ?? []).map((p) => (p.id === partId ? { ...p, status } : p));

/**
 * Whether a change of the need ends its open parts, and why: the need closed, was returned, or went to another
 * department (whose head decides afresh whom to ask). A hand-over within the department keeps them.
 */
export function partsEndWith(
  before: Pick<Need, 'ownerDepartmentId'>,
  after: Pick<Need, 'status' | 'ownerDepartmentId'>,
): NeedPart['cancelReason'] | undefined {
  if (after.status === 'closed') return 'needClosed';
  // Returned as not the lead's: whoever gets it decides afresh whom to ask.
  if (after.status === 'returned') return 'needReturned';
  if (after.ownerDepartmentId !== before.ownerDepartmentId) return 'needRerouted';
  return undefined;
}
