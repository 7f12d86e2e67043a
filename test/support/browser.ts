import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { outbox } from './client.ts';

/** Debian's Chromium (installed by .ci/run), driven by playwright-core: never a downloaded browser. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Sign in as a person does: ask for a link, open it from the (local) outbox, confirm. */
export async function signInWithBrowser(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}/signin`);
  await page.fill('input[name="email"]', email);
  await page.click('form[action="/signin"] button[type="submit"]');
  await page.waitForLoadState();
  const mail = (await outbox(base)).find(
    (m) => m.to.includes(email) && m.links[0]?.includes('/signin/verify'),
  );
  if (!mail) throw new Error(`no sign-in mail for ${email}`);
  await page.goto(mail.links[0]!);
  await page.click('form[action="/signin/verify"] button[type="submit"]');
  await page.waitForURL(`${base}/console`);
}

/**
 * axe-core on the page as rendered: no serious or critical violation. The page's CSP forbids inline scripts, so
 * the browser context that runs this is opened with `bypassCSP` (the app itself never needs it).
 */
export async function expectAccessible(page: Page): Promise<void> {
  await page.addScriptTag({ content: axe.source });
  const result = (await page.evaluate(async () => {
    const run = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<unknown> } })
      .axe.run;
    return run(document, { resultTypes: ['violations'] });
  })) as { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    serious.map(
      (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    ),
    page.url(),
  ).toEqual([]);
}
