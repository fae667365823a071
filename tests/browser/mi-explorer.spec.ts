/**
 * The MI explorer demo, with WebGPU (the software adapter, `?backend=webgpu`) and without
 * (the CPU fallback of 'auto'): a run at n = 1,000 shows the closed form and the CPU
 * estimates exactly as the built bundle computes them in Node from the same seeded data,
 * the WebGPU estimates within 2e-3 of them (and exactly as the bundle computes them on
 * WebGPU in the same browser); Cancel ends a long run and the page recovers.
 */
import type { Locator, Page } from '@playwright/test';
import { autoEngineInPage, BUNDLE_PATH, loadInNode, type Library } from './built-library.js';
import { expect, requireAdapter, test } from './fixtures.js';

/** Issue 3's WebGPU-vs-CPU tolerance, plus half a unit in the 4th decimal the page shows. */
const GPU_TOLERANCE = 2e-3 + 5e-5;
const RUN_TIMEOUT = 180_000;

async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

/** The library's KSG1 estimate on the CPU engine in Node, and the closed form. */
async function expectedOnCpu(library: Library, n: number, rho: number, k: number, seed: number) {
  const engine = await library.createEngine({ backend: 'cpu' });
  try {
    const sample = library.sampleCorrelatedGaussian(n, rho, seed);
    return { value: (await engine.mutualInformation(sample.x, sample.y, { k })).value, truth: sample.mutualInformation };
  } finally {
    engine.dispose();
  }
}

/** The built bundle's WebGPU estimate computed in the page itself (main thread). */
async function webgpuInPage(page: Page, n: number, rho: number, k: number, seed: number): Promise<number> {
  return page.evaluate(
    async ({ bundle, n, rho, k, seed }) => {
      const library = await import(bundle);
      const engine = await library.createEngine({ backend: 'webgpu' });
      const sample = library.sampleCorrelatedGaussian(n, rho, seed);
      const { value } = await engine.mutualInformation(sample.x, sample.y, { k });
      engine.dispose();
      return value as number;
    },
    { bundle: BUNDLE_PATH, n, rho, k, seed },
  );
}

async function openExplorer(page: Page, webgpuExpected: boolean): Promise<void> {
  await page.goto(webgpuExpected ? 'demos/mi-explorer/?backend=webgpu' : 'demos/mi-explorer/');
  if (webgpuExpected) await requireAdapter(page);
  await expect(page.locator('#explorer'), 'the estimator worker did not become ready').toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
}

test('shows the library’s estimates, timed on each engine', async ({ page, webgpuExpected }, testInfo) => {
  await openExplorer(page, webgpuExpected);
  const gpuEngine = page.locator('#gpu-engine');
  if (webgpuExpected) {
    await expect(gpuEngine).toHaveText(/^in use/);
  } else {
    await expect(gpuEngine).toHaveText(`not used: ${(await autoEngineInPage(page)).fallbackReason}`);
    console.log(`explorer without WebGPU: ${await text(gpuEngine)}`);
  }

  await page.locator('#n-exponent').fill('3');
  await page.locator('#rho').fill('0.7');
  await page.locator('#k').selectOption('3');
  await expect(page.locator('#n-value')).toHaveText('1,000');
  await expect(page.locator('#rho-value')).toHaveText('0.70');
  await page.locator('#run').click();
  await expect(page.locator('#explorer'), 'the run did not finish').toHaveAttribute('data-outcome', 'done', { timeout: RUN_TIMEOUT });

  const [n, rho, k, seed] = [1000, 0.7, 3, Number(await text(page.locator('#seed')))];
  const library = await loadInNode();
  const point = await expectedOnCpu(library, n, rho, k, seed);
  await expect(page.locator('#truth-value')).toHaveText(point.truth.toFixed(4));
  await expect(page.locator('#cpu-value')).toHaveText(point.value.toFixed(4));
  await expect(page.locator('#cpu-time')).toHaveText(/^\d+(\.\d+)? (ms|s)$/);
  console.log(`n = ${n}, ρ = ${rho}, k = ${k}, seed ${seed}: closed form ${point.truth.toFixed(4)}, CPU ${await text(page.locator('#cpu-value'))} in ${await text(page.locator('#cpu-time'))}`);
  if (webgpuExpected) {
    const shown = Number(await text(page.locator('#gpu-value')));
    expect(Math.abs(shown - point.value), `WebGPU ${shown} vs CPU ${point.value}`).toBeLessThanOrEqual(GPU_TOLERANCE);
    expect(shown.toFixed(4)).toBe((await webgpuInPage(page, n, rho, k, seed)).toFixed(4));
    await expect(page.locator('#gpu-time')).toHaveText(/^\d+(\.\d+)? (ms|s)$/);
    console.log(`  WebGPU ${shown.toFixed(4)} in ${await text(page.locator('#gpu-time'))} (|Δ| to CPU ${Math.abs(shown - point.value).toExponential(2)}, tolerance ${GPU_TOLERANCE})`);
  } else {
    await expect(page.locator('#gpu-value')).toHaveText('–');
  }

  const rows = page.locator('#sweep-rows tr');
  await expect(rows).toHaveCount(11);
  for (const row of await rows.all()) {
    const [rhoCell, truthCell, estimateCell] = await row.locator('td').allTextContents();
    const expected = await expectedOnCpu(library, n, Number(rhoCell), k, seed);
    expect(truthCell, `closed form at ρ = ${rhoCell}`).toBe(expected.truth.toFixed(4));
    const backend = await row.getAttribute('data-backend');
    expect(backend).toBe(webgpuExpected ? 'webgpu' : 'cpu');
    if (backend === 'cpu') expect(estimateCell, `CPU estimate at ρ = ${rhoCell}`).toBe(expected.value.toFixed(4));
    else expect(Math.abs(Number(estimateCell) - expected.value), `WebGPU estimate at ρ = ${rhoCell}`).toBeLessThanOrEqual(GPU_TOLERANCE);
  }
  await expect(page.locator('#progress-text')).toHaveText(/^done: 1[23] estimates in /);
  await page.screenshot({ path: testInfo.outputPath('mi-explorer.png'), fullPage: true });
});

test('Cancel ends a long run at once and the page recovers', async ({ page, webgpuExpected }, testInfo) => {
  await openExplorer(page, webgpuExpected);
  // Long enough to be cancelled mid-step: n = 100,000 on the CPU (≈ 1 s a step), 10,000 on SwiftShader.
  await page.locator('#n-exponent').fill(webgpuExpected ? '4' : '5');
  await page.locator('#run').click();
  await expect(page.locator('#progress-text')).toHaveText(/^step \d+ of \d+/);
  await page.locator('#cancel').click();
  await expect(page.locator('#explorer')).toHaveAttribute('data-outcome', 'cancelled', { timeout: 5_000 });
  await expect(page.locator('#progress-text')).toHaveText(/^cancelled during step \d+ of \d+/);
  await expect(page.locator('#explorer'), 'no new worker after Cancel').toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.screenshot({ path: testInfo.outputPath('mi-explorer-cancelled.png'), fullPage: true });

  await page.locator('#n-exponent').fill('2');
  await page.locator('#run').click();
  await expect(page.locator('#explorer'), 'a run after Cancel did not finish').toHaveAttribute('data-outcome', 'done', { timeout: RUN_TIMEOUT });
});
