import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { getEnterpriseFile } from '#shared/store/enterprises.ts';
import { openTasksOf } from '#shared/store/tasks.ts';
import { Client, outbox } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/**
 * Issue 14, item 1: a progress report dated 9999-12-31 made the next reminder step walk millions of days and
 * stopped the server. Such a report is now refused at the door (400, a field error, nothing stored).
 */
type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;
let enterpriseId: string;
let link: string;
let token: string;

// Mon 21 Sep 2026, 10:00 in Shanghai.
const START = new Date('2026-09-21T02:00:00Z');

/** The subject (`enterpriseId/taskId`) a task link is signed for. */
function subjectOf(url: string): string {
  const t = new URL(url).searchParams.get('t') ?? '';
  return JSON.parse(Buffer.from(t.split('.')[0]!, 'base64url').toString()).s;
}

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
  const e = await registerEnterprise(
    stack.deps,
    registration(zone, { name: '远期日期测试有限公司', signedAt: '2026-09-01', planned: {} }),
    system,
  );
  await stack.engine.idle();
  enterpriseId = e.id;
  const [task] = await openTasksOf(stack.deps.db, e.id);
  const mail = (await outbox(stack.url)).find((m) =>
    m.links.some((l) => l.includes('/task?') && subjectOf(l).startsWith(`${e.id}/${task!.id}/`)),
  );
  const url = new URL(mail!.links.find((l) => l.includes('/task?'))!);
  link = `${url.pathname}${url.search}`;
  token = url.searchParams.get('t')!;
}, 60_000);
afterAll(async () => stack.drop());

describe('far dates and huge amounts on the task page', () => {
  for (const date of ['9999-12-31', '1900-01-01']) {
    it(`answers a progress report dated ${date} with 400 and a field error, and stores nothing`, async () => {
      const before = await getEnterpriseFile(stack.deps.db, enterpriseId);
      const client = new Client(stack.url);
      await client.page(link);
      const res = await client.submit('/task', {
        t: token,
        outcome: 'progress',
        'progress.expectedDate': date,
        'progress.reason': '等待工商核名',
      });
      expect(res.status).toBe(400);
      const page = await res.text();
      expect(page).toMatch(/id="f-progress-expectedDate-error"[^>]*>日期须在 2000-01-01 至 2100-12-31 之间/);
      await stack.engine.idle();
      expect(await getEnterpriseFile(stack.deps.db, enterpriseId)).toEqual(before);
    });
  }

  it('answers a milestone report with 10^15 万元 in place with 400 and a field error, and stores nothing', async () => {
    const before = await getEnterpriseFile(stack.deps.db, enterpriseId);
    const client = new Client(stack.url);
    await client.page(link);
    const res = await client.submit('/task', {
      t: token,
      outcome: 'milestone',
      'milestone.actualDate': '2026-09-21',
      'milestone.fundsInPlace': String(10 ** 15),
    });
    expect(res.status).toBe(400);
    // Funds are never taken on a task report (they come with evidence): refused, whatever the amount.
    expect(await res.text()).toMatch(
      /id="f-milestone-fundsInPlace-error"[^>]*> 到位资金须附到位凭证另行报送/,
    );
    await stack.engine.idle();
    expect(await getEnterpriseFile(stack.deps.db, enterpriseId)).toEqual(before);
  });

  it('still takes a report within the window', async () => {
    const client = new Client(stack.url);
    await client.page(link);
    const res = await client.submit('/task', {
      t: token,
      outcome: 'progress',
      'progress.expectedDate': '2027-03-01',
      'progress.reason': '等待工商核名',
    });
    expect(res.status).toBe(303);
    const [task] = await openTasksOf(stack.deps.db, enterpriseId);
    // A request to move the due date there, until approved (issue 14 item 9).
    expect(task!.move?.to).toBe('2027-03-01T09:30:00.000Z');
  });
});
