import type { Department, Staff } from '../domain/organisation.ts';

/** A person named in a ledger cell: found, not found, or one of several with that name (their emails, to choose). */
export type PersonFound =
  | { kind: 'found'; staff: Staff }
  | { kind: 'email'; staff?: Staff }
  | { kind: 'unknown' }
  | { kind: 'ambiguous'; emails: string };

const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/**
 * People as a 台账 names them: by name within the row's department (首谈人 within the 首谈部门, 服务专员 within the
 * service department), or by email, which names one person wherever they are. Two active people with the same name
 * in the department are ambiguous: the cell must give one's email. A 首谈人 may have left since (`former`): an
 * inactive person is taken when no active one has the name.
 */
export function staffIndex(staff: Staff[]) {
  const byEmail = new Map(staff.map((s) => [s.email.toLowerCase(), s]));
  const byName = new Map<string, Staff[]>();
  for (const s of staff) {
    const key = `${s.departmentId}|${norm(s.name)}`;
    byName.set(key, [...(byName.get(key) ?? []), s]);
  }
  /** The names that do not name one active person in their department: the export writes the email for them. */
  const ambiguous = (s: Staff) =>
    (byName.get(`${s.departmentId}|${norm(s.name)}`) ?? []).filter((p) => p.active).length > 1 || !s.active;
  return {
    /**
     * The person a cell names. `email`: the cell is an email (found or not: the registration's own check says
     * which is wrong). Without a department (it is unknown: that is the row's error) a name finds nobody, silently.
     */
    find(cell: string | undefined, department: Department | undefined, options: { former?: boolean } = {}) {
      const value = (cell ?? '').trim();
      if (value.includes('@'))
        return { kind: 'email', staff: byEmail.get(value.toLowerCase()) } as PersonFound;
      if (!department) return { kind: 'email' } as PersonFound;
      if (!value) return { kind: 'unknown' } as PersonFound;
      const all = byName.get(`${department.id}|${norm(value)}`) ?? [];
      const active = all.filter((s) => s.active);
      const candidates = active.length || !options.former ? active : all;
      if (candidates.length === 1) return { kind: 'found', staff: candidates[0]! } as PersonFound;
      if (candidates.length > 1) {
        return { kind: 'ambiguous', emails: candidates.map((s) => s.email).join(', ') } as PersonFound;
      }
      return { kind: 'unknown' } as PersonFound;
    },
    /**
     * How an export names a person so that it imports back: the name, or the email where the name is not enough —
     * shared with someone else, or not found in the department the row names (a person who moved department since).
     */
    cell(s: Staff | undefined, rowDepartmentId?: string): string {
      if (!s) return '';
      const elsewhere = rowDepartmentId !== undefined && s.departmentId !== rowDepartmentId;
      return ambiguous(s) || elsewhere ? s.email : s.name;
    },
  };
}
