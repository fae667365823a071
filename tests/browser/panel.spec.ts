/**
 * The embeddable panel, with WebGPU (software adapter) and without (CPU fallback):
 * - on its page, the custom element (MMD², p-value) and the mount() panel (kNN KL with a
 *   subsampling interval) show what the built library computes in Node, with their plots;
 *   `update(value)` adds a pushed value to the history and announces it;
 * - the page stays responsive (its 100 ms timer keeps ticking) while a long CPU-fallback
 *   estimate runs in the worker, and the panel's Cancel stops it;
 * - the standalone bundle (panel/infogpu-panel.js) embeds in another page by itself.
 */
import type { Page } from '@playwright/test';
import { loadInNode } from './built-library.js';
import { RUN_TIMEOUT } from './demo-pages.js';
import { expect, requireAdapter, test } from './fixtures.js';
import { ESTIMATOR_TOLERANCE, KERNEL_TOLERANCE } from '../support/estimator-conformance.js';
import { FIRST_STREAM, gaussianCloud, SECOND_STREAM } from '../../demos/shared/synthetic-samples.js';

/** As demo-pages.ts: the page's and Node's V8 may differ in the last bits of exp/log. */
const CPU_RELATIVE_TOLERANCE = 1e-12;

async function openPanelPage(page: Page, webgpuExpected: boolean): Promise<void> {
  await page.goto(`demos/panel/${webgpuExpected ? '?backend=webgpu' : ''}`);
  if (webgpuExpected) await requireAdapter(page);
  await expect(page.locator('#mmd-panel .infogpu-panel-value')).toHaveText('–');
}

async function dataNumber(page: Page, selector: string, attribute = 'data-value'): Promise<number> {
  const raw = await page.locator(selector).getAttribute(attribute);
  expect(raw, `${selector} has no ${attribute}`).not.toBeNull();
  return Number(raw);
}

function expectClose(shown: number, expected: number, backend: string, gpuTolerance: number, what: string): void {
  const tolerance = backend === 'cpu' ? CPU_RELATIVE_TOLERANCE * Math.abs(expected) : gpuTolerance;
  expect(Math.abs(shown - expected), `${what} on ${backend}: shown ${shown}, library ${expected}`).toBeLessThanOrEqual(tolerance);
}

