import { describe, expect, it } from 'vitest';
import { releaseWait } from '#shared/workflows/release.ts';
import type { Workflows } from '#shared/workflows/workflows.ts';

function workflows(failures: number) {
  const sent: string[] = [];
  let calls = 0;
  const w = {
    sendTaskSuccess: async (token: string) => {
      if (calls++ < failures) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      sent.push(token);
      return 'delivered' as const;
    },
  } as unknown as Workflows;
  return { w, sent, calls: () => calls };
}

describe('releasing a wait after the change is stored', () => {
  it('retries a failing release until it goes through', async () => {
    const { w, sent } = workflows(2);
    await releaseWait({ workflows: w }, async () => 'token-1', { taskId: 't' });
    expect(sent).toEqual(['token-1']);
  });

  it('never fails the request whose change is stored, however often the release fails', async () => {
    const { w, sent, calls } = workflows(Number.POSITIVE_INFINITY);
    await expect(
      releaseWait({ workflows: w }, async () => 'token-1', { taskId: 't' }),
    ).resolves.toBeUndefined();
    expect(sent).toEqual([]);
    expect(calls()).toBe(5);
  });

  it('reads the token again on each try (a new wait may have stored a newer one)', async () => {
    const { w, sent } = workflows(1);
    const tokens = ['old', 'new'];
    await releaseWait({ workflows: w }, async () => tokens.shift(), { taskId: 't' });
    expect(sent).toEqual(['new']);
  });
});
