import type { Deps } from '../deps.ts';
import { type BoardCounts, countBoards } from '../domain/board-counts.ts';
import type { OpenItemPlace } from '../store/board.ts';
import { putBoardCounts } from '../store/board-counts.ts';

/**
 * The sweep's part: count every board's overdue and due-soon items now, from the zone's open items due soon or
 * overdue (one query, which the sweep shares with the reminders), and keep the counts for the boards to show (one
 * read each, whatever page they are on).
 */
export async function refreshBoardCounts(
  deps: Pick<Deps, 'db' | 'clock' | 'calendar'>,
  items: readonly OpenItemPlace[],
): Promise<BoardCounts> {
  const counts = countBoards(deps.calendar, deps.clock.now(), items);
  await putBoardCounts(deps.db, counts);
  return counts;
}
