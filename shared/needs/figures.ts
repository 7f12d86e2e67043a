import type { Deps } from '../deps.ts';
import { listDepartments, listStaff } from '../store/organisation.ts';
import { countersOf, getCounters, type NeedCounters } from '../store/stats.ts';

export interface NeedFigures {
  id: string;
  name: string;
  counts: NeedCounters;
  /** Share of sign-fors made in time (null before the first). */
  signForOnTimeRate: number | null;
  /** Share of answers given by their due date. */
  resolveOnTimeRate: number | null;
  /** Share of ratings that were satisfied or basically satisfied. */
  satisfactionRate: number | null;
  averageWorkingDaysToResolve: number | null;
}

const ratio = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : null);

function figures(id: string, name: string, counts: NeedCounters): NeedFigures {
  return {
    id,
    name,
    counts,
    signForOnTimeRate: ratio(counts.signedForOnTime, counts.signedFor),
    resolveOnTimeRate: ratio(counts.resolvedOnTime, counts.resolved),
    satisfactionRate: ratio(counts.satisfied, counts.rated),
    averageWorkingDaysToResolve: counts.resolved
      ? Math.round((counts.resolveWorkingDays / counts.resolved) * 10) / 10
      : null,
  };
}

const ZERO = {
  opened: 0,
  signedFor: 0,
  signedForOnTime: 0,
  resolved: 0,
  resolvedOnTime: 0,
  resolveWorkingDays: 0,
  rated: 0,
  satisfied: 0,
};

/**
 * The needs figures per department and per officer: read from counters kept with every action (one batch read of
 * small items), never by scanning the needs.
 */
export async function needFigures(
  deps: Pick<Deps, 'db'>,
  /** A department head's figures: their department and its people only. */
  onlyDepartmentId?: string,
): Promise<{ departments: NeedFigures[]; staff: NeedFigures[] }> {
  const mine = (departmentId: string) => onlyDepartmentId === undefined || departmentId === onlyDepartmentId;
  const [departments, staff] = await Promise.all([
    listDepartments(deps.db).then((all) => all.filter((d) => mine(d.id))),
    listStaff(deps.db).then((all) => all.filter((s) => mine(s.departmentId))),
  ]);
  const counters = await getCounters(deps.db, [
    ...departments.map((d) => ({ scope: 'DEPT' as const, id: d.id })),
    ...staff.map((s) => ({ scope: 'STAFF' as const, id: s.id })),
  ]);
  return {
    departments: departments.map((d) => figures(d.id, d.name, countersOf(counters, 'DEPT', d.id) ?? ZERO)),
    staff: staff.map((s) => figures(s.id, s.name, countersOf(counters, 'STAFF', s.id) ?? ZERO)),
  };
}
