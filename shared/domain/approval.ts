import { headsOf, isAway, managersOf, type Staff } from './organisation.ts';

/**
 * Who decides someone's request (more time on a need, a due date moved): the heads of the department the work is
 * in — unless the requester is a head or a manager, or the department has no other head; then the managers. Never
 * the requester: nobody approves their own request. Heads away on `today` are passed over (to the managers, when
 * every head is away: a substitute is not a head, and may not decide). Empty when nobody else could decide.
 */
export function approversOf(
  staff: Staff[],
  requester: Pick<Staff, 'id' | 'role'> | undefined,
  departmentId: string | undefined,
  today?: string,
): Staff[] {
  const others = (list: Staff[]) => list.filter((s) => s.id !== requester?.id);
  const present = (list: Staff[]) => (today ? list.filter((s) => !isAway(s, today)) : list);
  const heads =
    requester?.role === 'officer' || !requester ? present(others(headsOf(staff, departmentId))) : [];
  return heads.length ? heads : others(managersOf(staff));
}
