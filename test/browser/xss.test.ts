import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprise } from '#shared/enterprises/register.ts';
import { createNeed } from '#shared/needs/create.ts';
import { needHandleLink } from '#shared/needs/links.ts';
import { portalLink } from '#shared/needs/portal.ts';
import { launchChromium, signInWithBrowser } from '../support/browser.ts';
import { makeZone, registration, system, type Zone } from '../support/fixtures.ts';
import { testStack } from '../support/stack.ts';

type Stack = Awaited<ReturnType<typeof testStack>>;
let stack: Stack;
let zone: Zone;
let browser: Browser;

/** Each payload, if it ran, would set window.__xss or add an element the page does not have. */
const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=2">',
  '"><svg onload="window.__xss=3">',
  "'><iframe src=javascript:window.__xss=4>",
  '<a href="javascript:window.__xss=5" id="xss-link">点我</a>',
  '{{constructor.constructor("window.__xss=6")()}}',
];

beforeAll(async () => {
  stack = await testStack({ clockStart: new Date('2026-11-25T02:00:00Z') });
  zone = await makeZone(stack.deps);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.drop();
});

/** Open a page with CSP bypassed (so escaping alone is tested) and check nothing from the payloads came alive. */
async function expectInert(page: Page, url: string, mustShow: string[]) {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  const state = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: number }).__xss,
    injected: document.querySelectorAll('img[src="x"], svg[onload], iframe, #xss-link, script:not([src])')
      .length,
    text: document.body.textContent,
  }));
  expect(state.xss, url).toBeUndefined();
  expect(state.injected, url).toBe(0);
  expect(dialogs).toEqual([]);
  for (const s of mustShow) expect(state.text).toContain(s);
}

describe('free text is rendered inert (checked in Chromium, CSP bypassed)', () => {
  it('in enterprise names, contacts and needs, on the console, the portal and the need page', async () => {
    const e = await registerEnterprise(
      stack.deps,
      registration(zone, {
        name: `${PAYLOADS[1]}科技`.slice(0, 100),
        investor: PAYLOADS[2],
        industryChain: PAYLOADS[0]!.slice(0, 40),
        contacts: [{ name: PAYLOADS[3]!.slice(0, 40), phone: '13800138001', email: 'x@xss.example.cn' }],
      }),
      system,
    );
    await stack.engine.idle();
    const need = await createNeed(
      stack.deps,
      e,
      {
        category: 'permits',
        title: PAYLOADS[4]!.slice(0, 80),
        description: PAYLOADS.join('\n'),
        contactName: '联系人',
        contactPhone: '13800138001',
      },
      system,
    );
    await stack.engine.idle();
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await signInWithBrowser(page, stack.url, zone.manager.email);
    await expectInert(page, `${stack.url}/console`, ['科技']);
    await expectInert(page, `${stack.url}/console/enterprises/${e.id}`, [
      '<img src=x onerror="window.__xss=2">科技',
    ]);
    await expectInert(page, `${stack.url}/console/pipeline?stage=signed`, []);
    // The owner's link (another person's link to a need they do not hold shows only who holds it).
    await expectInert(page, needHandleLink(stack.deps, need, need.ownerId!), [PAYLOADS[5]!]);
    await expectInert(page, portalLink(stack.deps, e), []);
    await context.close();
  });

  it('and the page refuses markup or inline handlers added at run time (CSP with Trusted Types)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.url}/signin`);
    // Markup that slipped through would arrive as HTML or as an inline handler: the page's CSP
    // (require-trusted-types-for 'script', no 'unsafe-inline') refuses both before anything runs.
    const attempts = await page.evaluate(() => {
      const tryIt = (f: () => void) => {
        try {
          f();
          return 'ran';
        } catch (error) {
          return (error as Error).name;
        }
      };
      return [
        tryIt(() => document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="window.__xss=7">')),
        tryIt(() => {
          const img = document.createElement('img');
          img.setAttribute('onerror', 'window.__xss = 8');
          document.body.appendChild(img);
        }),
        tryIt(() => {
          const s = document.createElement('script');
          s.textContent = 'window.__xss = 9';
          document.body.appendChild(s);
        }),
      ];
    });
    expect(attempts).toEqual(['TypeError', 'TypeError', 'TypeError']);
    await page.waitForTimeout(100);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await context.close();
  });
});
