import { headsOf, managersOf, type Staff } from './organisation.ts';

/**
 * Who decides someone's request (more time on a need, a due date moved): the heads of the department the work is
 * in — unless the requester is a head or a manager, or the department has no other head; then the managers. Never
 * the requester: nobody approves their own request. Empty when nobody else could decide.
 */
export function approversOf(
  staff: Staff[],
  requester: Pick<Staff, 'id' | 'role'> | undefined,
  departmentId: string | undefined,
): Staff[] {
  const others = (list: Staff[]) => list.filter((s) => s.id !== requester?.id);
  const heads = requester?.role === 'officer' || !requester ? others(headsOf(staff, departmentId)) : [];
  return heads.length ? heads : others(managersOf(staff));
}
