import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { parseInput } from '../domain/input-error.ts';
import type { Staff } from '../domain/organisation.ts';
import { Email, Text } from '../domain/primitives.ts';
import { listDepartments } from '../store/organisation.ts';
import { createDepartment, createStaff } from './create.ts';

export const FirstManager = z.object({ name: Text(40), email: Email, department: Text(60) });

/**
 * Create a manager (and their department, if the zone has no department of that name yet): how a new deployment
 * gets its first person, who then signs in by email and adds everyone else.
 */
export async function createFirstManager(deps: Pick<Deps, 'db' | 'clock'>, input: unknown): Promise<Staff> {
  const { name, email, department } = parseInput(FirstManager, input);
  const by = { actor: { kind: 'system' as const }, channel: 'system' as const };
  const existing = (await listDepartments(deps.db)).find((d) => d.name === department);
  const dept = existing ?? (await createDepartment(deps, { name: department }, by));
  return createStaff(deps, { name, email, role: 'manager', departmentId: dept.id }, by);
}
