/**
 * The `test` every browser spec uses: Playwright's, plus
 * - `webgpuExpected` (an option set per project in playwright.config.ts): whether the
 *   browser was launched with WebGPU on, so pages should find an adapter;
 * - an automatic guard that fails the test on any console error or uncaught exception
 *   in the page or its workers, listing them;
 * - `requireAdapter(page)`: the REQUIRE_WEBGPU policy for pages that need an adapter.
 */
import { expect, test as base, type Page } from '@playwright/test';

export interface BrowserTestOptions {
  webgpuExpected: boolean;
}

export const test = base.extend<BrowserTestOptions & { browserErrors: string[] }>({
  webgpuExpected: [true, { option: true }],
  browserErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      // Messages from the page's Web Workers arrive here too (ConsoleMessage.worker()).
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console.error at ${message.location().url}: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
      await use(errors);
      expect(errors, 'the browser console had errors').toEqual([]);
    },
    { auto: true },
  ],
});

/**
 * Skips the test when the loaded page's browser offers no WebGPU adapter (not even a
 * software fallback one) — or fails it when REQUIRE_WEBGPU=1, as CI sets.
 */
export async function requireAdapter(page: Page): Promise<void> {
  const found = await page.evaluate(async () => {
    const gpu = navigator.gpu;
    return Boolean(gpu && ((await gpu.requestAdapter()) ?? (await gpu.requestAdapter({ forceFallbackAdapter: true }))));
  });
  if (found) return;
  expect(process.env.REQUIRE_WEBGPU, 'REQUIRE_WEBGPU=1 but Chromium offers no WebGPU adapter').not.toBe('1');
  const reason = 'Chromium offers no WebGPU adapter (REQUIRE_WEBGPU=1 makes this a failure)';
  console.log(`skipped: ${reason}`);
  test.skip(true, reason);
}

export { expect };
