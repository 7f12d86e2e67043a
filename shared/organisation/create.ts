import type { Deps } from '../deps.ts';
import type { Actor, Channel } from '../domain/audit.ts';
import { newId } from '../domain/ids.ts';
import { parseInput } from '../domain/input-error.ts';
import { Department, NewStaff, Staff } from '../domain/organisation.ts';
import { newAudit } from '../store/audit.ts';
import { insertDepartment, insertStaff } from '../store/organisation.ts';

export interface By {
  actor: Actor;
  channel: Channel;
}

export async function createDepartment(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: unknown,
  by: By,
): Promise<Department> {
  const now = deps.clock.now();
  const department = parseInput(Department, { ...(input as object), id: newId(now.getTime()), version: 1 });
  await insertDepartment(
    deps.db,
    department,
    newAudit(now, {
      ...by,
      action: 'department.created',
      subject: { kind: 'department', id: department.id },
    }),
  );
  return department;
}

export async function createStaff(deps: Pick<Deps, 'db' | 'clock'>, input: unknown, by: By): Promise<Staff> {
  const now = deps.clock.now();
  const fields = parseInput(NewStaff, input);
  const staff = Staff.parse({ ...fields, id: newId(now.getTime()), active: true, version: 1 });
  await insertStaff(
    deps.db,
    staff,
    newAudit(now, {
      ...by,
      action: 'staff.created',
      subject: { kind: 'staff', id: staff.id },
      details: { role: staff.role, departmentId: staff.departmentId },
    }),
  );
  return staff;
}
