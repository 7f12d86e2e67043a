import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, signInWithBrowser } from '../support/browser.ts';
import { makeZone, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-11-25T02:00:00Z') });
  zone = await makeZone(stack.deps);
  browser = await launchChromium();
  // A phone: 390 × 844 CSS pixels, touch, Chinese.
  const context = await browser.newContext({
    bypassCSP: true,
    locale: 'zh-CN',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  page = await context.newPage();
  await signInWithBrowser(page, stack.url, zone.officer.email);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await stack?.drop();
});

describe('registering a lead on a phone', () => {
  it('is one column that fits the screen, with the right keyboards, and registers the lead', async () => {
    await page.goto(`${stack.url}/console/leads/new`);
    // Nothing wider than the screen: no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // One column: every input starts at the same left edge and is a finger's target (the stylesheet's inputs).
    const boxes = await page.$$eval(
      'form[action="/console/leads"] input:not([type=hidden]), form select',
      (els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { left: Math.round(r.left), height: r.height, width: r.width };
        }),
    );
    expect(boxes.length).toBeGreaterThanOrEqual(7);
    for (const b of boxes) {
      expect(b.height).toBeGreaterThanOrEqual(36);
      expect(b.width).toBeGreaterThanOrEqual(270); // most of the 390 px, inside the card and fieldset
    }
    expect(new Set(boxes.map((b) => b.left)).size).toBeLessThanOrEqual(2); // the fieldset indents its own
    expect(await page.getAttribute('input[name="expectedInvestment"]', 'inputmode')).toBe('numeric');
    expect(await page.getAttribute('input[name="contact.phone"]', 'inputmode')).toBe('tel');
    expect(await page.getAttribute('input[name="contact.phone"]', 'type')).toBe('tel');
    await expectAccessible(page);

    await page.fill('input[name="investor"]', '掌上登记科技有限公司');
    await page.fill('input[name="industryChain"]', '智能制造');
    await page.selectOption('select[name="source"]', 'expo');
    await page.fill('input[name="expectedInvestment"]', '20000');
    await page.fill('input[name="contact.name"]', '林晓');
    await page.fill('input[name="contact.phone"]', '13700137000');
    await Promise.all([
      page.waitForURL(/\/console\/leads\/[0-9A-Z]{26}\?registered=1$/),
      page.click('form[action="/console/leads"] button[type="submit"]'),
    ]);
    expect(await page.textContent('h1')).toBe('掌上登记科技有限公司');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page);
  });

  it('shows the field’s error next to it when something is wrong', async () => {
    await page.goto(`${stack.url}/console/leads/new`);
    await page.fill('input[name="investor"]', '错误示例');
    await page.fill('input[name="contact.phone"]', '12');
    await page.click('form[action="/console/leads"] button[type="submit"]');
    await page.waitForLoadState();
    expect(await page.getAttribute('input[name="contact.phone"]', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#f-contact-phone-error')).toBeTruthy();
    await expectAccessible(page);
  });

  it('shows the leaderboard readably on a phone', async () => {
    await page.goto(`${stack.url}/console/leads/figures`);
    expect(await page.textContent('h1')).toBe('全民招商排行榜');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page);
  });
});