test('both panels show the library’s estimates, p-value and interval; update() adds a value', async ({ page, webgpuExpected }, testInfo) => {
  await openPanelPage(page, webgpuExpected);
  const [n, d, shift, seed] = [150, 2, 0.5, 1];
  await page.locator('#n').fill(String(n));
  await page.locator('#shift').fill(String(shift));
  await page.locator('#estimate').click();
  await expect(page.locator('#panel-page'), 'the panels did not finish').toHaveAttribute('data-outcome', 'done', { timeout: RUN_TIMEOUT });
  const backend = webgpuExpected ? 'webgpu' : 'cpu';
  await expect(page.locator('#mmd-panel')).toHaveAttribute('data-backend', backend);
  await expect(page.locator('#kl-panel')).toHaveAttribute('data-backend', backend);

  const x = gaussianCloud({ rows: n, cols: d, shift: 0, scale: 1, seed, stream: FIRST_STREAM });
  const y = gaussianCloud({ rows: n, cols: d, shift, scale: 1, seed, stream: SECOND_STREAM });
  const library = await loadInNode();
  const engine = await library.createEngine({ backend: 'cpu' });
  try {
    const mmd = await engine.mmd(x, y, { permutations: 49, seed: 1 });
    const kl = await engine.divergence(x, y, { measure: 'kl', k: 3, seed: 1, interval: { subsamples: 20 } });
    expectClose(await dataNumber(page, '#mmd-panel .infogpu-panel-value'), mmd.value, backend, KERNEL_TOLERANCE, 'MMD²');
    expect(await dataNumber(page, '#mmd-panel .infogpu-panel-detail'), 'MMD p-value (the same on both backends)').toBe(mmd.pValue);
    expectClose(await dataNumber(page, '#kl-panel .infogpu-panel-value'), kl.value, backend, ESTIMATOR_TOLERANCE, 'KL');
    // The interval's bounds are θ̂ − q/√n with q from √b(θ_s − θ̂), b < n: each moves by at most twice an estimate's error.
    expectClose(await dataNumber(page, '#kl-panel .infogpu-panel-detail', 'data-lower'), kl.interval!.lower, backend, 2 * ESTIMATOR_TOLERANCE, 'KL interval lower');
    expectClose(await dataNumber(page, '#kl-panel .infogpu-panel-detail', 'data-upper'), kl.interval!.upper, backend, 2 * ESTIMATOR_TOLERANCE, 'KL interval upper');
    await expect(page.locator('#kl-panel .infogpu-panel-detail')).toHaveText(/^95 % interval \[/);
    console.log(`panel (${backend}): MMD² ${mmd.value.toPrecision(4)} p = ${mmd.pValue}; KL ${kl.value.toPrecision(4)} [${kl.interval!.lower.toPrecision(3)}, ${kl.interval!.upper.toPrecision(3)}]`);
  } finally {
    engine.dispose();
  }
  await expect(page.locator('#mmd-panel canvas')).toHaveCount(2);
  await expect(page.locator('#kl-panel canvas')).toHaveCount(1);

  const announced = await page.evaluate(() => {
    const panel = document.getElementById('mmd-panel') as HTMLElement & { update(value: number, detail?: object): unknown };
    return new Promise<{ value: number; index: number; backend: unknown }>((resolve) => {
      panel.addEventListener('infogpu-reading', (event) => resolve((event as CustomEvent).detail), { once: true });
      panel.update(0.0123, { pValue: 0.5 });
    });
  });
  expect(announced).toEqual({ value: 0.0123, index: 1, backend: null, pValue: 0.5, interval: null, n: null, m: null, milliseconds: null });
  await expect(page.locator('#mmd-panel .infogpu-panel-value')).toHaveText('0.0123000');
  await expect(page.locator('#mmd-panel')).toHaveAttribute('data-readings', '2');
  const rejected = await page.evaluate(() => {
    try {
      (document.getElementById('mmd-panel') as HTMLElement & { update(value: number): unknown }).update(Number.NaN);
      return 'accepted';
    } catch (error) {
      return (error as Error).message;
    }
  });
  expect(rejected).toMatch(/update\(value\) needs a finite number/);
  await page.screenshot({ path: testInfo.outputPath('panel.png'), fullPage: true });
});

test('the page stays responsive during a long estimate, and Cancel stops it', async ({ page, webgpuExpected }) => {
  await openPanelPage(page, webgpuExpected);
  // Long enough to watch: n = 4,000 on the CPU fallback; 500 on SwiftShader.
  await page.locator('#n').fill(webgpuExpected ? '500' : '4000');
  await page.locator('#estimate').click();
  await expect(page.locator('#mmd-panel')).toHaveAttribute('data-state', 'running');
  await expect(page.locator('#mmd-panel .infogpu-panel-status')).toHaveText(/^(MMD² with 49 permutations|null distribution)/, { timeout: 60_000 });
  const before = Number(await page.locator('#ticks').textContent());
  await page.waitForTimeout(1_000);
  const after = Number(await page.locator('#ticks').textContent());
  // A 100 ms timer ticks ~10 times a second; a blocked main thread would not tick at all.
  expect(after - before, 'timer ticks in one second while the panel estimates').toBeGreaterThanOrEqual(5);
  await expect(page.locator('#mmd-panel')).toHaveAttribute('data-state', 'running');
  await page.locator('#mmd-panel button').click();
  await expect(page.locator('#mmd-panel')).toHaveAttribute('data-state', 'idle', { timeout: 5_000 });
  await expect(page.locator('#mmd-panel .infogpu-panel-status')).toHaveText('cancelled');
  await expect(page.locator('#panel-page')).toHaveAttribute('data-outcome', 'failed');
  await expect(page.locator('#status')).toHaveText('failed: cancelled');
});

test('the standalone bundle embeds in another page', async ({ page, webgpuExpected }) => {
  await page.goto('demos/');
  if (webgpuExpected) await requireAdapter(page);
  const [n, seed] = [100, 3];
  const x = gaussianCloud({ rows: n, cols: 2, shift: 0, scale: 1, seed, stream: FIRST_STREAM });
  const y = gaussianCloud({ rows: n, cols: 2, shift: 1, scale: 1, seed, stream: SECOND_STREAM });
  // Plain number[][] rows, as a dashboard would have them (the panel converts them).
  const rows = (m: typeof x) => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  const reading = await page.evaluate(
    async ({ x, y, backend, bundle }) => {
      await import(bundle);
      const panel = document.createElement('infogpu-panel') as HTMLElement & { setSamples(x: number[][], y: number[][]): Promise<{ value: number; backend: string }> };
      panel.setAttribute('measure', 'sinkhorn');
      panel.setAttribute('backend', backend);
      panel.id = 'embedded';
      document.body.append(panel);
      return panel.setSamples(x, y);
    },
    { x: rows(x), y: rows(y), backend: webgpuExpected ? 'webgpu' : 'auto', bundle: '/demos/panel/infogpu-panel.js' },
  );
  const backend = webgpuExpected ? 'webgpu' : 'cpu';
  expect(reading.backend).toBe(backend);
  const library = await loadInNode();
  const engine = await library.createEngine({ backend: 'cpu' });
  try {
    const expected = await engine.sinkhorn(x, y, { blur: 0.5 });
    expectClose(reading.value, expected.value, backend, ESTIMATOR_TOLERANCE, 'embedded Sinkhorn divergence');
    await expect(page.locator('#embedded .infogpu-panel-value')).toHaveText(reading.value.toPrecision(6));
  } finally {
    engine.dispose();
  }

  // Bad input: the call rejects with the library's message naming the argument; the panel shows it (no console error).
  const failure = await page.evaluate(async () => {
    const panel = document.getElementById('embedded') as HTMLElement & { setSamples(x: number[][], y: number[][]): Promise<unknown> };
    return panel.setSamples([[1, 2], [3]], [[1, 2]]).then(
      () => 'resolved',
      (error: Error) => `${error.name}: ${error.message}`,
    );
  });
  expect(failure).toMatch(/^InvalidInputError: x: row 1 has 1 columns but row 0 has 2/);
  await expect(page.locator('#embedded .infogpu-panel-status')).toHaveText(/^failed: x: row 1 has 1 columns/);
});
