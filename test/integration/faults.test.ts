import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamo } from '#local/dynamodb.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import type { Mailer } from '#shared/mail/mailer.ts';
import { createNeed } from '#shared/needs/create.ts';
import { claimCalendarReminder } from '#shared/store/calendar.ts';
import { getEnterprise, getEnterpriseFile } from '#shared/store/enterprises.ts';
import { queuedCount } from '#shared/store/mail-queue.ts';
import { Client, csrfFrom, outbox, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;
let manager: Client;

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-11-25T02:00:00Z') });
  // The managers' once-a-year mail about 2027's missing arrangement is not what these tests count.
  await claimCalendarReminder(stack.deps.db, 2027, stack.clock.now());
  zone = await makeZone(stack.deps);
  manager = new Client(stack.url);
  await signIn(manager, zone.manager.email);
}, 60_000);
afterAll(async () => stack.drop());

/** The mail server, unreachable while `down` (as nodemailer reports a refused connection). */
function breakableMailer(inner: Mailer) {
  const state = { down: false, refused: 0 };
  const mailer: Mailer = {
    async send(mail) {
      if (state.down) {
        state.refused++;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:587'), { code: 'ECONNREFUSED' });
      }
      return inner.send(mail);
    },
  };
  return { mailer, state };
}

describe('faults', () => {
  it('mail server down: workflows carry on, every mail is kept and delivered when it is back, managers see the backlog', async () => {
    const working = stack.deps.mailer;
    const { mailer, state } = breakableMailer(working);
    stack.deps.mailer = mailer;
    const before = (await outbox(stack.url)).length;
    state.down = true;
    const names = ['停机一号有限公司', '停机二号有限公司', '停机三号有限公司'];
    const ids: string[] = [];
    for (const name of names) {
      const e = await registerEnterprise(stack.deps, registration(zone, { name }), system);
      ids.push(e.id);
      await createNeed(
        stack.deps,
        e,
        {
          category: 'permits',
          title: '停机期间的诉求',
          description: '请协助。',
          contactName: '沈一鸣',
          contactPhone: '13800138001',
        },
        system,
      );
    }
    await stack.engine.idle();
    expect(state.refused).toBeGreaterThan(0);
    expect((await outbox(stack.url)).length).toBe(before);
    const queued = await queuedCount(stack.deps.db);
    // Per enterprise: the task mail, the contact's portal link, the need owner's mail.
    expect(queued).toBe(names.length * 3);
    for (const id of ids) expect((await getEnterprise(stack.deps.db, id))?.lifecycle?.status).toBe('running');
    expect(stack.engine.counters.failed).toBe(0);

    // Still down after 40 minutes: retried, still kept, and the board says so.
    stack.clock.advance('PT40M');
    await stack.sweep();
    expect(await queuedCount(stack.deps.db)).toBe(queued);
    const board = await manager.page('/console');
    expect(board).toContain(`data-mail-backlog="${queued}"`);

    // Back: the next sweep delivers every one, once.
    state.down = false;
    stack.clock.advance('PT15M');
    await stack.sweep();
    expect(await queuedCount(stack.deps.db)).toBe(0);
    const delivered = (await outbox(stack.url)).slice(0, (await outbox(stack.url)).length - before);
    expect(delivered).toHaveLength(queued);
    for (const name of names)
      expect(delivered.filter((m) => m.subject.includes(name)).length).toBeGreaterThanOrEqual(2);
    expect(await manager.page('/console')).not.toContain('data-mail-backlog');
    stack.deps.mailer = working;
  });

  it('DynamoDB unreachable mid-request: a clear 503 page, nothing stored half-way, and the same request succeeds after', async () => {
    const e = await registerEnterprise(
      stack.deps,
      registration(zone, { name: '数据库中断有限公司' }),
      system,
    );
    await stack.engine.idle();
    const page = await manager.page(`/console/enterprises/${e.id}`);
    const csrf = csrfFrom(page);
    const eventsBefore = (await getEnterpriseFile(stack.deps.db, e.id))!.timeline.length;
    // Let the request read what it needs, then fail every write (as when the database goes away mid-request).
    let failing = true;
    stack.deps.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (failing && /Transact|Put|Update|Delete/.test(String(context.commandName))) {
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'faultInjection' },
    );
    const form = { _csrf: csrf, serviceOfficerId: zone.otherOfficer.id };
    const refused = await manager.request(`/console/enterprises/${e.id}/reassign`, { form });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.text()).toContain('服务暂时不可用');
    failing = false;
    const after = (await getEnterpriseFile(stack.deps.db, e.id))!;
    expect(after.enterprise.serviceOfficerId).toBe(zone.officer.id);
    expect(after.timeline).toHaveLength(eventsBefore);
    const retried = await manager.request(`/console/enterprises/${e.id}/reassign`, { form });
    expect(retried.status).toBe(303);
    expect((await getEnterprise(stack.deps.db, e.id))?.serviceOfficerId).toBe(zone.otherOfficer.id);
    stack.deps.db.doc.middlewareStack.remove('faultInjection');
  });
});

