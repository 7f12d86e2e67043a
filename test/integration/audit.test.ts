import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '#shared/domain/errors.ts';
import { reassignOfficer } from '#shared/enterprises/manage.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { reportOnTask } from '#shared/lifecycle/complete.ts';
import { auditItem } from '#shared/store/audit.ts';
import { getEnterpriseFile } from '#shared/store/enterprises.ts';
import { openTasksOf } from '#shared/store/tasks.ts';
import { transact } from '#shared/store/write.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-11-25T02:00:00Z') });
  zone = await makeZone(stack.deps);
}, 60_000);
afterAll(async () => stack.drop());

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('the audit trail', () => {
  it('records who, when, what and from which channel for every change of a walk-through', async () => {
    const e = await registerEnterprise(stack.deps, registration(zone), system);
    await stack.engine.idle();
    const by = { actor: { kind: 'staff' as const, id: zone.manager.id }, channel: 'web' as const };
    await reassignOfficer(stack.deps, e.id, { serviceOfficerId: zone.otherOfficer.id }, by);
    const [task] = await openTasksOf(stack.deps.db, e.id);
    await reportOnTask(
      stack.deps,
      { enterpriseId: e.id, taskId: task!.id },
      { outcome: 'milestone', actualDate: '2026-11-25' },
      { channel: 'email-link' },
    );
    await stack.engine.idle();
    const { timeline } = (await getEnterpriseFile(stack.deps.db, e.id))!;
    const actions = timeline.map((a) => a.action);
    for (const expected of [
      'enterprise.registered',
      'enterprise.reassigned',
      'task.opened',
      'task.completed',
      'enterprise.stageReached',
    ]) {
      expect(actions).toContain(expected);
    }
    for (const event of timeline) {
      expect(event.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(event.actor.kind).toMatch(/staff|enterprise|system/);
      expect(event.channel).toBeTruthy();
    }
    expect(timeline.find((a) => a.action === 'enterprise.reassigned')).toMatchObject({
      actor: { kind: 'staff', id: zone.manager.id },
      channel: 'web',
    });
    expect(timeline.find((a) => a.action === 'task.completed')).toMatchObject({
      actor: { kind: 'staff', id: zone.otherOfficer.id },
      channel: 'email-link',
    });
  });

  it('cannot be overwritten: an event with an existing id is refused and the stored one is unchanged', async () => {
    const e = await registerEnterprise(
      stack.deps,
      registration(zone, { name: '审计不可改有限公司' }),
      system,
    );
    const [first] = (await getEnterpriseFile(stack.deps.db, e.id))!.timeline;
    const forged = { ...first!, action: 'enterprise.closed', details: { forged: true } };
    await expect(transact(stack.deps.db, [auditItem(stack.deps.db, forged)])).rejects.toBeInstanceOf(
      ConflictError,
    );
    const [again] = (await getEnterpriseFile(stack.deps.db, e.id))!.timeline;
    expect(again).toEqual(first);
  });

  it('is written in one place only, as new items, and no code updates or deletes it', () => {
    const root = join(import.meta.dirname, '..', '..');
    const writers = [
      ...sources(join(root, 'shared')),
      ...sources(join(root, 'functions')),
      ...sources(join(root, 'infra')),
    ]
      .filter((f) => /keys\.audit\(|['`]AUDIT#/.test(readFileSync(f, 'utf8')))
      .map((f) => f.slice(root.length + 1));
    // The store builds audit items (putNew: attribute_not_exists); the enterprise file only reads them.
    expect(writers.sort()).toEqual([
      'shared/store/audit.ts',
      'shared/store/enterprises.ts',
      'shared/store/keys.ts',
    ]);
    expect(readFileSync(join(root, 'shared/store/audit.ts'), 'utf8')).toContain('putNew(');
  });
});
