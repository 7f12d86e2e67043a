import { z } from 'zod';
import { Email, Id, msg, Text, Wan } from './primitives.ts';

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

export const Staff = z.object({
  id: Id,
  name: Text(40),
  email: Email,
  role: Role,
  departmentId: Id,
  active: z.boolean().default(true),
  version: z.number().int().min(1),
});
export type Staff = z.infer<typeof Staff>;

export const NewStaff = Staff.omit({ id: true, version: true, active: true });
export type NewStaff = z.infer<typeof NewStaff>;
