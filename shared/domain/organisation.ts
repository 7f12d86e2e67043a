import { z } from 'zod';
import { Email, Id, msg, StoredIsoDate, Text, Wan } from './primitives.ts';

export const ROLES = ['officer', 'departmentHead', 'manager'] as const;
export const Role = z.enum(ROLES, { error: msg('role.invalid') });
export type Role = z.infer<typeof Role>;

export const AnnualTarget = z.object({
  year: z.number().int().min(2000).max(2100),
  contractedInvestment: Wan,
  fundsInPlace: Wan,
});

export const Department = z.object({
  id: Id,
  name: Text(60),
  nameEn: Text(80).optional(),
  targets: z.array(AnnualTarget).default([]),
  version: z.number().int().min(1),
});
export type Department = z.infer<typeof Department>;

/** An officer away (leave, training): their new items and reminders go to the substitute from `from` to `to`. */
export const Away = z.object({ from: StoredIsoDate, to: StoredIsoDate, substituteId: Id });
export type Away = z.infer<typeof Away>;

/** One email per working day at `at` (Asia/Shanghai) instead of one per reminder. */
export const DigestChoice = z.object({
  daily: z.boolean(),
  at: z.string().regex(/^(0[89]|1[0-7]):[0-5]\d$/, { error: msg('digest.time') }),
});
export type DigestChoice = z.infer<typeof DigestChoice>;

export const Staff = z.object({
  id: Id,
  name: Text(40),
  email: Email,
  role: Role,
  departmentId: Id,
  active: z.boolean().default(true),
  away: Away.optional(),
  digest: DigestChoice.optional(),
  /** The language of the emails they get (pages follow the language chosen in the browser). */
  locale: z.enum(['zh-CN', 'en']).optional(),
  version: z.number().int().min(1),
});
export type Staff = z.infer<typeof Staff>;

export const NewStaff = Staff.omit({
  id: true,
  version: true,
  active: true,
  away: true,
  digest: true,
  locale: true,
});
export type NewStaff = z.infer<typeof NewStaff>;

/** Whether a person is away (leave, training) on a day. */
export const isAway = (person: Pick<Staff, 'away'>, today: string) =>
  !!person.away && person.away.from <= today && today <= person.away.to;

/** The zone's active managers. */
export const managersOf = (staff: Staff[]) => staff.filter((s) => s.active && s.role === 'manager');

/** A department's active heads. */
export const headsOf = (staff: Staff[], departmentId: string | undefined) =>
  staff.filter((s) => s.active && s.role === 'departmentHead' && s.departmentId === departmentId);
