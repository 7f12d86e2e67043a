import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '#shared/domain/errors.ts';
import { DEFAULT_CLOCKS, getClocks, setClocks } from '#shared/needs/clocks.ts';
import { getCoordinatorId, getRouting, setNeedRoutingSettings, setRouting } from '#shared/needs/routing.ts';
import { freshDb } from '../support/db.ts';
import { makeZone, manualClock, storeDeps, system, type Zone } from '../support/fixtures.ts';

let db: Awaited<ReturnType<typeof freshDb>>;
let deps: ReturnType<typeof storeDeps>;
let zone: Zone;

beforeAll(async () => {
  db = await freshDb();
  deps = storeDeps({ db, clock: manualClock('2026-11-25T02:00:00Z') });
  zone = await makeZone(deps);
}, 60_000);
afterAll(async () => db.drop());
afterEach(() => {
  db.doc.middlewareStack.remove('failAuditWrite');
});

/** An audit Put as the transaction carries it (before or after the document client marshalled it). */
const isAudit = (put: { Item?: Record<string, unknown> } | undefined) => {
  const type = put?.Item?.type as unknown;
  return type === 'Audit' || (type as { S?: string } | undefined)?.S === 'Audit';
};

/**
 * From now on DynamoDB itself refuses every audit write: its Put is sent on a condition that cannot hold (the new
 * event "already exists"), so a transaction carrying it is cancelled by the database — whatever else it holds.
 */
function failAuditWrites() {
  db.doc.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as {
        TransactItems?: { Put?: { Item?: Record<string, unknown>; ConditionExpression?: string } }[];
      };
      for (const item of input.TransactItems ?? [])
        if (isAudit(item.Put) && item.Put) item.Put.ConditionExpression = 'attribute_exists(PK)';
      return next(args);
    },
    { step: 'initialize', name: 'failAuditWrite', priority: 'high' },
  );
}

const a = () => zone.departments[0]!.id;
const b = () => zone.departments[1]!.id;

describe('a settings save is one transaction: the settings and their audit event, all or nothing', () => {
  it('the needs routing and coordinator: a failed audit write leaves both unchanged', async () => {
    await setNeedRoutingSettings(deps, { table: { land: a() }, coordinatorId: zone.manager.id }, system);
    failAuditWrites();
    await expect(
      setNeedRoutingSettings(
        deps,
        { table: { land: b(), hiring: b() }, coordinatorId: zone.manager.id },
        system,
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(await getRouting(deps)).toEqual({ land: a() });
    expect(await getCoordinatorId(deps)).toBe(zone.manager.id);
  }, 60_000);

  it('the routing table alone (the JSON API): a failed audit write leaves it unchanged', async () => {
    failAuditWrites();
    await expect(setRouting(deps, { permits: b() }, system)).rejects.toBeInstanceOf(ConflictError);
    expect(await getRouting(deps)).toEqual({ land: a() });
  }, 60_000);

  it('the needs clocks: a failed audit write leaves the defaults in force', async () => {
    const changed = structuredClone(DEFAULT_CLOCKS);
    changed.consult.normal.resolveSimpleDays = 4;
    failAuditWrites();
    await expect(setClocks(deps, changed, system)).rejects.toBeInstanceOf(ConflictError);
    expect(await getClocks(deps)).toEqual(DEFAULT_CLOCKS);
  }, 60_000);

  it('and each save still stores its settings with the audit event when nothing fails', async () => {
    const changed = structuredClone(DEFAULT_CLOCKS);
    changed.consult.normal.resolveSimpleDays = 4;
    expect(await setClocks(deps, changed, system)).toEqual(changed);
    expect(await getClocks(deps)).toEqual(changed);
    await setRouting(deps, { permits: b() }, system);
    expect(await getRouting(deps)).toEqual({ permits: b() });
  }, 60_000);
});
