import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { STAGES } from '#shared/domain/stage.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { reportOnTask } from '#shared/lifecycle/complete.ts';
import { getEnterprise } from '#shared/store/enterprises.ts';
import { getExecution } from '#shared/store/executions.ts';
import { getTask, openTasksOf } from '#shared/store/tasks.ts';
import { makeZone, registration, system } from '../support/fixtures.ts';
import { completionOf, expectOpenWork } from '../support/lifecycle.ts';
import { testStack } from '../support/stack.ts';

// Mon 21 Sep 2026, 10:00 in Shanghai.
const START = new Date('2026-09-21T02:00:00Z');

describe('stopping the stack at random points', () => {
  it('50 lifecycles through 6 abrupt stops and restarts: all resume, no acknowledged completion lost, never two open tasks', async () => {
    const table = `restarts-${randomUUID()}`;
    // With AWS's transient failures injected all along.
    const faults = { rate: 0.03, injected: {} as Record<string, number> };
    let lambdaFaults = 0;
    let stack = await testStack({ table, clockStart: START, faults, retryIntervalMs: 20 });
    const zone = await makeZone(stack.deps, 'k');
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      ids.push(
        (
          await registerEnterprise(
            stack.deps,
            registration(zone, { name: `重启${i}有限公司`, signedAt: '2026-09-01' }),
            system,
          )
        ).id,
      );
    }
    await stack.engine.idle();
    const acknowledged: { enterpriseId: string; taskId: string }[] = [];
    let random = 42;
    const next = () => {
      random = (random * 1_103_515_245 + 12_345) % 2 ** 31;
      return random / 2 ** 31;
    };
    for (let round = 0; round < 6; round++) {
      // Officers report on some tasks while the stack is stopped under them at a random moment.
      const work = ids
        .filter(() => next() < 0.3)
        .map(async (enterpriseId) => {
          try {
            const [task] = await openTasksOf(stack.deps.db, enterpriseId);
            if (!task) return;
            const today = stack.deps.calendar.localDate(stack.clock.now());
            const result = await reportOnTask(
              stack.deps,
              { enterpriseId, taskId: task.id },
              completionOf(task, today),
              { channel: 'email-link' },
            );
            if (result.kind === 'completed') acknowledged.push({ enterpriseId, taskId: task.id });
          } catch {
            /* cut off by the stop: not acknowledged to the officer, so they would try again */
          }
        });
      // Stop once a couple of reports went through (however slow the machine), at a random moment after that.
      const before = acknowledged.length;
      const deadline = Date.now() + 10_000;
      while (acknowledged.length < before + 2 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 2));
      await new Promise((r) => setTimeout(r, Math.floor(next() * 60)));
      lambdaFaults += stack.engine.counters.faults;
      await stack.stop();
      await Promise.allSettled(work);
      stack = await testStack({ table, faults, retryIntervalMs: 20 });
      expect(stack.resumed).toBeGreaterThan(0);
      stack.clock.advance('PT6H');
    }
    try {
      await stack.engine.idle(120_000);
      for (const id of ids) {
        // Never two open tasks for one thing: one for the stage, or one per approval still due.
        await expectOpenWork(stack.deps.db, id, expect);
        const enterprise = (await getEnterprise(stack.deps.db, id))!;
        expect(enterprise.lifecycle?.status).toBe('running');
        const execution = await getExecution(
          stack.deps.db,
          `aftercare-lifecycle/${id}-g${enterprise.lifecycle?.generation}`,
        );
        expect(execution?.status).toBe('RUNNING');
      }
      expect(acknowledged.length).toBeGreaterThan(10);
      // The faults were there all along.
      expect(Object.values(faults.injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(lambdaFaults + stack.engine.counters.faults).toBeGreaterThan(0);
      for (const { enterpriseId, taskId } of acknowledged) {
        const task = await getTask(stack.deps.db, enterpriseId, taskId);
        expect(task?.status).toBe('completed');
        const enterprise = await getEnterprise(stack.deps.db, enterpriseId);
        if (task?.milestone) {
          expect(STAGES.indexOf(enterprise!.stage)).toBeGreaterThanOrEqual(STAGES.indexOf(task.milestone));
        }
      }
    } finally {
      await stack.drop();
    }
  }, 240_000);
});
