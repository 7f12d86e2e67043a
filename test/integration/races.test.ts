import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pauseEnterprise } from '#shared/enterprises/manage.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { openStep } from '#shared/lifecycle/flow/open-step.ts';
import { waitStep } from '#shared/lifecycle/flow/wait-step.ts';
import type { Mail, Mailer } from '#shared/mail/mailer.ts';
import { resolveNeed, signFor } from '#shared/needs/answer.ts';
import { createNeed } from '#shared/needs/create.ts';
import { requestExtension } from '#shared/needs/extension.ts';
import { needOpenStep } from '#shared/needs/flow/open-step.ts';
import { needWaitStep } from '#shared/needs/flow/wait-step.ts';
import { setRouting } from '#shared/needs/routing.ts';
import { getNeed } from '#shared/store/needs.ts';
import { freshDb } from '../support/db.ts';
import {
  makeZone,
  manualClock,
  recordingWorkflows,
  registration,
  storeDeps,
  system,
  type Zone,
} from '../support/fixtures.ts';

let db: Awaited<ReturnType<typeof freshDb>>;
const clock = manualClock('2026-12-02T02:00:00Z');
let zone: Zone;
const sent: Mail[] = [];
/** Runs once, inside the next send: an action that lands while a step is mailing. */
let duringSend: (() => Promise<void>) | undefined;
const mailer: Mailer = {
  async send(mail) {
    const action = duringSend;
    duringSend = undefined;
    await action?.();
    sent.push(mail);
    return { id: String(sent.length) };
  },
};
const workflows = recordingWorkflows();
const deps = () => storeDeps({ db, clock, mailer, workflows });

beforeAll(async () => {
  db = await freshDb();
  zone = await makeZone(deps());
  // Permits go to the first department, whose head owns them (a need with no route would go to the coordinator).
  await setRouting(deps(), { permits: zone.departments[0]!.id }, system);
});
afterAll(async () => db.drop());

/** An enterprise's need from its portal, signed for by its owner (the answer is due). */
async function signedNeed(name: string) {
  const e = await registerEnterprise(deps(), registration(zone, { name, signedAt: '2026-11-20' }), system);
  const need = await createNeed(
    deps(),
    e,
    {
      category: 'permits',
      title: '施工许可',
      description: '请协助。',
      contactName: '沈',
      contactPhone: '13800138001',
    },
    { actor: { kind: 'enterprise', id: e.id }, channel: 'portal' },
  );
  const ids = { enterpriseId: e.id, needId: need.id };
  await signFor(deps(), ids, { committedDate: '2026-12-10' }, ownerActs());
  return { e, need, ids };
}

/** The need's owner: the routed department's head. */
const ownerActs = () => ({
  actor: { kind: 'staff' as const, id: zone.head.id },
  channel: 'email-link' as const,
});

describe('a need’s phases announced while people act', () => {
  it('announces the next phase even when it began while the last one was being announced', async () => {
    const { e, need, ids } = await signedNeed('一号有限公司');
    const state = {
      enterpriseId: e.id,
      needId: need.id,
      generation: 1,
      startedAt: clock.now().toISOString(),
      cycles: 0,
    };

    // The workflow announces the committed phase (the answer is due); while its mail is being sent, the owner answers.
    duringSend = async () => {
      expect((await resolveNeed(deps(), ids, { answer: '已办结，请查收。' }, ownerActs())).kind).toBe('done');
    };
    await needOpenStep(deps(), state);
    const resolved = await getNeed(db, e.id, need.id);
    expect(resolved?.status).toBe('resolved');
    // The late record of the committed phase's mail did not mark the rating phase as announced…
    expect(resolved?.notified).toEqual([]);
    // …so the workflow's next step asks the enterprise to rate the answer.
    const before = sent.length;
    await needOpenStep(deps(), state);
    expect(
      sent
        .slice(before)
        .map((m) => m.subject)
        .join('\n'),
    ).toMatch(/请评价/);
  });

  it('re-plans when an action keeps the status but lands between the plan and the wait', async () => {
    const { e, need, ids } = await signedNeed('二号有限公司');
    const start = {
      enterpriseId: e.id,
      needId: need.id,
      generation: 1,
      startedAt: clock.now().toISOString(),
      cycles: 0,
    };
    const planned = await needOpenStep(deps(), start);
    // The owner asks for more time before the wait has kept its token: the request's release finds none.
    expect(
      (await requestExtension(deps(), ids, { extendTo: '2026-12-20', reason: '材料待补' }, ownerActs())).kind,
    ).toBe('done');
    const released = workflows.released.length;
    const { waiting } = await needWaitStep(deps(), { taskToken: 'token-after-the-request', state: planned });
    // The wait does not hold on to the old plan: it lets the workflow re-plan at once.
    expect(waiting).toBe(false);
    expect(workflows.released.slice(released).map((r) => r.token)).toEqual(['token-after-the-request']);
  });
});

describe('a lifecycle’s wait and a manager’s change', () => {
  it('re-plans when a pause lands between the plan and the wait', async () => {
    const e = await registerEnterprise(
      deps(),
      registration(zone, { name: '暂停竞态有限公司', signedAt: '2026-11-20' }),
      system,
    );
    const planned = await openStep(deps(), {
      phase: 'Signed',
      startedAt: clock.now().toISOString(),
      state: { enterpriseId: e.id, generation: 1, phase: 'Signed' },
    });
    expect(planned.taskId).toBeTruthy();
    // The manager pauses the enterprise before the wait has kept its token: the pause's release finds none.
    await pauseEnterprise(
      deps(),
      e.id,
      { reason: '企业暂缓建设' },
      { actor: { kind: 'staff', id: zone.manager.id }, channel: 'web' },
    );
    const released = workflows.released.length;
    const { waiting } = await waitStep(deps(), { taskToken: 'token-after-the-pause', state: planned });
    // Not waiting on a plan made before the pause (its reminders would go on): the workflow re-plans at once.
    expect(waiting).toBe(false);
    expect(workflows.released.slice(released).map((r) => r.token)).toEqual(['token-after-the-pause']);
  });
});
