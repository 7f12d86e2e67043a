import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLocalStack } from '#infra/local/stack.ts';
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
});
