/** Drives the console in a real Chromium and reads what its screen shows. */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--lang=ko-KR'];

// From packages/server/dist/test/support: the repository root's node_modules and test-artifacts/console.
const AXE_PATH = new URL('../../../../../node_modules/axe-core/axe.min.js', import.meta.url).pathname;
export const ARTIFACTS_DIR = new URL('../../../../../test-artifacts/console/', import.meta.url).pathname;

/** The one sign-in step every console test goes through: an operator's e-mail and password in the sign-in form. */
export async function signIn(page: Page, operator: { email: string; password: string }, password = operator.password): Promise<void> {
  await page.fill('#email', operator.email);
  await page.fill('#password', password);
  await page.click('form.sign-in-card button[type="submit"]');
}

/** Runs axe-core in the page; the serious and critical violations, each as `rule: target…`. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate<Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }>>(
    'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)');
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}${v.nodes.length > 5 ? ` … ${v.nodes.length} in all` : ''}`);
}

export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS_DIR}${name}.png`, fullPage });
}

/** Waits until no panel is loading (a selector wait: the console's CSP forbids evaluated strings). */
export async function settled(page: Page): Promise<void> {
  await page.waitForSelector('[aria-busy="true"]', { state: 'detached' });
}

/** The page URL's query parameters, without the console's own (page, limit, order). */
export function urlFilters(page: Page): Record<string, string> {
  const params = new URL(page.url()).searchParams;
  for (const own of ['page', 'limit', 'order']) params.delete(own);
  return Object.fromEntries(params);
}

export async function shownOrderIds(page: Page): Promise<string[]> {
  return page.evaluate<string[]>('[...document.querySelectorAll("tr[data-order-id]")].map((row) => row.dataset.orderId)');
}

/** A number shown in a `data-…` attribute of the first element matching the selector. */
export async function shownNumber(page: Page, selector: string, attribute: string): Promise<number> {
  const value = await page.locator(selector).first().getAttribute(attribute);
  if (value === null) throw new Error(`${selector} has no ${attribute}`);
  return Number(value);
}

export async function sessionStorageText(page: Page): Promise<string> {
  return page.evaluate<string>('JSON.stringify(sessionStorage)');
}
