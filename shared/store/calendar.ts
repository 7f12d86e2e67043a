import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, stripKeys } from './db.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';
import { getSetting } from './settings.ts';
import type { Guarded } from './write.ts';

/** The setting the office hours (standard and by season) are kept in, saved like every setting with its audit. */
export const OFFICE_HOURS_SETTING = 'officeHours';

/** A day of an entered arrangement, as stored (the calendar's `ArrangedDay`). */
export interface StoredDay {
  date: string;
  holiday?: string;
}

/** A year's official arrangement as stored: replaced whole, one version after another. */
export interface ArrangementRecord {
  year: number;
  holidays: StoredDay[];
  workdays: StoredDay[];
  enteredAt: string;
  enteredBy: string;
  version: number;
}

const toRecord = (item: Record<string, unknown>) => stripKeys(item) as unknown as ArrangementRecord;

/**
 * What the calendar is built from besides the package: every entered year (one Query of the small calendar
 * partition: a year is one item) and the office hours setting — as stored; the calendar parses them.
 */
export async function loadCalendarRecords(
  db: Db,
): Promise<{ years: ArrangementRecord[]; officeHours: unknown }> {
  const [items, officeHours] = await Promise.all([
    queryAll(db, {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :years)',
      ExpressionAttributeValues: {
        ':pk': keys.calendarYear('').PK,
        ':years': keys.calendarYearsPrefix(),
      },
    }),
    getSetting<unknown>(db, OFFICE_HOURS_SETTING),
  ]);
  return { years: items.map(toRecord), officeHours };
}

/** One year's arrangement, read consistently (before it is replaced). */
export async function getArrangement(db: Db, year: number): Promise<ArrangementRecord | undefined> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.calendarYear(String(year)), ConsistentRead: true }),
  );
  return out.Item ? toRecord(out.Item) : undefined;
}

/**
 * A year's arrangement replaced by `after`, for a transaction: a versioned conditional Put — the first entry only if
 * none exists, a later one only over the version read (a manager entering it at the same time gets a conflict).
 */
export function arrangementChange(
  db: Db,
  before: Pick<ArrangementRecord, 'version'> | undefined,
  after: Omit<ArrangementRecord, 'version'>,
): Guarded {
  const version = (before?.version ?? 0) + 1;
  return {
    entity: 'calendarYear',
    id: String(after.year),
    reason: before ? 'version' : 'exists',
    item: {
      Put: {
        TableName: db.table,
        Item: { ...keys.calendarYear(String(after.year)), type: 'CalendarYear', ...after, version },
        ...(before
          ? {
              ConditionExpression: '#v = :v',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':v': before.version },
            }
          : { ConditionExpression: 'attribute_not_exists(PK)' }),
      },
    },
  };
}

/** Whether managers were told already that a year's arrangement is missing. */
export async function calendarReminded(db: Db, year: number): Promise<boolean> {
  const out = await db.doc.send(
    new GetCommand({
      TableName: db.table,
      Key: keys.calendarReminder(String(year)),
      ProjectionExpression: 'PK',
    }),
  );
  return Boolean(out.Item);
}

/**
 * Record that managers are being told a year's arrangement is missing: true for the first caller only (a
 * conditional Put), so the mail goes out once per year however many sweeps run.
 */
export async function claimCalendarReminder(db: Db, year: number, at: Date): Promise<boolean> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          ...keys.calendarReminder(String(year)),
          type: 'CalendarReminder',
          year,
          at: at.toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
