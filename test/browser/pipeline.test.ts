import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import { exitProject } from '#shared/enterprises/exit.ts';
import { changePlannedDates } from '#shared/enterprises/manage.ts';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { expectAccessible, launchChromium, signInWithBrowser } from '../support/browser.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

/** Issue 15 items 5 and 6 on the pipeline page: stopped projects and re-planned dates, readable and accessible. */
let stack: Awaited<ReturnType<typeof testStack>>;
let zone: Zone;
let browser: Browser;
let page: Page;
let replanned: Enterprise;
let stopped: Enterprise;

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-11-25T02:00:00Z') });
  zone = await makeZone(stack.deps);
  const manager = { actor: { kind: 'staff' as const, id: zone.manager.id }, channel: 'web' as const };
  replanned = await registerEnterprise(
    stack.deps,
    registration(zone, { name: '浏览器改期有限公司' }),
    system,
  );
  stopped = await registerEnterprise(stack.deps, registration(zone, { name: '浏览器终止有限公司' }), system);
  await stack.engine.idle();
  await changePlannedDates(stack.deps, replanned.id, { planned: { registered: '2027-01-08' } }, manager);
  await exitProject(
    stack.deps,
    stopped.id,
    { kind: 'terminated', reason: '合同解除', date: '2026-11-24' },
    manager,
  );
  await stack.engine.idle();
  browser = await launchChromium();
  const context = await browser.newContext({ bypassCSP: true, locale: 'zh-CN' });
  page = await context.newPage();
  await signInWithBrowser(page, stack.url, zone.manager.email);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await stack?.drop();
});

describe('the pipeline page in Chromium', () => {
  it('shows the stopped project apart and the re-planned date with its original, in either language', async () => {
    for (const lang of ['zh-CN', 'en']) {
      await page.goto(`${stack.url}/console/pipeline?stage=signed&lang=${lang}`);
      expect(await page.textContent('td[data-figure="exited"]')).toBe('1');
      expect(await page.textContent(`tr[data-exited="${stopped.id}"]`)).toContain('2026-11-24');
      const date = page.locator('span[data-replans="1"]');
      expect(await date.getAttribute('title')).toContain('2026-12-10');
      expect(await date.textContent()).toContain('2027-01-08');
      await expectAccessible(page);
    }
  });
});
