import type { Deps } from '../deps.ts';
import type { BoardScope } from '../store/board.ts';
import { getScores } from '../store/scores.ts';
import { periodOf } from './periods.ts';

/**
 * 本月到位 on a board: the funds in place verified this month (Asia/Shanghai), late reports included, for the board's
 * department — or every department, for the zone's board. A person's board shows none (funds count for the lead
 * department, not a person). One batch read of this month's counters.
 */
export async function fundsArrivedThisMonth(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar'>,
  scope: BoardScope,
  departmentIds: string[],
): Promise<number | undefined> {
  if (scope.kind === 'officer') return undefined;
  const ids = scope.kind === 'department' ? [scope.id] : departmentIds;
  const month = periodOf(deps.calendar.localDate(deps.clock.now()));
  const scores = await getScores(deps.db, ids, [month]);
  return [...scores.values()].reduce((sum, c) => sum + c.fundsArrived + c.fundsArrivedLate, 0);
}
