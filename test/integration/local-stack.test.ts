import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { freePort } from '#local/dynamodb.ts';
import { startLocalStack } from '#local/stack.ts';
import { listStaff } from '#shared/store/organisation.ts';

function javaProcessesFor(dataDir: string): number {
  try {
    return execFileSync('pgrep', ['-f', `DynamoDBLocal.jar -dbPath ${dataDir}`], { encoding: 'utf8' })
      .trim()
      .split('\n').length;
  } catch {
    return 0;
  }
}

describe('npm start’s local stack', () => {
  it('keeps its data across restarts and leaves no Java process behind', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aftercare-restart-'));
    const first = await startLocalStack({ port: 0, dataDir });
    expect(first.seeded).toBe(true);
    const staff = (await listStaff(first.deps.db)).map((s) => s.id).sort();
    first.clock.advance('P2D');
    await fetch(`${first.url}/_local/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: 'PT1H' }),
    });
    const offset = first.clock.offset;
    expect(javaProcessesFor(join(dataDir, 'dynamodb'))).toBe(1);
    await first.stop();
    expect(javaProcessesFor(join(dataDir, 'dynamodb'))).toBe(0);

    const second = await startLocalStack({ port: 0, dataDir });
    try {
      expect(second.seeded).toBe(false);
      expect((await listStaff(second.deps.db)).map((s) => s.id).sort()).toEqual(staff);
      expect(second.clock.offset).toBe(offset); // the local clock does not jump back
      expect((await fetch(`${second.url}/`)).status).toBe(200);
    } finally {
      await second.stop();
    }
    expect(javaProcessesFor(join(dataDir, 'dynamodb'))).toBe(0);
  }, 60_000);

  it('answers 503 with Retry-After until it is ready, never a 500', async () => {
    const port = await freePort();
    const starting = startLocalStack({
      port,
      dynamoEndpoint: inject('dynamoEndpoint'),
      table: `ready-${randomUUID()}`,
      dataDir: mkdtempSync(join(tmpdir(), 'aftercare-ready-')),
    });
    let ready = false;
    void starting.finally(() => {
      ready = true;
    });
    const answers: { status: number; retryAfter: string | null }[] = [];
    while (!ready) {
      const res = await fetch(`http://localhost:${port}/`).catch(() => undefined);
      if (res) answers.push({ status: res.status, retryAfter: res.headers.get('retry-after') });
      await new Promise((r) => setTimeout(r, 20));
    }
    const stack = await starting;
    try {
      // Seeding the demo zone takes a few seconds, during which the port is open.
      expect(answers.filter((a) => a.status === 503).length).toBeGreaterThan(0);
      // Then it answers (the last requests may already be served before startLocalStack returns).
      expect(answers.filter((a) => a.status !== 503 && a.status !== 200)).toEqual([]);
      const firstOk = answers.findIndex((a) => a.status === 200);
      if (firstOk >= 0) expect(answers.slice(firstOk).every((a) => a.status === 200)).toBe(true);
      expect(answers.every((a) => a.status !== 503 || a.retryAfter === '1')).toBe(true);
      expect((await fetch(`${stack.url}/`)).status).toBe(200);
    } finally {
      await stack.stop();
    }
  }, 60_000);

  it('listens on loopback only, so no one on the network reads the outbox or moves the clock', async () => {
    const stack = await startLocalStack({
      port: 0,
      dynamoEndpoint: inject('dynamoEndpoint'),
      table: `loopback-${randomUUID()}`,
      dataDir: mkdtempSync(join(tmpdir(), 'aftercare-loopback-')),
      seed: false,
    });
    try {
      expect(stack.address).toBe('127.0.0.1');
      expect((await fetch(`${stack.url}/_local/outbox`)).status).toBe(200);
      const port = new URL(stack.url).port;
      const outside = Object.values(networkInterfaces())
        .flat()
        .filter((i) => i && !i.internal && i.family === 'IPv4');
      for (const i of outside) {
        await expect(fetch(`http://${i?.address}:${port}/_local/outbox`)).rejects.toThrow();
      }
    } finally {
      await stack.stop();
    }
  });
});
