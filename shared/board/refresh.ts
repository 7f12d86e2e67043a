import type { Deps } from '../deps.ts';
import { type BoardCounts, countBoards, countsHorizon } from '../domain/board-counts.ts';
import { openItemsDueBefore } from '../store/board.ts';
import { putBoardCounts } from '../store/board-counts.ts';

/**
 * The sweep's part: count every board's overdue and due-soon items now, from one query of the zone's index range,
 * and keep the counts for the boards to show (one read each, whatever page they are on).
 */
export async function refreshBoardCounts(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar'>,
): Promise<BoardCounts> {
  const now = deps.clock.now();
  const items = await openItemsDueBefore(deps.db, countsHorizon(deps.calendar, now));
  const counts = countBoards(deps.calendar, now, items);
  await putBoardCounts(deps.db, counts);
  return counts;
}
