import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import { APPROVALS, type Approval } from '../domain/lifecycle.ts';
import { Id } from '../domain/primitives.ts';
import type { By } from '../organisation/create.ts';
import { listDepartments } from '../store/organisation.ts';
import { getSetting, saveSettings } from '../store/settings.ts';

/** The setting that routes each approval to the department that handles it (approval → department id). */
export const APPROVAL_ROUTING_SETTING = 'approvalRouting';

export type ApprovalRouting = Partial<Record<Approval, string>>;

/** Every key is an approval: anything else is a 400, never silently dropped while the whole table is replaced. */
export const ApprovalRoutingInput = z.strictObject(
  Object.fromEntries(APPROVALS.map((a) => [a, Id.optional()])) as Record<Approval, z.ZodOptional<typeof Id>>,
);

export async function getApprovalRouting(deps: Pick<Deps, 'db'>): Promise<ApprovalRouting> {
  return (await getSetting<ApprovalRouting>(deps.db, APPROVAL_ROUTING_SETTING)) ?? {};
}

/**
 * Managers set which department handles each approval: its head holds the approval's task (and a blocked approval's
 * need); an approval left out is the service officer's. Applies to approval tasks opened from then on.
 */
export async function setApprovalRouting(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: unknown,
  by: By,
): Promise<ApprovalRouting> {
  const table = parseInput(ApprovalRoutingInput, input);
  const known = new Set((await listDepartments(deps.db)).map((d) => d.id));
  const unknown = Object.entries(table).filter(([, id]) => id && !known.has(id));
  if (unknown.length)
    throw new InputError(unknown.map(([approval]) => ({ path: approval, message: 'department.unknown' })));
  await saveSettings(
    deps.db,
    deps.clock.now(),
    { [APPROVAL_ROUTING_SETTING]: table },
    { ...by, action: 'settings.approvalRoutingChanged', details: { table } },
  );
  return table;
}
