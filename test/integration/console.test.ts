import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { readFirstSheet } from '#shared/spreadsheets/workbook.ts';
import { getScores } from '#shared/store/scores.ts';
import { openTasksOf } from '#shared/store/tasks.ts';
import { reportOnTask } from '#shared/tasks/complete.ts';
import { Client, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;
let manager: Client;

// Mon 15 June 2026, 10:00 in Shanghai: the first half of the year.
const START = new Date('2026-06-15T02:00:00Z');

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
  manager = new Client(stack.url);
  await signIn(manager, zone.manager.email);
}, 60_000);
afterAll(async () => stack.drop());

async function download(client: Client, path: string) {
  const res = await client.request(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.xlsx"$/);
  return readFirstSheet(Buffer.from(await res.arrayBuffer()));
}

describe('the department scoreboard', () => {
  it('counts projects brought in, contracted investment, funds and tasks in the same writes as the changes', async () => {
    const [lead] = zone.departments;
    const e = await registerEnterprise(
      stack.deps,
      registration(zone, { signedAt: '2026-03-02', contractedInvestment: 600, planned: {} }),
      system,
    );
    await stack.engine.idle();
    const [task] = await openTasksOf(stack.deps.db, e.id);
    const today = stack.deps.calendar.localDate(stack.clock.now());
    await reportOnTask(
      stack.deps,
      { enterpriseId: e.id, taskId: task!.id },
      { outcome: 'milestone', actualDate: today, fundsInPlace: 250 },
      { channel: 'web' },
    );
    await stack.engine.idle();
    const scores = await getScores(stack.deps.db, [lead!.id], ['2026-H1', '2026-H2']);
    expect(scores.get(`${lead!.id}|2026-H1`)).toEqual({
      broughtIn: 1,
      contracted: 600,
      fundsArrived: 250,
      tasksCompleted: 1,
      tasksOnTime: 1,
    });
    expect(scores.has(`${lead!.id}|2026-H2`)).toBe(false);
  });

  it('lets a manager set a target, then shows the shares and the mid-year check, and exports them', async () => {
    const [lead] = zone.departments;
    let page = await manager.page('/console/scoreboard');
    expect(page).toContain('<svg');
    expect(page).toContain('未设目标');
    // Bad input: field errors, nothing saved.
    const bad = await manager.submit('/console/scoreboard/targets', {
      departmentId: lead!.id,
      year: '2026',
      contractedInvestment: '-5',
      fundsInPlace: 'abc',
    });
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain('id="f-contractedInvestment-error"');
    expect(badPage).toContain('id="f-fundsInPlace-error"');
    page = await manager.page('/console/scoreboard');
    const saved = await manager.submit('/console/scoreboard/targets', {
      departmentId: lead!.id,
      year: '2026',
      contractedInvestment: '1000',
      fundsInPlace: '400',
    });
    expect(saved.status).toBe(303);
    page = await manager.page('/console/scoreboard?year=2026');
    const row = new RegExp(`data-department="${lead!.id}">(.*?)</tr>`).exec(page)?.[1] ?? '';
    expect(row).toContain('600 / 1,000 (60%)');
    expect(row).toContain('250 / 400 (63%)');
    expect(row).toContain('已过半');

    const sheet = await download(manager, '/console/scoreboard.xlsx?year=2026');
    expect(sheet.headers[0]).toBe('部门');
    const leadRow = sheet.rows.find((r) => r.values.部门 === lead!.name);
    expect(leadRow?.values).toMatchObject({
      引进项目: '1',
      '合同投资（万元）': '600',
      '合同投资目标（万元）': '1000',
      '合同投资完成率（%）': '60',
      '到位资金（万元）': '250',
      '“双过半”': '已过半',
    });
    expect(sheet.rows.at(-1)?.values.部门).toBe('全区合计');
  });

  it('is for heads and managers; only managers set targets', async () => {
    const head = new Client(stack.url);
    await signIn(head, zone.head.email);
    expect(await head.page('/console/scoreboard')).not.toContain('/console/scoreboard/targets');
    const refused = await head.submit('/console/scoreboard/targets', {
      departmentId: zone.departments[0]!.id,
      year: '2026',
      contractedInvestment: '1',
      fundsInPlace: '1',
    });
    expect(refused.status).toBe(403);
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    expect((await officer.request('/console/scoreboard')).status).toBe(403);
    expect((await officer.request('/console/scoreboard.xlsx')).status).toBe(403);
  });
});

describe('exports', () => {
  it('downloads the board and the pipeline as .xlsx in the reader’s language', async () => {
    const board = await download(manager, '/console/board.xlsx?lang=en');
    expect(board.headers).toContain('Working days overdue');
    expect(board.rows.length).toBeGreaterThan(0);
    // The language chosen stays chosen (a cookie), for downloads too.
    const pipeline = await download(manager, '/console/pipeline.xlsx');
    expect(pipeline.rows.map((r) => r.values.Enterprises)).toEqual(['0', '1', '0', '0', '0', '0']);
  });
});
