import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DOMAIN } from '#local/seed.ts';
import { readFirstSheet, toXlsx } from '#shared/spreadsheets/workbook.ts';
import { allOpenItemsOf } from '#shared/store/board.ts';
import { getStaffByEmail } from '#shared/store/organisation.ts';
import { expectAccessible, launchChromium, signInWithBrowser } from '../support/browser.ts';
import { testStack } from '../support/stack.ts';

type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const downloads = mkdtempSync(join(tmpdir(), 'aftercare-downloads-'));
const manager = `chen.zhiyuan@${DEMO_DOMAIN}`;

beforeAll(async () => {
  // The seeded demo zone, on a Wednesday morning in Shanghai.
  stack = await testStack({
    seed: true,
    table: `browser-${randomUUID()}`,
    clockStart: new Date('2026-11-25T02:00:00Z'),
  });
  browser = await launchChromium();
  context = await browser.newContext({ bypassCSP: true, acceptDownloads: true, locale: 'zh-CN' });
  page = await context.newPage();
  await signInWithBrowser(page, stack.url, manager);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await stack?.drop();
});

async function downloadFrom(selector: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = join(downloads, download.suggestedFilename());
  await download.saveAs(path);
  return readFileSync(path);
}

describe('the manager console in Chromium', () => {
  it('lands on the overdue board with the demo zone’s red and yellow items, red first', async () => {
    expect(new URL(page.url()).pathname).toBe('/console');
    const lights = await page.$$eval('tr[data-light]', (rows) =>
      rows.map((r) => r.getAttribute('data-light')),
    );
    expect(lights.filter((l) => l === 'red').length).toBeGreaterThan(0);
    expect(lights.filter((l) => l === 'yellow').length).toBeGreaterThan(0);
    expect(lights.indexOf('yellow')).toBeGreaterThan(lights.lastIndexOf('red'));
    await expectAccessible(page);
    // Each row links to the item and to its enterprise. Someone else's item opens its enterprise's page: a task
    // link acts for the officer it names, never for whoever views the board.
    const item = await page.getAttribute('tr[data-light] td:nth-child(3) a', 'href');
    const enterprise = await page.getAttribute('tr[data-light] td:nth-child(4) a', 'href');
    expect(item).toMatch(/^\/console\/enterprises\/[0-9A-Z]{26}$/);
    await page.goto(`${stack.url}${item}`);
    expect(await page.$('form[action="/task"]')).toBeNull();
    await page.goto(`${stack.url}${enterprise}`);
    expect(await page.textContent('h1')).toBeTruthy();
    await page.goto(`${stack.url}/console`);
  });

  it('filters the board by stage and by person', async () => {
    await page.selectOption('select[name="stage"]', 'siteSecured');
    await Promise.all([
      page.waitForURL(/stage=siteSecured/),
      page.click('form.filters button[type="submit"]'),
    ]);
    const stages = await page.$$eval('tr[data-light] td:nth-child(5)', (cells) =>
      cells.map((c) => c.textContent),
    );
    expect(stages.length).toBeGreaterThan(0);
    expect(new Set(stages)).toEqual(new Set(['已落实场地']));
    const officer = await getStaffByEmail(stack.deps.db, `chen.jing@${DEMO_DOMAIN}`);
    await page.goto(`${stack.url}/console?officer=${officer!.id}`);
    const owners = await page.$$eval('tr[data-light] td:nth-child(6)', (cells) =>
      cells.map((c) => c.textContent),
    );
    expect(owners.length).toBeGreaterThan(0);
    expect(new Set(owners)).toEqual(new Set(['陈静']));
  });

  it('hands all of an officer’s work to a colleague', async () => {
    const from = (await getStaffByEmail(stack.deps.db, `chen.jing@${DEMO_DOMAIN}`))!;
    const to = (await getStaffByEmail(stack.deps.db, `zhao.lei@${DEMO_DOMAIN}`))!;
    const before = await allOpenItemsOf(stack.deps.db, from.id);
    expect(before.length).toBeGreaterThan(0);
    await page.goto(`${stack.url}/console/staff`);
    await expectAccessible(page);
    await page.selectOption('select[name="fromId"]', from.id);
    await page.selectOption('select[name="toId"]', to.id);
    await Promise.all([
      page.waitForURL(/moved=1/),
      page.click('form[action="/console/staff/hand-over"] button'),
    ]);
    expect(await page.textContent('.notice')).toContain('已移交');
    await stack.engine.idle();
    expect(await allOpenItemsOf(stack.deps.db, from.id)).toEqual([]);
    const after = (await allOpenItemsOf(stack.deps.db, to.id)).map((i) => i.id);
    for (const item of before) expect(after).toContain(item.id);
    await page.goto(`${stack.url}/console?officer=${from.id}`);
    expect(await page.$('[data-empty]')).not.toBeNull();
  });

  it('downloads the scoreboard, board and pipeline as .xlsx', async () => {
    await page.goto(`${stack.url}/console/scoreboard`);
    await expectAccessible(page);
    const scoreboard = await readFirstSheet(await downloadFrom('a[href^="/console/scoreboard.xlsx"]'));
    expect(scoreboard.rows.map((r) => r.values.部门)).toContain('招商一局');
    await page.goto(`${stack.url}/console`);
    const board = await readFirstSheet(await downloadFrom('a[href^="/console/board.xlsx"]'));
    expect(board.rows.length).toBeGreaterThan(0);
    await page.goto(`${stack.url}/console/pipeline`);
    await expectAccessible(page);
    const pipeline = await readFirstSheet(await downloadFrom('a[href="/console/pipeline.xlsx"]'));
    expect(pipeline.rows.reduce((n, r) => n + Number(r.values.企业数), 0)).toBe(12);
  });

  it('imports a ledger filled in from the downloaded template, after a preview', async () => {
    await page.goto(`${stack.url}/console/import`);
    await expectAccessible(page);
    const template = await readFirstSheet(await downloadFrom('a[href="/console/import/template.xlsx"]'));
    const example = template.rows[0]!.values;
    const filled = await toXlsx([
      {
        name: '台账',
        columns: template.headers.map((header) => ({ header })),
        rows: ['浏览器导入甲有限公司', '浏览器导入乙有限公司'].map((name) =>
          template.headers.map((h) => (h === '项目名称' ? name : (example[h] ?? null))),
        ),
      },
    ]);
    await page.setInputFiles('input[name="file"]', {
      name: 'ledger.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: filled,
    });
    await Promise.all([page.waitForLoadState(), page.click('form[action="/console/import"] button')]);
    await page.waitForSelector('tr[data-ledger-row]');
    expect(await page.$$eval('tr[data-ledger-row]', (rows) => rows.length)).toBe(2);
    await expectAccessible(page);
    // Imported in the background: the import's page refreshes itself until it is done.
    await Promise.all([
      page.waitForURL(/\/console\/import\/[0-9A-Z]+$/),
      page.click('form[action$="/confirm"] button'),
    ]);
    await page.waitForSelector('[data-import-status="imported"]', { timeout: 20_000 });
    expect(await page.textContent('.notice')).toContain('导入完成：共 2 个项目');
    await expectAccessible(page);
    await page.goto(`${stack.url}/console/pipeline?stage=signed`);
    expect(await page.content()).toContain('浏览器导入甲有限公司');
  });

  it('has no serious accessibility problem on the other console pages, in either language', async () => {
    const first = await page
      .$eval('tr[data-light] a[href^="/console/enterprises/"]', (a) => a.getAttribute('href'))
      .catch(async () => {
        await page.goto(`${stack.url}/console`);
        return page.$eval('tr[data-light] a[href^="/console/enterprises/"]', (a) => a.getAttribute('href'));
      });
    for (const path of [
      first!,
      '/console/me',
      '/console/tokens',
      '/console/enterprises/new',
      '/console/revisits',
      '/console?lang=en',
      '/console/scoreboard',
    ]) {
      await page.goto(`${stack.url}${path}`);
      await expectAccessible(page);
    }
    expect(await page.textContent('h1')).toBe('Department scoreboard');
  });
});
