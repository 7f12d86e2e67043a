import type { Deps } from '../deps.ts';
import { LEAD_COUNTERS, type LeadCounters } from '../domain/lead.ts';
import { getLeadFigures } from '../store/leads.ts';
import { listDepartments, listStaff } from '../store/organisation.ts';

export const ZERO_LEAD_FIGURES: LeadCounters = Object.fromEntries(
  LEAD_COUNTERS.map((c) => [c, 0]),
) as LeadCounters;

export interface LeadFiguresRow extends LeadCounters {
  id: string;
  name: string;
  /** For a person: their department. */
  departmentId?: string;
}

export interface LeadFigures {
  departments: LeadFiguresRow[];
  people: LeadFiguresRow[];
}

/** Best first: signed, then contracted investment, then accepted, then registered; then by name. */
export function rankLeadFigures<R extends LeadFiguresRow>(rows: R[]): R[] {
  return [...rows].sort(
    (a, b) =>
      b.signed - a.signed ||
      b.contracted - a.contracted ||
      b.accepted - a.accepted ||
      b.registered - a.registered ||
      a.name.localeCompare(b.name, 'zh-CN'),
  );
}

/**
 * The cadres' leaderboard (全民招商): per department and per person, the leads registered (first registrations of an
 * investor; duplicates apart), accepted into talks, declined, signed, and the contracted investment signed. Counters
 * kept by the changes themselves, so this is one batch read. `only`: one department's (a head's view).
 */
export async function leadFigures(deps: Pick<Deps, 'db'>, only?: string): Promise<LeadFigures> {
  const [departments, staff] = await Promise.all([listDepartments(deps.db), listStaff(deps.db)]);
  const depts = departments.filter((d) => !only || d.id === only);
  const people = staff.filter((s) => !only || s.departmentId === only);
  const counters = await getLeadFigures(deps.db, [
    ...depts.map((d) => ({ scope: 'DEPT' as const, id: d.id })),
    ...people.map((s) => ({ scope: 'STAFF' as const, id: s.id })),
  ]);
  return {
    departments: rankLeadFigures(
      depts.map((d) => ({ id: d.id, name: d.name, ...(counters.get(`DEPT/${d.id}`) ?? ZERO_LEAD_FIGURES) })),
    ),
    people: rankLeadFigures(
      people
        .map((s) => ({
          id: s.id,
          name: s.name,
          departmentId: s.departmentId,
          ...(counters.get(`STAFF/${s.id}`) ?? ZERO_LEAD_FIGURES),
        }))
        // Someone with no lead at all is not on the board (an inactive person only with what they brought in).
        .filter((r) => LEAD_COUNTERS.some((c) => r[c] > 0)),
    ),
  };
}
