import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { AnnualTarget, type Department } from '../domain/organisation.ts';
import { Id } from '../domain/primitives.ts';
import type { By } from '../organisation/create.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { departmentChange, listDepartments } from '../store/organisation.ts';
import { transact } from '../store/write.ts';

export const SetTarget = AnnualTarget.extend({
  departmentId: Id,
  year: z.coerce.number().int().min(2000).max(2100),
});

/** Set (or replace) a department's annual targets for one year: a versioned write with its audit event. */
export async function setAnnualTarget(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: unknown,
  by: By,
): Promise<Department> {
  const fields = parseInput(SetTarget, input);
  const department = (await listDepartments(deps.db)).find((d) => d.id === fields.departmentId);
  if (!department) throw InputError.field('departmentId', 'department.unknown');
  const target = {
    year: fields.year,
    contractedInvestment: fields.contractedInvestment,
    fundsInPlace: fields.fundsInPlace,
  };
  const targets = [...department.targets.filter((t) => t.year !== fields.year), target].sort(
    (a, b) => a.year - b.year,
  );
  const now = deps.clock.now();
  await transact(deps.db, [
    departmentChange(deps.db, department, { ...department, targets }),
    auditItem(
      deps.db,
      newAudit(now, {
        ...by,
        action: 'department.targetSet',
        subject: { kind: 'department', id: department.id },
        details: {
          target,
          previous: department.targets.find((t) => t.year === fields.year) ?? null,
        },
      }),
    ),
  ]);
  return { ...department, targets, version: department.version + 1 };
}
