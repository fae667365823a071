/**
 * The WebGPU conformance suite in real Chromium ('webgpu' project): opens the
 * conformance page, waits for it to finish, prints one line per case with its numbers,
 * and fails on any failing case. With no adapter the test skips — or fails when
 * REQUIRE_WEBGPU=1 (CI).
 */
import type { ConformanceReport } from './conformance-report.js';
import { expect, requireAdapter, test } from './fixtures.js';

test('WebGPU agrees with the CPU backend, case by case, in the page', async ({ page }, testInfo) => {
  test.setTimeout(600_000);
  await page.goto('conformance/');
  await requireAdapter(page);
  const status = page.locator('#status');
  await expect(status, 'the conformance page did not finish in time').toHaveAttribute('data-state', /^(done|failed)$/, { timeout: 540_000 });
  expect(await status.getAttribute('data-state'), (await status.textContent()) ?? '').toBe('done');
  const report = (await page.evaluate(() => window.infogpuConformance)) as ConformanceReport;
  await page.screenshot({ path: testInfo.outputPath('conformance.png'), fullPage: true });
  expect(report.noAdapterReason, 'the browser has an adapter but createEngine({ backend: \'webgpu\' }) rejected').toBeNull();

  console.log(`adapter: ${report.adapter ?? 'unnamed'}`);
  for (const outcome of report.cases) {
    console.log(`  ${outcome.ok ? 'pass' : 'FAIL'}  [${outcome.suite}] ${outcome.name}: ${outcome.detail} (${outcome.milliseconds.toFixed(0)} ms)`);
  }
  const failed = report.cases.filter((outcome) => !outcome.ok).map((outcome) => `[${outcome.suite}] ${outcome.name}: ${outcome.detail}`);
  expect(report.cases.length, 'the page ran no cases').toBeGreaterThan(0);
  expect(report.cases.filter((outcome) => outcome.name.includes('TensorFlow.js')).length, 'the TensorFlow.js GPU-input cases did not run').toBe(3);
  expect(failed, `${failed.length} of ${report.cases.length} conformance cases failed`).toEqual([]);
});
