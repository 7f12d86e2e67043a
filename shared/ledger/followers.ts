import type { Staff } from '../domain/organisation.ts';

/**
 * Who may see an import's progress, confirm or continue it: whoever uploaded it, a head of their department, or a
 * manager. A batch holds its rows' problems (names, emails), so another department's head does not.
 */
export function mayFollowImport(
  who: Pick<Staff, 'id' | 'role' | 'departmentId'>,
  creator: Pick<Staff, 'id' | 'departmentId'> | undefined,
  createdBy: string,
): boolean {
  if (who.id === createdBy || who.role === 'manager') return true;
  return who.role === 'departmentHead' && creator !== undefined && creator.departmentId === who.departmentId;
}
