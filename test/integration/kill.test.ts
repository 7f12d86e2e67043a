import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { DEMO_DOMAIN, SEEDED_ENTERPRISES as SEEDED } from '#local/seed.ts';
import { createDb } from '#shared/store/db.ts';
import { getEnterprise } from '#shared/store/enterprises.ts';
import { getExecution } from '#shared/store/executions.ts';
import { listStaff } from '#shared/store/organisation.ts';
import { getTask } from '#shared/store/tasks.ts';
import { Client, csrfFrom, outbox, signIn } from '../support/client.ts';
import { expectOpenWork } from '../support/lifecycle.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const table = `kill-${randomUUID()}`;
const dataDir = mkdtempSync(join(tmpdir(), 'aftercare-kill-'));
let child: ChildProcess | undefined;

/** `npm start`'s own entry point in a process of its own, on the run's DynamoDB Local. */
async function startChild(): Promise<string> {
  child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      TABLE_NAME: table,
      DATA_DIR: dataDir,
      CLOCK_START: '2026-11-25T02:00:00Z',
      LOG_LEVEL: 'ERROR',
      // AWS's transient failures, injected all along.
      FAULT_RATE: '0.03',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /home\s+(http:\/\/localhost:\d+)\//.exec(out)?.[1];
      if (url) resolve(url);
    });
    child!.once('exit', (code) => reject(new Error(`stack exited (${code}) before it was ready: ${out}`)));
  });
}

function kill(): Promise<void> {
  const c = child;
  if (!c || c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  });
}

afterAll(async () => {
  await kill();
});

describe('SIGKILL at random moments', () => {
  it('50 lifecycles (the seeded zone and 38 more), the process killed 4 times mid-work: all resume, no acknowledged completion lost, never two open tasks', async () => {
    let url = await startChild();
    const manager = new Client(url);
    await signIn(manager, `chen.zhiyuan@${DEMO_DOMAIN}`);
    const form = await manager.page('/console/enterprises/new');
    const db = createDb({ table, region: 'local', endpoint: inject('dynamoEndpoint') });
    const officer = (await listStaff(db)).find((s) => s.role === 'officer')!;
    // The seeded zone's lifecycles (12 signed projects, one of them stopped, and a lead in talks), and 38 more.
    for (let i = 0; i < 38; i++) {
      const res = await manager.request('/console/enterprises', {
        form: {
          _csrf: csrfFrom(form),
          name: `强杀测试${i}有限公司`,
          investor: '测试集团',
          industryChain: '新材料',
          contractedInvestment: '1000',
          signedAt: '2026-11-20',
          'lead.departmentId': officer.departmentId,
          'lead.staffId': officer.id,
          serviceOfficerId: officer.id,
          'contacts.0.name': '联系人',
          'contacts.0.phone': '13800138000',
          'contacts.0.email': `k${i}@kill.example.cn`,
        },
      });
      expect(res.status).toBe(303);
    }
    const acknowledged: { enterpriseId: string; taskId: string }[] = [];
    let random = 7;
    const next = () => {
      random = (random * 1_103_515_245 + 12_345) % 2 ** 31;
      return random / 2 ** 31;
    };
    for (let round = 0; round < 4; round++) {
      const mails = (await outbox(url)).filter((m) => m.links.some((l) => l.includes('/task?')));
      const links = [...new Set(mails.map((m) => m.links.find((l) => l.includes('/task?'))!))].filter(
        () => next() < 0.4,
      );
      const work = links.map(async (link) => {
        try {
          const officerClient = new Client(url);
          const u = new URL(link);
          const page = await officerClient.page(`${u.pathname}${u.search}`).catch(() => '');
          const t = /name="t" value="([^"]+)"/.exec(page)?.[1];
          if (!t || !page.includes('name="outcome"')) return;
          const res = await officerClient.submit('/task', {
            t,
            outcome: 'milestone',
            'milestone.actualDate': '2026-11-25',
          });
          if (res.status === 303) {
            const subject = JSON.parse(Buffer.from(t.split('.')[0]!, 'base64url').toString()).s as string;
            const [enterpriseId, taskId] = subject.split('/');
            acknowledged.push({ enterpriseId: enterpriseId!, taskId: taskId! });
          }
        } catch {
          /* the process was killed under this request: not acknowledged, the officer would retry */
        }
      });
      // Kill once a couple of reports went through (however slow the machine), at a random moment after that:
      // the rest are in flight.
      const before = acknowledged.length;
      const deadline = Date.now() + 10_000;
      while (acknowledged.length < before + Math.min(2, links.length) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise((r) => setTimeout(r, Math.floor(next() * 100)));
      await kill();
      await Promise.allSettled(work);
      url = await startChild();
    }

    // Let the restarted stack settle, then look at the table directly.
    await new Promise((r) => setTimeout(r, 3000));
    await kill();
    const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
    const out = await db.doc.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: '#t = :e',
        ExpressionAttributeNames: { '#t': 'type' },
        ExpressionAttributeValues: { ':e': 'Enterprise' },
      }),
    );
    const enterprises = out.Items ?? [];
    expect(enterprises.length).toBe(SEEDED + 38);
    for (const e of enterprises) {
      // Never two open tasks for one thing: one for the stage, or one per approval still due.
      await expectOpenWork(db, String(e.id), expect);
      const enterprise = await getEnterprise(db, String(e.id));
      // Its lifecycle is running again (resumed from the table by the last start); a stopped project's ended.
      const execution = await getExecution(
        db,
        `aftercare-lifecycle/${e.id}-g${enterprise?.lifecycle?.generation}`,
      );
      expect(execution?.status).toBe(enterprise?.status === 'exited' ? 'SUCCEEDED' : 'RUNNING');
    }
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { enterpriseId, taskId } of acknowledged) {
      expect((await getTask(db, enterpriseId, taskId))?.status).toBe('completed');
    }
    db.doc.destroy();
  }, 180_000);
});
