import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { BoardCounts } from '../domain/board-counts.ts';
import type { Db } from './db.ts';
import { keys } from './keys.ts';

/** The zone's board counts, replacing the last (the sweep's, every run): one item, read by every board. */
export async function putBoardCounts(db: Db, counts: BoardCounts): Promise<void> {
  await db.doc.send(
    new PutCommand({ TableName: db.table, Item: { ...keys.boardCounts(), type: 'BoardCounts', counts } }),
  );
}

/** The board counts as the sweep last wrote them; none before its first run (or if the item is not readable). */
export async function getBoardCounts(db: Db): Promise<BoardCounts | undefined> {
  const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.boardCounts() }));
  const parsed = BoardCounts.safeParse(out.Item?.counts);
  return parsed.success ? parsed.data : undefined;
}