describe('a real SMTP server going down', () => {
  it('keeps every mail made while it is down and delivers each once when it is back on the same port', async () => {
    const received: { to: string[]; raw: string }[] = [];
    const listen = (port: number) =>
      new Promise<SMTPServer>((resolve) => {
        const server = new SMTPServer({
          authOptional: true,
          disabledCommands: ['STARTTLS'],
          onData(stream, session, callback) {
            const chunks: Buffer[] = [];
            stream.on('data', (c: Buffer) => chunks.push(c));
            stream.on('end', () => {
              received.push({
                to: session.envelope.rcptTo.map((r) => r.address),
                raw: Buffer.concat(chunks).toString(),
              });
              callback();
            });
          },
        });
        server.listen(port, '127.0.0.1', () => resolve(server));
      });
    const close = (server: SMTPServer) => new Promise<void>((resolve) => server.close(() => resolve()));
    let server = await listen(0);
    const port = (server.server.address() as AddressInfo).port;
    const smtp = await testStack({
      clockStart: new Date('2026-11-25T02:00:00Z'),
      smtpUrl: `smtp://127.0.0.1:${port}`,
    });
    try {
      await claimCalendarReminder(smtp.deps.db, 2027, smtp.clock.now());
      const z = await makeZone(smtp.deps, 'smtp');
      await close(server);
      const ids = [];
      for (const name of ['邮件停机甲有限公司', '邮件停机乙有限公司']) {
        ids.push((await registerEnterprise(smtp.deps, registration(z, { name }), system)).id);
      }
      await smtp.engine.idle();
      // Each: the officer's task mail and the contact's portal link, kept.
      expect(await queuedCount(smtp.deps.db)).toBe(4);
      expect(received).toEqual([]);
      for (const id of ids)
        expect((await getEnterprise(smtp.deps.db, id))?.lifecycle?.status).toBe('running');

      server = await listen(port);
      smtp.clock.advance('PT10M');
      await smtp.sweep();
      expect(await queuedCount(smtp.deps.db)).toBe(0);
      expect(received).toHaveLength(4);
      expect(received.flatMap((m) => m.to).sort()).toEqual(
        [z.officer.email, z.officer.email, 'shen@xintu.example.cn', 'shen@xintu.example.cn'].sort(),
      );
      await smtp.sweep();
      expect(received).toHaveLength(4); // once each
    } finally {
      await close(server).catch(() => undefined);
      await smtp.drop();
    }
  }, 60_000);
});

describe('DynamoDB Local itself stopped', () => {
  it('answers 503 while it is gone, stores nothing half-way, and the same form succeeds once it is back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aftercare-ddb-'));
    const port = 18_000 + Math.floor(Math.random() * 2000);
    let dynamo = await startDynamo({ port, dataDir });
    const own = await testStack({
      dynamoEndpoint: dynamo.endpoint,
      clockStart: new Date('2026-11-25T02:00:00Z'),
      table: `ddb-${Date.now()}`,
    });
    try {
      const z = await makeZone(own.deps, 'ddb');
      const e = await registerEnterprise(own.deps, registration(z, { name: '数据库停机有限公司' }), system);
      await own.engine.idle();
      const client = new Client(own.url);
      await signIn(client, z.manager.email);
      const page = await client.page(`/console/enterprises/${e.id}`);
      const form = { _csrf: csrfFrom(page), serviceOfficerId: z.otherOfficer.id };

      await dynamo.stop();
      const refused = await client.request(`/console/enterprises/${e.id}/reassign`, { form });
      expect(refused.status).toBe(503);
      expect(await refused.text()).toContain('服务暂时不可用');

      dynamo = await startDynamo({ port, dataDir });
      const stored = await getEnterprise(own.deps.db, e.id);
      expect(stored?.serviceOfficerId).toBe(z.officer.id); // nothing half-way
      const retried = await client.request(`/console/enterprises/${e.id}/reassign`, { form });
      expect(retried.status).toBe(303);
      expect((await getEnterprise(own.deps.db, e.id))?.serviceOfficerId).toBe(z.otherOfficer.id);
    } finally {
      await own.stop().catch(() => undefined);
      await dynamo.stop();
    }
  }, 120_000);
});
