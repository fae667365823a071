/**
 * The demo index page, with WebGPU and without: it shows the backend `createEngine()`
 * picks and the fallback reason exactly as the built bundle reports them in the same
 * browser, and describes the adapter (or its absence).
 */
import { autoEngineInPage } from './built-library.js';
import { expect, requireAdapter, test } from './fixtures.js';

test('says which backend createEngine() uses and why', async ({ page, webgpuExpected }, testInfo) => {
  await page.goto('demos/');
  if (webgpuExpected) await requireAdapter(page);
  await expect(page.locator('#backend')).toHaveAttribute('data-state', 'done');

  const library = await autoEngineInPage(page);
  await expect(page.locator('#auto-backend')).toHaveText(library.backend);
  await expect(page.locator('#auto-reason')).toHaveText(library.fallbackReason ?? 'a hardware WebGPU adapter is available');
  await expect(page.locator('#isolated')).toHaveText(/^yes/);
  const adapter = page.locator('#adapter');
  if (webgpuExpected) {
    await expect(adapter).not.toHaveText(/^none/);
    const software = /software fallback adapter/.test((await adapter.textContent()) ?? '');
    await expect(page.locator('#software-item')).toBeVisible({ visible: software && library.backend === 'cpu' });
  } else {
    expect(library.backend).toBe('cpu');
    await expect(adapter).toHaveText(/^none/);
    await expect(page.locator('#software-item')).toBeHidden();
  }
  console.log(`index page: createEngine() → ${library.backend} (${library.fallbackReason ?? 'hardware adapter'}); adapter: ${await adapter.textContent()}`);
  await page.screenshot({ path: testInfo.outputPath('demo-index.png'), fullPage: true });
});
