import type { Deps } from '../deps.ts';
import { listDepartments, listStaff } from '../store/organisation.ts';
import { countersOf, getCounters, NEED_COUNTERS, type NeedCounters } from '../store/stats.ts';

export interface NeedFigures {
  id: string;
  name: string;
  counts: NeedCounters;
  /**
   * The rates, 12345-style, each need counted once when it ends (`shared/needs/outcome.ts`), never per rating: a need
   * redone and then satisfying is one satisfied need. Null before the first. Needs merged away or explained as
   * outside the zone's remit are counted apart (`counts.merged`, `counts.explained`).
   */
  /** 响应率: signed for within the sign-for clock. */
  responseRate: number | null;
  /** 按期办结率: the last answer given by its due date. */
  onTimeRate: number | null;
  /** 解决率: resolved, as the enterprise told the coordinator on the return visit (回访). */
  resolutionRate: number | null;
  /** 满意率: satisfied, as the enterprise told the coordinator on the return visit. */
  satisfactionRate: number | null;
  /** An urgent need's first contact (先行联系) made in time. */
  firstContactOnTimeRate: number | null;
  /** 协办按期率: the parts this department (or person) assisted with, answered by their due date. */
  partsOnTimeRate: number | null;
  averageWorkingDaysToResolve: number | null;
}

const ratio = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : null);

function figures(id: string, name: string, counts: NeedCounters): NeedFigures {
  return {
    id,
    name,
    counts,
    responseRate: ratio(counts.respondedOnTime, counts.finalised),
    onTimeRate: ratio(counts.answeredOnTime, counts.finalised),
    resolutionRate: ratio(counts.revisitResolved, counts.revisited),
    satisfactionRate: ratio(counts.revisitSatisfied, counts.revisited),
    firstContactOnTimeRate: ratio(counts.firstContactOnTime, counts.firstContactDue),
    partsOnTimeRate: ratio(counts.partsAnsweredOnTime, counts.partsAnswered),
    averageWorkingDaysToResolve: counts.resolved
      ? Math.round((counts.resolveWorkingDays / counts.resolved) * 10) / 10
      : null,
  };
}

/** Every counter at zero (a department or officer with no need yet), whatever counters the store keeps. */
const ZERO = Object.fromEntries(NEED_COUNTERS.map((c) => [c, 0])) as NeedCounters;

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
