import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { loadScoreboard } from '#shared/scoreboard/scoreboard.ts';
import { setAnnualTarget, setUsdRate } from '#shared/scoreboard/targets.ts';
import { fundsArrivedThisMonth } from '#shared/scoreboard/this-month.ts';
import { Client, signIn } from '../support/client.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

type Stack = Awaited<ReturnType<typeof testStack>>;

let stack: Stack;
let zone: Zone;

// Tue 14 July 2026, 10:00 in Shanghai: June closed on 7 July (its fifth working day), July still open.
const START = new Date('2026-07-14T02:00:00Z');

beforeAll(async () => {
  stack = await testStack({ clockStart: START });
  zone = await makeZone(stack.deps);
}, 60_000);
afterAll(async () => stack.drop());

/** The indicator of the department the projects are brought in by (the zone's has targets only where all have). */
const indicator = (board: Awaited<ReturnType<typeof loadScoreboard>>, key: string) =>
  board.departments.find((d) => d.id === zone.head.departmentId)!.indicators.find((i) => i.key === key)!;

describe('the zone’s indicators, from the writes that count them', () => {
  it('counts signings by tier, investor and origin, part-way milestones by their month, funds by their date', async () => {
    // An industrial project of ¥1.2bn by a listed 500强 investor from outside the province, registered part-way:
    // construction started in April, funds of 3,000 万元 in place as of 20 May.
    await registerEnterprise(
      stack.deps,
      registration(zone, {
        contractedInvestment: 120_000,
        signedAt: '2026-02-10',
        planned: {},
        profile: { fundsOrigin: 'outOfProvince', investorTags: ['china500', 'listed'] },
      }),
      system,
      {
        progress: {
          stage: 'constructionStarted',
          stageSince: '2026-04-08',
          actual: { registered: '2026-02-20', siteSecured: '2026-03-10', constructionStarted: '2026-04-08' },
          fundsInPlace: 3_000,
          fundsAsOf: '2026-05-20',
        },
      },
    );
    // A foreign service project of ¥60m signed in March.
    await registerEnterprise(
      stack.deps,
      registration(zone, {
        name: '新加坡服务有限公司',
        investor: 'SG Holdings',
        contractedInvestment: 6_000,
        signedAt: '2026-03-05',
        projectType: 'service',
        planned: {},
        profile: { fundsOrigin: 'foreign' },
      }),
      system,
      {
        progress: {
          stage: 'signed',
          stageSince: '2026-03-05',
          actual: {},
          fundsInPlace: 710,
          fundsAsOf: '2026-07-02',
        },
      },
    );
    const department = zone.head.departmentId;
    await setAnnualTarget(
      stack.deps,
      {
        departmentId: department,
        year: 2026,
        values: {
          contracted: 200_000,
          fundsArrived: 8_000,
          over1b: 1,
          foreignFunds: 400,
          reachedConstructionStarted: 4,
        },
      },
      system,
    );
    let board = await loadScoreboard(stack.deps, { year: 2026 });
    expect(board.atMonth).toBe('2026-07');
    expect(indicator(board, 'broughtIn').achieved).toBe(2);
    expect(indicator(board, 'over100m').achieved).toBe(1);
    expect(indicator(board, 'over1b')).toMatchObject({ achieved: 1, halfway: 'passed' });
    expect(indicator(board, 'industrialOver500m').achieved).toBe(1);
    expect(indicator(board, 'top500').achieved).toBe(1);
    expect(indicator(board, 'listed').achieved).toBe(1);
    // 126,000 of 200,000: past half in the first half.
    expect(indicator(board, 'contracted')).toMatchObject({
      achieved: 126_000,
      firstHalf: 126_000,
      halfway: 'passed',
    });
    // Funds: 3,000 in May (H1) and 710 in July: 3,000 × 2 < 8,000 and June closed, so failed — on its own.
    const funds = indicator(board, 'fundsArrived');
    expect(funds).toMatchObject({ achieved: 3_710, firstHalf: 3_000, halfway: 'failed' });
    expect(funds.months[4]).toMatchObject({ month: '2026-05', amount: 3_000 });
    expect(funds.months[6]).toMatchObject({ month: '2026-07', amount: 710 });
    expect(indicator(board, 'outOfProvinceFunds').achieved).toBe(3_000);
    expect(indicator(board, 'outOfCityFunds').achieved).toBe(3_000);
    // The stage count in April, when construction started.
    expect(indicator(board, 'reachedConstructionStarted').months[3]).toMatchObject({
      month: '2026-04',
      amount: 1,
    });
    // 外资: no rate yet, so nothing in 万美元; with 7.1, 710 万元 is 100 万美元.
    expect(board.usdRate).toBeUndefined();
    expect(indicator(board, 'foreignFunds').achieved).toBe(0);
    await setUsdRate(stack.deps, { year: 2026, usdRate: '7.10' }, system);
    board = await loadScoreboard(stack.deps, { year: 2026, month: 7, rank: 'fundsArrived' });
    expect(board.usdRate).toBe(7.1);
    expect(indicator(board, 'foreignFunds')).toMatchObject({ achieved: 100, target: 400 });
    // 序时进度 to July: 126,000 against 200,000 × 7/12 = 116,666.7 — ahead; funds 3,710 against 4,666.7 — behind.
    expect(indicator(board, 'contracted').atMonth).toMatchObject({ expected: 116_666.7, schedule: 'ahead' });
    expect(indicator(board, 'fundsArrived').atMonth).toMatchObject({ cumulative: 3_710, schedule: 'behind' });
    expect(board.ranking).toMatchObject({ indicator: 'fundsArrived' });
    expect(board.ranking.ids[0]).toBe(department);
    // The rate is audited like every setting.
    const audit = await stack.deps.db.doc.send(
      new QueryCommand({
        TableName: stack.deps.db.table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'AUDIT#settings#usdRate.2026' },
      }),
    );
    expect(audit.Items).toEqual([
      expect.objectContaining({
        action: 'settings.usdRateChanged',
        details: { year: 2026, usdRate: 7.1, previous: null },
      }),
    ]);
  });

  it('gives a board its 本月到位: this month’s funds for the department, or the zone', async () => {
    const department = zone.head.departmentId;
    const ids = zone.departments.map((d) => d.id);
    expect(await fundsArrivedThisMonth(stack.deps, { kind: 'zone' }, ids)).toBe(710);
    expect(await fundsArrivedThisMonth(stack.deps, { kind: 'department', id: department }, ids)).toBe(710);
    const other = ids.find((id) => id !== department)!;
    expect(await fundsArrivedThisMonth(stack.deps, { kind: 'department', id: other }, ids)).toBe(0);
    expect(
      await fundsArrivedThisMonth(stack.deps, { kind: 'officer', id: zone.officer.id }, ids),
    ).toBeUndefined();
  });

  it('shows a head their own department only', async () => {
    const other = zone.departments.find((d) => d.id !== zone.head.departmentId)!;
    const board = await loadScoreboard(stack.deps, { year: 2026 }, other.id);
    expect(board.scoped).toBe(true);
    expect(board.departments.map((d) => d.id)).toEqual([other.id]);
    expect(board.departments[0]!.indicators.find((i) => i.key === 'broughtIn')!.achieved).toBe(0);
  });
});

