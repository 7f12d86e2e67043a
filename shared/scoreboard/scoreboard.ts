import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { parseInput } from '../domain/input-error.ts';
import type { Department } from '../domain/organisation.ts';
import { type NeedFigures, needFigures } from '../needs/figures.ts';
import { listDepartments } from '../store/organisation.ts';
import { getScores, type ScoreCounters, ZERO_SCORES } from '../store/scores.ts';

/** The half-year a date falls in: counters are kept per half so the mid-year check reads what H1 achieved. */
export function periodOf(date: string): string {
  const year = date.slice(0, 4);
  return Number(date.slice(5, 7)) <= 6 ? `${year}-H1` : `${year}-H2`;
}

/**
 * The "both past half by mid-year" check: contracted investment and funds in place in the first half must each
 * reach half the annual target. Before 30 June it is pending unless already met; after, it passed or failed.
 */
export type Halfway = 'passed' | 'failed' | 'pending' | 'noTarget';

export function halfwayCheck(input: {
  year: number;
  today: string;
  firstHalf: Pick<ScoreCounters, 'contracted' | 'fundsArrived'>;
  target?: { contractedInvestment: number; fundsInPlace: number };
}): Halfway {
  const { target, firstHalf } = input;
  if (!target || (target.contractedInvestment <= 0 && target.fundsInPlace <= 0)) return 'noTarget';
  const met =
    firstHalf.contracted * 2 >= target.contractedInvestment &&
    firstHalf.fundsArrived * 2 >= target.fundsInPlace;
  if (met) return 'passed';
  return input.today > `${input.year}-06-30` ? 'failed' : 'pending';
}

const share = (part: number, whole: number | undefined) =>
  whole ? Math.round((part / whole) * 1000) / 1000 : null;

export interface DepartmentScore {
  id: string;
  name: string;
  nameEn?: string;
  /** The year's totals (both halves). */
  totals: ScoreCounters;
  firstHalf: ScoreCounters;
  /** The second half's counters (e.g. projects stopped and revived per half-year). */
  secondHalf: ScoreCounters;
  target?: { contractedInvestment: number; fundsInPlace: number };
  contractedShare: number | null;
  fundsShare: number | null;
  halfway: Halfway;
  onTimeRate: number | null;
  needs?: NeedFigures;
}

export function departmentScore(input: {
  department: Pick<Department, 'id' | 'name' | 'nameEn' | 'targets'>;
  year: number;
  today: string;
  firstHalf: ScoreCounters;
  secondHalf: ScoreCounters;
  needs?: NeedFigures;
}): DepartmentScore {
  const { department, firstHalf, secondHalf, year } = input;
  const totals = Object.fromEntries(
    Object.keys(ZERO_SCORES).map((k) => [
      k,
      firstHalf[k as keyof ScoreCounters] + secondHalf[k as keyof ScoreCounters],
    ]),
  ) as ScoreCounters;
  const found = department.targets.find((t) => t.year === year);
  const target = found
    ? { contractedInvestment: found.contractedInvestment, fundsInPlace: found.fundsInPlace }
    : undefined;
  return {
    id: department.id,
    name: department.name,
    nameEn: department.nameEn,
    totals,
    firstHalf,
    secondHalf,
    target,
    contractedShare: share(totals.contracted, target?.contractedInvestment),
    fundsShare: share(totals.fundsArrived, target?.fundsInPlace),
    halfway: halfwayCheck({ year, today: input.today, firstHalf, target }),
    onTimeRate: share(totals.tasksOnTime, totals.tasksCompleted),
    needs: input.needs,
  };
}

export const ScoreboardQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export interface Scoreboard {
  year: number;
  today: string;
  departments: DepartmentScore[];
  /** The zone as a whole: the departments' counters and targets added up. */
  zone: DepartmentScore;
  /** Only one department's (a head's scoreboard): no zone line to show. */
  scoped?: true;
}

/**
 * Every department's score for a year — or, for a department head (`onlyDepartmentId`), their department's alone:
 * one read of the departments, one batch read of their counters.
 */
export async function loadScoreboard(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar'>,
  input: unknown,
  onlyDepartmentId?: string,
): Promise<Scoreboard> {
  const q = parseInput(ScoreboardQuery, input);
  const today = deps.calendar.localDate(deps.clock.now());
  const year = q.year ?? Number(today.slice(0, 4));
  const departments = (await listDepartments(deps.db)).filter(
    (d) => onlyDepartmentId === undefined || d.id === onlyDepartmentId,
  );
  const [scores, needs] = await Promise.all([
    getScores(
      deps.db,
      departments.map((d) => d.id),
      [`${year}-H1`, `${year}-H2`],
    ),
    needFigures(deps, onlyDepartmentId),
  ]);
  const counters = (id: string, half: 'H1' | 'H2') => scores.get(`${id}|${year}-${half}`) ?? ZERO_SCORES;
  const rows = departments.map((department) =>
    departmentScore({
      department,
      year,
      today,
      firstHalf: counters(department.id, 'H1'),
      secondHalf: counters(department.id, 'H2'),
      needs: needs.departments.find((n) => n.id === department.id),
    }),
  );
  const add = (pick: (r: DepartmentScore) => ScoreCounters) =>
    Object.fromEntries(
      Object.keys(ZERO_SCORES).map((k) => [
        k,
        rows.reduce((sum, r) => sum + pick(r)[k as keyof ScoreCounters], 0),
      ]),
    ) as ScoreCounters;
  const firstHalf = add((r) => r.firstHalf);
  const totals = add((r) => r.totals);
  const secondHalf = Object.fromEntries(
    Object.keys(ZERO_SCORES).map((k) => [
      k,
      totals[k as keyof ScoreCounters] - firstHalf[k as keyof ScoreCounters],
    ]),
  ) as ScoreCounters;
  const targeted = rows.filter((r) => r.target);
  const zone = departmentScore({
    department: {
      id: 'zone',
      name: 'zone',
      targets: targeted.length
        ? [
            {
              year,
              contractedInvestment: targeted.reduce((s, r) => s + (r.target?.contractedInvestment ?? 0), 0),
              fundsInPlace: targeted.reduce((s, r) => s + (r.target?.fundsInPlace ?? 0), 0),
            },
          ]
        : [],
    },
    year,
    today,
    firstHalf,
    secondHalf,
  });
  return {
    year,
    today,
    departments: rows,
    zone,
    ...(onlyDepartmentId === undefined ? {} : { scoped: true }),
  };
}
