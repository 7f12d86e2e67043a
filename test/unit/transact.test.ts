import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isUnavailable } from '#functions/http/lib/errors.ts';
import { ConflictError } from '#shared/domain/errors.ts';
import type { Db } from '#shared/store/db.ts';
import { isConditionFailure } from '#shared/store/errors.ts';
import { backoffMs } from '#shared/store/retry.ts';
import { type Guarded, putNew, recordNotification, transact } from '#shared/store/write.ts';

/** A Db whose every request is answered by `answer` (no DynamoDB): the n-th call gets n. */
function stubDb(answer: (n: number, command: unknown) => unknown) {
  let n = 0;
  const send = vi.fn(async (command: unknown) => {
    const out = answer(n++, command);
    if (out instanceof Error) throw out;
    return out ?? {};
  });
  return { db: { table: 'stub', doc: { send } } as unknown as Db, send };
}

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const db0 = { table: 'stub' } as Db;
const item = (id: string, reason = 'exists'): Guarded => ({
  entity: 'thing',
  id,
  reason,
  item: putNew(db0, { PK: `THING#${id}`, SK: 'THING' }),
});

// No waiting between retries in these tests (the waits themselves are checked on backoffMs).
beforeEach(() => {
  vi.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('transact and cancelled transactions', () => {
  it('reports a failed condition as a ConflictError naming the item whose condition failed', async () => {
    const { db, send } = stubDb(() => cancelled('None', 'ConditionalCheckFailed'));
    const error = await transact(db, [item('a'), item('b', 'version')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ entity: 'thing', id: 'b', reason: 'version' });
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('retries a transaction cancelled by a TransactionConflict (another request on the same item)', async () => {
    const { db, send } = stubDb((n) => (n < 2 ? cancelled('TransactionConflict', 'None') : {}));
    await expect(transact(db, [item('a'), item('b')])).resolves.toBeUndefined();
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('retries throttled cancellations too', async () => {
    for (const code of ['ThrottlingError', 'ProvisionedThroughputExceeded']) {
      const { db, send } = stubDb((n) => (n === 0 ? cancelled('None', code) : {}));
      await expect(transact(db, [item('a'), item('b')])).resolves.toBeUndefined();
      expect(send).toHaveBeenCalledTimes(2);
    }
  });

  it('a conflict that does not clear ends as "unavailable" (503), never as a ConflictError (409)', async () => {
    const { db, send } = stubDb(() => cancelled('None', 'TransactionConflict'));
    const error = await transact(db, [item('a'), item('b')]).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ConflictError);
    expect(error).toBeInstanceOf(Error);
    expect(isUnavailable(error as Error)).toBe(true);
    expect(send.mock.calls.length).toBeGreaterThanOrEqual(5);
    expect(send.mock.calls.length).toBeLessThanOrEqual(10);
  });

  it('a failed condition wins over a conflict in the same cancellation: the condition was checked', async () => {
    const { db, send } = stubDb(() => cancelled('TransactionConflict', 'ConditionalCheckFailed'));
    await expect(transact(db, [item('a'), item('b', 'not-open')])).rejects.toMatchObject({
      name: 'ConflictError',
      id: 'b',
      reason: 'not-open',
    });
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('other cancellations (a bad request) are passed on as they are, not retried', async () => {
    const { db, send } = stubDb(() => cancelled('ValidationError', 'None'));
    await expect(transact(db, [item('a'), item('b')])).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('recordNotification does not take a conflict for "already notified"', async () => {
    const { db } = stubDb(() => cancelled('TransactionConflict'));
    await expect(recordNotification(db, [item('a', 'notified')])).rejects.not.toBeInstanceOf(ConflictError);
    const again = stubDb(() => cancelled('ConditionalCheckFailed'));
    await expect(recordNotification(again.db, [item('a', 'notified')])).resolves.toBeUndefined();
  });

  it('isConditionFailure is true only when a condition failed', () => {
    expect(isConditionFailure(cancelled('None', 'ConditionalCheckFailed'))).toBe(true);
    expect(isConditionFailure(cancelled('TransactionConflict', 'None'))).toBe(false);
    expect(isConditionFailure(cancelled('ThrottlingError'))).toBe(false);
    expect(isConditionFailure({ name: 'ConditionalCheckFailedException' })).toBe(true);
  });
});

describe('backoff between retries', () => {
  it('waits a random time up to base × 2^attempt ("full jitter"), capped at a second', () => {
    const top = () => 0.999999;
    expect(backoffMs(0, () => 0)).toBe(0);
    expect(backoffMs(0, top)).toBeCloseTo(20, 0);
    expect(backoffMs(3, top)).toBeCloseTo(160, 0);
    expect(backoffMs(20, top)).toBeCloseTo(1000, 0);
    expect(backoffMs(3, () => 0.5)).toBeCloseTo(80, 0);
  });
});
