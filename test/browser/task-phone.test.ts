import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { taskLink } from '#shared/lifecycle/task-link.ts';
import { getTask, openTasksOf } from '#shared/store/tasks.ts';
import { expectAccessible, launchChromium, signInWithBrowser } from '../support/browser.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/** Issue 15 item 7: on a phone, the task form shows one outcome at a time — and works without JavaScript. */
type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;
let browser: Browser;
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' };

beforeAll(async () => {
  // Mon 21 Sep 2026, 10:00 in Shanghai.
  stack = await testStack({ table: `phone-${randomUUID()}`, clockStart: new Date('2026-09-21T02:00:00Z') });
  zone = await makeZone(stack.deps);
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await stack?.drop();
});

async function taskFor(name: string) {
  const e = await registerEnterprise(
    stack.deps,
    registration(zone, { name, signedAt: '2026-09-01', planned: {} }),
    system,
  );
  await stack.engine.idle();
  const [task] = await openTasksOf(stack.deps.db, e.id);
  return task!;
}

/** The outcome fields a person can see now (an outcome's fields show only while it is open). */
const visibleOutcomes = (page: Page) =>
  page.$$eval('details[data-outcome]', (all) =>
    all
      .filter((d) => (d.querySelector('form') as HTMLElement).checkVisibility())
      .map((d) => d.getAttribute('data-outcome')),
  );

describe('the task page on a phone', () => {
  let context: BrowserContext;
  afterAll(async () => context?.close());

  it('shows one outcome at a time: choosing another closes the first; the page fits the screen', async () => {
    context = await browser.newContext({ ...phone, bypassCSP: true });
    const page = await context.newPage();
    const task = await taskFor('手机填报有限公司');
    await page.goto(taskLink(stack.deps, task));
    expect(await visibleOutcomes(page)).toEqual([]);
    await page.click('details[data-outcome="milestone"] > summary');
    expect(await visibleOutcomes(page)).toEqual(['milestone']);
    expect(await page.isVisible('input[name="milestone.actualDate"]')).toBe(true);
    await page.click('details[data-outcome="progress"] > summary');
    expect(await visibleOutcomes(page)).toEqual(['progress']);
    expect(await page.isVisible('input[name="milestone.actualDate"]')).toBe(false);
    expect(await page.isVisible('input[name="progress.expectedDate"]')).toBe(true);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page);

    // The chosen outcome's own form reports it.
    await page.click('details[data-outcome="milestone"] > summary');
    await page.fill('input[name="milestone.actualDate"]', '2026-09-21');
    await Promise.all([
      page.waitForURL(/done=completed/),
      page.click('details[data-outcome="milestone"] button[type="submit"]'),
    ]);
    expect(await page.textContent('main')).toContain('已提交');
    expect((await getTask(stack.deps.db, task.enterpriseId, task.id))?.status).toBe('completed');
    // The same link now says who completed it, and offers no form.
    expect(await page.$('form[action="/task"]')).toBeNull();
    expect(await page.textContent('[data-completed]')).toContain(zone.officer.name);
    await expectAccessible(page);
  }, 60_000);

  it('works without JavaScript: an error brings back only the chosen outcome, open, with what was typed', async () => {
    const noJs = await browser.newContext({ ...phone, javaScriptEnabled: false });
    try {
      const page = await noJs.newPage();
      const task = await taskFor('无脚本填报有限公司');
      await page.goto(taskLink(stack.deps, task));
      await page.click('details[data-outcome="progress"] > summary');
      await page.fill('input[name="progress.reason"]', '等待环评批复');
      await page.click('details[data-outcome="progress"] button[type="submit"]');
      await page.waitForLoadState();
      const open = await page.$$('details[data-outcome][open]');
      expect(open).toHaveLength(1);
      expect(await open[0]!.getAttribute('data-outcome')).toBe('progress');
      expect(await page.inputValue('input[name="progress.reason"]')).toBe('等待环评批复');
      expect(await page.isVisible('#f-progress-expectedDate-error')).toBe(true);
      expect((await getTask(stack.deps.db, task.enterpriseId, task.id))?.status).toBe('open');
    } finally {
      await noJs.close();
    }
  }, 60_000);

  it('the enterprise page, on a phone, shows the approvals and the exit form, accessibly', async () => {
    const signedIn = await browser.newContext({ ...phone, bypassCSP: true });
    try {
      const page = await signedIn.newPage();
      await signInWithBrowser(page, stack.url, zone.manager.email);
      const task = await taskFor('手机企业页有限公司');
      await page.goto(`${stack.url}/console/enterprises/${task.enterpriseId}`);
      expect(await page.isVisible('section[data-approvals]')).toBe(true);
      expect(await page.isVisible(`form[action="/console/enterprises/${task.enterpriseId}/exit"]`)).toBe(
        true,
      );
      await expectAccessible(page);
    } finally {
      await signedIn.close();
    }
  }, 60_000);
});
