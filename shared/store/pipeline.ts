import { Enterprise } from '../domain/enterprise.ts';
import type { Stage } from '../domain/stage.ts';
import type { Db } from './db.ts';
import { stripKeys } from './db.ts';
import { keys } from './keys.ts';
import { queryPages } from './query.ts';

/** How many enterprises of an exited list the pipeline keeps per stage (the count is always whole). */
const EXITED_KEPT = 200;

/**
 * One stage's figures for the pipeline, in one pass over the stage's index partition (what a COUNT reads too): how
 * many enterprises are on it, and the stopped ones (终止/退出, status `exited`) among them — they keep their stage,
 * so the record shows where they stopped, and the pipeline counts them apart from the stage's bar. Only the exited
 * items are returned (a filter), up to EXITED_KEPT.
 */
export async function stageFigures(
  db: Db,
  stage: Stage,
): Promise<{ total: number; exitedCount: number; exited: Enterprise[] }> {
  let total = 0;
  let exitedCount = 0;
  const exited: Enterprise[] = [];
  for await (const page of queryPages(db, {
    IndexName: 'GSI1',
    KeyConditionExpression: 'GSI1PK = :pk',
    FilterExpression: '#status = :exited',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':pk': keys.stage(stage), ':exited': 'exited' },
  })) {
    total += page.ScannedCount ?? 0;
    exitedCount += page.Count ?? 0;
    for (const item of page.Items ?? [])
      if (exited.length < EXITED_KEPT) exited.push(Enterprise.parse(stripKeys(item)));
  }
  return { total, exitedCount, exited };
}