describe('the project details (台账) on the enterprise page', () => {
  it('are kept by the officer; a correction of the investor recounts its signing; bad input stores nothing', async () => {
    const e = await registerEnterprise(
      stack.deps,
      registration(zone, {
        name: '台账信息有限公司',
        contractedInvestment: 500,
        signedAt: '2026-01-12',
        planned: {},
      }),
      system,
    );
    const top500 = async () =>
      indicator(await loadScoreboard(stack.deps, { year: 2026 }), 'top500').months[0]!.amount;
    const before = await top500();
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    let page = await officer.page(`/console/enterprises/${e.id}`);
    expect(page).toContain('项目信息（台账）');
    expect(page).toContain(`action="/console/enterprises/${e.id}/profile"`);
    const bad = await officer.submit(`/console/enterprises/${e.id}/profile`, {
      'profile.landMu': '-3',
      'profile.investorTags.global500': 'on',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="f-profile-landMu-error"');
    expect(await top500()).toBe(before);
    const saved = await officer.submit(`/console/enterprises/${e.id}/profile`, {
      'profile.landMu': '52.5',
      'profile.fundsOrigin': 'outOfProvince',
      'profile.investorTags.global500': 'on',
      'profile.progressNote': '已完成土地摘牌',
    });
    expect(saved.status).toBe(303);
    page = await officer.page(`/console/enterprises/${e.id}`);
    expect(page).toContain('52.5');
    expect(page).toContain('已完成土地摘牌');
    expect(page).toContain('世界500强');
    // A request with none of the form's fields (not from the page) is refused and wipes nothing.
    expect((await officer.submit(`/console/enterprises/${e.id}/profile`, {})).status).toBe(400);
    expect(await officer.page(`/console/enterprises/${e.id}`)).toContain('已完成土地摘牌');
    // Counted in January, the month it was signed; taken off again when the tag is removed.
    expect(await top500()).toBe(before + 1);
    await officer.submit(`/console/enterprises/${e.id}/profile`, { 'profile.landMu': '52.5' });
    expect(await top500()).toBe(before);
    // Someone else's project: refused.
    const other = new Client(stack.url);
    await signIn(other, zone.otherOfficer.email);
    expect(
      (await other.submit(`/console/enterprises/${e.id}/profile`, { 'profile.landMu': '1' })).status,
    ).toBe(403);
  });
});

describe('GET /api/v1/figures/scoreboard', () => {
  it('gives a manager every department and the zone, a head their own, an officer nothing', async () => {
    const manager = new Client(stack.url);
    await signIn(manager, zone.manager.email);
    const res = await manager.request('/api/v1/figures/scoreboard?year=2026&month=7&rank=fundsArrived');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      atMonth: string;
      zone?: { indicators: { key: string; achieved: number; halfway: string }[] };
      departments: unknown[];
      ranking: { indicator: string };
    };
    expect(body.atMonth).toBe('2026-07');
    expect(body.ranking.indicator).toBe('fundsArrived');
    expect(body.departments).toHaveLength(zone.departments.length);
    // The other department set no target: the zone has none to judge by, its department has.
    expect(body.zone?.indicators.find((i) => i.key === 'fundsArrived')).toMatchObject({
      halfway: 'noTarget',
    });
    const lines = body.departments as { id: string; indicators: { key: string; halfway: string }[] }[];
    expect(
      lines.find((d) => d.id === zone.head.departmentId)?.indicators.find((i) => i.key === 'fundsArrived'),
    ).toMatchObject({ halfway: 'failed' });
    expect((await manager.request('/api/v1/figures/scoreboard?month=13')).status).toBe(400);
    // The page answers a month of 13 with this year's board and the month field marked, what was asked kept.
    const wrong = await manager.request('/console/scoreboard?year=2026&month=13');
    expect(wrong.status).toBe(400);
    const page = await wrong.text();
    expect(page).toMatch(
      /id="[^"]*month[^"]*"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="month"|name="month"[^>]*aria-invalid="true"/,
    );
    expect(page).toContain('value="13"');
    expect(page).toContain('data-how="scoreboard"');
    // The ranking's chart plots what it is titled and ranked by: each department's 序时完成率 at the month, in the
    // table's order.
    const board = await (
      await manager.request('/console/scoreboard?year=2026&month=7&rank=fundsArrived')
    ).text();
    const rates = (html: string) => [...html.matchAll(/data-rate="([^"]*)"/g)].map((m) => m[1]);
    const svg = board.slice(board.indexOf('<svg'), board.indexOf('</svg>'));
    const table = board.slice(board.indexOf('data-place'));
    expect(rates(svg).length).toBeGreaterThan(0);
    expect(rates(svg)).toEqual(rates(table));
    const numeric = rates(svg)
      .filter((r) => r !== '')
      .map(Number);
    expect(numeric).toEqual([...numeric].sort((x, y) => y - x));
    // What was right in the query is kept: the ranking asked for, with the wrong month.
    const ranked = await (await manager.request('/console/scoreboard?month=13&rank=fundsArrived')).text();
    expect(ranked).toMatch(/<option value="fundsArrived" selected/);
    const badRank = await manager.request('/console/scoreboard?rank=nonsense');
    expect(badRank.status).toBe(400);
    expect(await badRank.text()).toMatch(
      /name="rank"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="rank"/,
    );
    const head = new Client(stack.url);
    await signIn(head, zone.head.email);
    const own = (await (await head.request('/api/v1/figures/scoreboard?year=2026')).json()) as {
      zone?: unknown;
      departments: { id: string }[];
    };
    expect(own.zone).toBeUndefined();
    expect(own.departments.map((d) => d.id)).toEqual([zone.head.departmentId]);
    const officer = new Client(stack.url);
    await signIn(officer, zone.officer.email);
    expect((await officer.request('/api/v1/figures/scoreboard')).status).toBe(403);
  });
});
